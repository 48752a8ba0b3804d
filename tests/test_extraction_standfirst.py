"""A generic page's standfirst: the lead the extractor leaves out is the article's first paragraph;
the title's own block and the picture between them are not article text."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.locate import locate_article
from pipelines.boilerplate import clean_article

PAGE = Path(__file__).parent / "fixtures" / "generic" / "standfirst.html"
LEAD = "Fishermen who sold their catch from the backs of vans for twenty years"


@pytest.fixture(scope="module")
def body() -> str:
    article = locate_article(PAGE.read_text(encoding="utf-8"), "https://coast.example/news/fish-market", source="file")
    assert article.site_family == "generic"
    return clean_article(article).body or ""


def test_the_lead_the_extractor_drops_opens_the_body(body: str) -> None:
    assert body.startswith(LEAD)
    assert body.count(LEAD) == 1


def test_the_article_paragraphs_follow_the_lead_in_order(body: str) -> None:
    assert body.index("The market opened at six") < body.index("The council expects the market") and body.endswith("in August.")


def test_the_dek_in_the_title_block_is_left_out(body: str) -> None:
    assert "A hall of glass and timber" not in body


def test_a_picture_caption_and_the_byline_between_title_and_lead_are_left_out(body: str) -> None:
    assert "seen from the quay" not in body and "Mara Quist" not in body
