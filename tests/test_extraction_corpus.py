"""The extraction corpus: every saved page and text dump comes out as exactly its article, and nothing else.

Each `tests/fixtures/corpus/NAME.html|txt` is a page written for sinmun in the markup of a real
theme family (core themes, Astra, GeneratePress, Hueman, WordPress.com with the highlander and
2024 comment forms, block themes) or a text dump of one; `NAME.expected.json` holds its title,
terms, dateline and paragraphs, or the reason it must be rejected. The path under test is the
product's: `locate_article` / `locate_text_dump`, then the BoilerplatePipeline and validation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.items import Article
from crawler.locate import locate_article, locate_text_dump
from pipelines.rejects import Rejected
from pipelines.stages import BoilerplatePipeline, ValidatePipeline
from crawler.text import html_to_text
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "corpus"
PAGES = sorted(path for path in CORPUS.iterdir() if path.suffix in (".html", ".txt"))

#: Strings of the blocks the issue names, and of the corpus's own furniture (related and
#: navigation titles, commenters, widgets): none may survive in a body.
BOILERPLATE_STRINGS = (
    "Leave a Reply",
    "Cancel reply",
    "Your email address will not be published",
    "Required fields are marked",
    "Save my name, email, and website",
    "Post Comment",
    "Akismet",
    "Δ",
    "Fill in your details below",
    "You are commenting using your",
    "Log Out",
    "Google photo",
    "Twitter picture",
    "Facebook photo",
    "Connecting to %s",
    "Notify me of new comments",
    "Leave a comment",
    "Write a comment...",
    "Log in or provide your name and email",
    "Post navigation",
    "Previous Post",
    "Next Post",
    "Share this:",
    "Like this:",
    "Like Loading...",
    "bloggers like this",
    "Advertisement",
    "Report this ad",
    "Privacy & Cookies",
    "Cookie Policy",
    "Blog at WordPress.com",
    "Subscribe Subscribed",
    "Reblog",
    "Report this content",
    "Categories:",
    "Categorized as",
    "Posted in",
    "Tagged",
    "Tags:",
    "-0-",
    "thoughts on",
    "Builders Complete Housing District",
    "Delegation Leaves for Visit",
    "Pak Chol",
    "reader1956",
    "Recent Posts",
    "powered by",
)


def expected_for(page: Path) -> dict[str, Any]:
    return json.loads(page.with_name(f"{page.stem}.expected.json").read_text(encoding="utf-8"))


def located(page: Path) -> Article:
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".txt":
        return locate_text_dump(text, page.as_uri())
    return locate_article(text, page.as_uri(), source="file")


def processed(page: Path) -> Article | Rejected:
    """The article after the boilerplate and validation stages, or their rejection."""
    article = BoilerplatePipeline().process_item(located(page))
    try:
        return ValidatePipeline().process_item(article)
    except Rejected as rejection:
        return rejection


ARTICLES = [page for page in PAGES if "rejected" not in expected_for(page)]
REJECTED = [page for page in PAGES if "rejected" in expected_for(page)]


def test_corpus_holds_at_least_forty_pages_of_both_kinds():
    assert len(PAGES) >= 40
    assert {page.suffix for page in PAGES} == {".html", ".txt"}


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_every_article_paragraph_is_kept_in_order(page):
    body_paragraphs = processed(page).body.split("\n\n")
    position = 0
    for paragraph in expected_for(page)["paragraphs"]:
        assert paragraph in body_paragraphs[position:], f"missing or out of order: {paragraph!r}"
        position = body_paragraphs.index(paragraph, position) + 1


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_body_is_exactly_the_article(page):
    assert processed(page).body == "\n\n".join(expected_for(page)["paragraphs"])


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_no_boilerplate_string_is_left_in_body_or_body_html(page):
    article = processed(page)
    cleaned_html_text = html_to_text(article.body_html or "")
    for boilerplate in BOILERPLATE_STRINGS:
        assert boilerplate not in article.body
        assert boilerplate not in cleaned_html_text


@pytest.mark.parametrize("page", ARTICLES, ids=lambda page: page.name)
def test_title_terms_and_dateline_are_fields(page):
    article, expected = processed(page), expected_for(page)
    assert (article.title, article.categories, article.tags, article.dateline) == (
        expected["title"],
        expected["categories"],
        expected["tags"],
        expected["dateline"],
    )


@pytest.mark.parametrize("page", [page for page in ARTICLES if page.suffix == ".html"], ids=lambda page: page.name)
def test_cleaned_html_reads_as_the_body(page):
    article = processed(page)
    assert html_to_text(article.body_html) == article.body


@pytest.mark.parametrize("page", REJECTED, ids=lambda page: page.name)
def test_bad_or_all_boilerplate_pages_are_rejected_with_their_reason(page):
    outcome = processed(page)
    assert isinstance(outcome, Rejected), f"kept as an article: {outcome.body!r}"
    assert outcome.code == expected_for(page)["rejected"]
