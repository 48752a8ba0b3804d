"""Plugin boxes inside a WordPress container (read without the extractor) are furniture: ratings, share
bars, picture credits, print buttons, donation appeals, tables of contents, affiliate disclaimers."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.locate import locate_article
from pipelines.boilerplate import clean_article

PAGE = Path(__file__).parent / "fixtures" / "wordpress-pages" / "plugin-boxes.html"
PARAGRAPHS = (
    "A small yard behind a row of flats",
    "Meadow flowers grow best in poor soil",
    "A mixture of native annuals and perennials",
    "The meadow is cut once, in late September",
)


@pytest.fixture(scope="module")
def body() -> str:
    article = locate_article(PAGE.read_text(encoding="utf-8"), "https://garden.example/2024/05/bee-meadow/", source="file")
    assert article.site_family == "wordpress"
    return clean_article(article).body or ""


@pytest.mark.parametrize(
    "box",
    [
        "Table of contents",
        "affiliate links",
        "Photo: Lena Moss",
        "Print this guide",
        "No ratings yet",
        "Pass it on",
        "small monthly gift",
        "products from partners",
    ],
)
def test_a_plugin_box_inside_the_container_is_left_out(body: str, box: str) -> None:
    assert box not in body


def test_every_article_paragraph_and_heading_is_kept_in_order(body: str) -> None:
    positions = [body.index(paragraph) for paragraph in PARAGRAPHS]
    assert positions == sorted(positions)
    assert body.count("Preparing the soil") == 1 and body.count("Choosing the seeds") == 1
