"""Text and page logic under hostile or merely odd input: linear time, no undocumented exception, no silent loss.

Each test is one case found by fuzzing (see tests/test_fuzz_*.py), written against the public
functions so it holds whatever the modules inside become.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.locate import locate_article, locate_text_dump
from crawler.sites import GENERIC, WORDPRESS
from pipelines.boilerplate import clean_body, parse_meta_line
from pipelines.rejects import Rejected
from pipelines.stages import BoilerplatePipeline, ValidatePipeline
from crawler.text import UnparseableHTML, html_to_text, parse_fragment, word_count
from tests.conftest import FIXTURES

MEGABYTE = 1_000_000
#: Generous for a loaded 2-core machine: every case below took minutes before its fix.
LINEAR_SECONDS = 2.0
PROSE = "The delegation was welcomed at the airport by officials of the ministry."
CONTROL_CHARACTERS = [chr(code) for code in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))] + ["\ufffe", "\uffff"]


def seconds(function: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def page(body_html: str, head: str = "") -> str:
    return f"<html><head><title>A Title</title>{head}</head><body><article><div class=\"entry-content\">{body_html}</div></article></body></html>"


# --- time: every text function is linear in its input -------------------------------------------


def test_a_megabyte_contact_line_is_judged_in_linear_time():
    line = "contact x at " + "a@" * (MEGABYTE // 2) + " " + "b" * 200
    assert seconds(clean_body, f"{PROSE}\n\n{line}", None, GENERIC) < LINEAR_SECONDS


def test_a_megabyte_contact_segment_after_an_article_is_judged_in_linear_time():
    line = "Posted in A | contact x at " + "a@" * (MEGABYTE // 2) + " " + "b" * 200
    assert seconds(clean_body, None, f"<p>{PROSE}</p><p>{line}</p>", WORDPRESS) < LINEAR_SECONDS


def test_a_contact_line_is_still_dropped():
    cleaned = clean_body(f"{PROSE}\n\nContact the desk at desk@example.org for more.", None, GENERIC)
    assert cleaned.body == PROSE


def test_a_megabyte_entry_meta_line_is_read_in_linear_time():
    line = "Posted in a" + " and tagged a" * (MEGABYTE // 13)
    started = time.perf_counter()
    assert parse_meta_line(line) is None
    assert time.perf_counter() - started < LINEAR_SECONDS


def test_entry_meta_still_splits_categories_from_tags():
    assert parse_meta_line("This entry was posted in Ideology, Narrated and tagged WPK. Bookmark the permalink.") == {
        "categories": ["Ideology", "Narrated"],
        "tags": ["WPK"],
    }


def test_an_end_mark_after_a_megabyte_of_spaces_is_cut_in_linear_time():
    html = f"<p>{PROSE}</p><p>" + " " * MEGABYTE + "The end of the report. -0-</p>"
    started = time.perf_counter()
    cleaned = clean_body(None, html, WORDPRESS)
    assert time.perf_counter() - started < LINEAR_SECONDS
    assert cleaned.body == f"{PROSE}\n\nThe end of the report."


def test_a_megabyte_json_ld_graph_is_walked_in_linear_time():
    graph = json.dumps({"@graph": [0] * (MEGABYTE // 2)})
    html = page(f"<p>{PROSE}</p>", f'<script type="application/ld+json">{graph}</script>')
    locate_article(page(f"<p>{PROSE}</p>"), "https://example.org/a/", source="file")  # the extractor's one-off set-up
    assert seconds(locate_article, html, "https://example.org/a/", source="file") < LINEAR_SECONDS


def test_a_megabyte_of_nested_inline_markup_is_cleaned_in_linear_time():
    depth = 2000  # within the parser's limit: deeper is rejected (below)
    html = f"<p>{PROSE}</p><p>" + "<span>Word " * depth + "end." + "</span>" * depth + "</p>"
    started = time.perf_counter()
    cleaned = clean_body(None, html, WORDPRESS)
    assert time.perf_counter() - started < LINEAR_SECONDS
    assert cleaned.body.endswith("Word end.")


# --- crashes: odd characters and document structure ---------------------------------------------


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=lambda character: f"U+{ord(character):04X}")
def test_a_control_character_where_cleaning_edits_is_a_space(character):
    cleaned = clean_body(None, f"<p>{PROSE}{character} More text.</p><p>Share this:</p>{character}", WORDPRESS)
    assert cleaned.body == f"{PROSE} More text."
    assert character not in cleaned.body_html


def test_the_minimal_control_character_case_is_no_crash():
    assert clean_body(None, "<p>Share this:</p>\x1f", WORDPRESS).body is None


END_MARK_PAGES = [path for path in sorted((FIXTURES / "corpus").glob("*.html")) if "-0-</p>" in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", END_MARK_PAGES, ids=lambda path: path.name)
def test_a_vertical_tab_after_an_end_mark_changes_nothing(path):
    html = path.read_text(encoding="utf-8")
    with_tab = html.replace("-0-</p>", "-0-</p>\x0b", 1)
    clean, with_tab_clean = (
        BoilerplatePipeline().process_item(locate_article(text, "https://example.org/a/", source="file")) for text in (html, with_tab)
    )
    assert (with_tab_clean.body, with_tab_clean.title) == (clean.body, clean.title)


STRUCTURE_CASES = [
    "<html>",
    "<html><head><title>x</title></head>",
    "<p>First body.</p></body><body><p>Second body.</p><body>Third body.</body>",
    "<html><frameset><p>After the frames.</p>",
    "<iframe><body><iframe></iframe></body><BODY>",
]


@pytest.mark.parametrize("html", STRUCTURE_CASES)
def test_document_structure_inside_a_fragment_is_no_crash(html):
    assert parse_fragment(html) is not None
    html_to_text(html)
    clean_body(None, html, WORDPRESS)


def test_text_in_every_body_of_a_fragment_is_kept():
    assert html_to_text(STRUCTURE_CASES[2]) == "First body.\n\nSecond body.\n\nThird body."


def test_text_after_a_frameset_is_kept():
    assert html_to_text(STRUCTURE_CASES[3]) == "After the frames."


def test_text_after_a_stray_end_of_document_is_kept():
    assert html_to_text("<p>Before the end.</p></body></html><p>After the end.</p>") == "Before the end.\n\nAfter the end."


@pytest.mark.parametrize("href", ["https://[oops/", "http://example.org:99999/"])
def test_a_canonical_url_that_is_no_url_falls_back_to_the_fetched_url(href):
    for head in (f'<link rel="canonical" href="{href}">', f'<meta property="og:url" content="{href}">'):
        article = locate_article(page(f"<p>{PROSE}</p>", head), "https://example.org/a/", source="file")
        assert (article.url, article.site) == ("https://example.org/a/", "example.org")


def test_a_page_with_a_lone_surrogate_is_located_with_its_text():
    article = locate_article(page(f"<p>First paragraph has a lone surrogate [\ud83d] here.</p><p>{PROSE}</p>"), "https://example.org/a/", source="file")
    cleaned = BoilerplatePipeline().process_item(article)
    assert cleaned.body == f"First paragraph has a lone surrogate [\ufffd] here.\n\n{PROSE}"
    cleaned.body.encode("utf-8")


# --- JSON-LD -----------------------------------------------------------------------------------


def json_ld_article(json_ld: str) -> Any:
    head = f'<script type="application/ld+json">{json_ld}</script>'
    html = f"<html><head>{head}</head><body><main><p>{PROSE}</p></main></body></html>"
    return locate_article(html, "https://example.org/a/", source="file")


@pytest.mark.parametrize(
    "json_ld",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"@type": {"name": "NewsArticle"}, "headline": "H"}',
        '[[{"@type": ["NewsArticle"], "headline": "H"}]]',
        '{"@type": [["NewsArticle"]], "headline": "H"}',
        '{"@graph": null}',
        '{"@graph": 5}',
        '{"@graph": {"@type": "NewsArticle", "headline": 7}}',
        '{"@type": "NewsArticle", "headline": 7, "datePublished": 20230714, "dateModified": {"a": 1}}',
        '{"@type": "NewsArticle", "headline": ["H"], "datePublished": ["2023-07-14"], "author": [1, {"name": 2}]}',
    ],
)
def test_json_ld_of_any_shape_is_no_crash_and_gives_only_text(json_ld):
    article = json_ld_article(json_ld)
    assert article.title is None or isinstance(article.title, str)
    assert article.published_raw is None and article.modified_raw is None
    assert all(isinstance(name, str) for name in article.authors)


def test_json_ld_in_a_graph_object_is_read():
    article = json_ld_article('{"@graph": {"@type": "NewsArticle", "headline": "Graph Headline", "datePublished": "2023-07-14"}}')
    assert (article.title, article.published_raw) == ("Graph Headline", "2023-07-14")


# --- silent loss: depth ------------------------------------------------------------------------


def test_text_below_254_nested_elements_is_kept():
    html = "<div>" * 254 + "<p>Deep text.</p>" + "</div>" * 254 + "<p>After text.</p>"
    assert clean_body(None, html, WORDPRESS).body == "Deep text.\n\nAfter text."


def test_paragraphs_that_never_close_their_markup_are_all_kept():
    html = "".join(f"<p>Paragraph {number} of the report.<div><span>" for number in range(300))
    body = clean_body(None, html, WORDPRESS).body
    assert body.count("of the report.") == 300


def test_a_page_nested_too_deep_to_parse_is_rejected_with_its_reason():
    html = page(f"<p>{PROSE}</p>" + "<div>" * 10_000 + "<p>Deep text.</p>" + "</div>" * 10_000)
    article = locate_article(html, "https://example.org/a/", source="file")
    with pytest.raises(Rejected) as rejected:
        BoilerplatePipeline().process_item(article)
    assert rejected.value.code == "unparseable-html"
    assert "depth" in rejected.value.detail


def test_a_fragment_nested_too_deep_to_parse_raises_the_documented_error():
    with pytest.raises(UnparseableHTML):
        html_to_text("<div>" * 10_000 + "text")


def test_a_rest_body_nested_too_deep_to_parse_is_rejected_with_its_reason():
    article = json_ld_article("{}")
    article.body_html = "<span>" * 10_000 + PROSE
    with pytest.raises(Rejected) as rejected:
        BoilerplatePipeline().process_item(article)
    assert rejected.value.code == "unparseable-html"


# --- silent loss: surrogates, end marks, text dumps, list fields --------------------------------


def test_text_after_a_lone_surrogate_is_kept():
    cleaned = clean_body(None, f"<p>First paragraph has a lone surrogate [\ud83d] here.</p><p>{PROSE}</p>", WORDPRESS)
    assert cleaned.body == f"First paragraph has a lone surrogate [\ufffd] here.\n\n{PROSE}"


def test_a_lone_surrogate_in_a_text_body_is_replaced():
    assert clean_body(f"{PROSE} [\udc00] And more.", None, GENERIC).body == f"{PROSE} [\ufffd] And more."


@pytest.mark.parametrize("body_html", [None, "html"])
def test_a_doubled_end_mark_is_cut_whole(body_html):
    text = f"{PROSE} Glory to the citizens.-0--0-"
    cleaned = clean_body(text if body_html is None else None, f"<p>{text}</p>" if body_html else None, WORDPRESS)
    assert cleaned.body == f"{PROSE} Glory to the citizens."
    assert "-0-" not in (cleaned.body_html or "")


@pytest.mark.parametrize("separator", ["\x0c", "\x85", "\u2028", "\x1c"])
def test_a_text_dump_title_is_its_whole_first_line(separator):
    article = locate_text_dump(f"Precious{separator}Guideline\n{PROSE}", "file:///dump.txt")
    assert article.title == "Precious Guideline"
    assert article.body == PROSE


def test_a_string_where_a_list_of_names_belongs_is_one_name():
    article = json_ld_article("{}")
    article.tags, article.categories = "abc", "Ideology"
    cleaned = BoilerplatePipeline().process_item(article)
    assert (cleaned.tags, cleaned.categories) == (["abc"], ["Ideology"])


def test_a_lone_surrogate_in_a_title_is_replaced_and_the_article_kept():
    article = json_ld_article("{}")
    article.title = "Title \ud83d"
    kept = ValidatePipeline().process_item(BoilerplatePipeline().process_item(article))
    assert kept.title == "Title \ufffd"


@pytest.mark.parametrize(
    "text", ["", "Kim Il Sung's works, vol. 2_b", "don't -- stop—now", "naïve café 한국 word", "a\u00a0b\tc\nd", "x\ud800y", "①²٣ x"]
)
def test_word_count_counts_what_the_word_expression_finds(text: str) -> None:
    assert word_count(text) == len(re.findall(r"\w+", text))


#: Typographic marks (turned into spaces before encoding), Latin-1 letters and signs (the byte table),
#: and characters beyond Latin-1 (the encoder's handler), beside ASCII words and separators.
_WORD_COUNT_ALPHABET = st.sampled_from(list("ab9_ -.’‘“”„‚–—…üßéÜ\u00a0\u00b7²한①٣αο\ud800"))


@settings(max_examples=2000, deadline=None)
@given(st.text(_WORD_COUNT_ALPHABET, max_size=24) | st.text(max_size=24))
def test_word_count_is_the_word_expression_on_any_text(text: str) -> None:
    assert word_count(text) == len(re.findall(r"\w+", text))
