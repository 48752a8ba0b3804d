"""A family container read without the extractor: the standfirst a theme puts between the title and
the container is the article's first paragraph; the title's own block, the meta line and the picture
between them are not article text."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.locate import locate_article
from pipelines.boilerplate import clean_article

PAGE = Path(__file__).parent / "fixtures" / "wordpress-pages" / "lead-before-container.html"
URL = "https://hillpost.example/2024/05/04/valley-railway/"
LEAD = "After fifty-eight years without a train, the line from the market town"


def _body(html: str) -> str:
    article = locate_article(html, URL, source="file")
    assert article.site_family == "wordpress"
    return clean_article(article).body or ""


@pytest.fixture(scope="module")
def html() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_lead_before_the_container_opens_the_body(html: str) -> None:
    body = _body(html)
    assert body.startswith(LEAD) and body.count(LEAD) == 1
    assert body.index("The trust that owns the line") < body.index("Trains will run at weekends")


def test_the_subtitle_meta_line_and_caption_before_the_container_are_left_out(html: str) -> None:
    body = _body(html)
    assert "relaid by volunteers" not in body and "Posted on" not in body and "river bridge" not in body


def test_a_lead_the_container_repeats_is_read_once(html: str) -> None:
    lead = html[html.index('<div class="post-intro">') + len('<div class="post-intro">') : html.index("</div>", html.index("post-intro"))]
    repeated = html.replace('<div class="entry-content">\n', f'<div class="entry-content">\n{lead}\n')
    body = _body(repeated)
    assert body.startswith(LEAD) and body.count(LEAD) == 1
