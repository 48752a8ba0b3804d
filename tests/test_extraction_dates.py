"""The publication-date cascade: each source is read, the trustworthy one wins, the publisher's day is kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from crawler.dates import parse_date
from crawler.locate import locate_article
from crawler.published import _elements_after, _elements_before
from crawler.text import parse_document

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

BODY = "<p>" + "The article says a good deal about the matter at hand, at length. " * 8 + "</p>"


def published(head: str = "", body: str = BODY, *, url: str = "https://news.example/story", before: str = "") -> date | None:
    html = f"<html><head><title>A story</title>{head}</head><body>{before}<article><h1>A story</h1>{body}</article></body></html>"
    raw = locate_article(html, url, source="file").published_raw
    parsed = parse_date(raw) if raw else None
    return parsed.date if parsed else None


def test_json_ld_of_any_creative_work_type_is_read() -> None:
    script = '<script type="application/ld+json">{"@type": "ReportageNewsArticle", "datePublished": "2020-11-23"}</script>'
    assert published(script) == date(2020, 11, 23)


def test_meta_names_in_use_are_read() -> None:
    assert published('<meta name="date" content="2020-11-23">') == date(2020, 11, 23)
    assert published('<meta name="DC.date.issued" content="2019-02-01">') == date(2019, 2, 1)
    assert published('<meta name="article:published_time" content="2018-03-04T10:00:00+01:00">') == date(2018, 3, 4)


def test_a_date_only_in_an_abbr_title_is_read() -> None:
    byline = '<p class="byline"><abbr class="published" title="2017-06-07T10:00:00+02:00">last June</abbr></p>'
    assert published(body=byline + BODY) == date(2017, 6, 7)


def test_a_time_outside_the_article_does_not_date_it() -> None:
    sidebar = '<aside><time datetime="2024-01-01">New year</time></aside>'
    assert published(body='<time datetime="2021-05-06">May 6</time>' + BODY, before=sidebar) == date(2021, 5, 6)


def test_the_url_dates_a_page_that_states_nothing() -> None:
    assert published(url="https://blog.example/2012/05/31/a-story/") == date(2012, 5, 31)


def test_a_visible_byline_date_in_german_dates_a_page_without_machine_dates() -> None:
    assert published(body='<div class="entry-meta">Veröffentlicht am 23. November 2020</div>' + BODY) == date(2020, 11, 23)


def test_a_juche_date_by_the_title_wins_over_a_disagreeing_machine_date() -> None:
    byline = '<p class="date">Juche 110.10.10.</p>'
    assert published('<meta property="article:published_time" content="2021-10-12T08:00:00Z">', byline + BODY) == date(2021, 10, 10)


def test_a_utc_instant_keeps_the_publishers_day_when_another_source_gives_its_offset() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-11-19T02:34:30Z"}</script>'
        '<meta property="article:published_time" content="2019-11-18T21:34:30-05:00">'
    )
    assert published(head) == date(2019, 11, 18)


def test_a_utc_instant_is_read_in_the_zone_of_a_one_zone_country() -> None:
    html = (
        '<html lang="de-DE"><head><meta property="article:published_time" content="2018-12-31T23:11:59+00:00"></head>'
        f"<body><article><h1>Ins neue Jahr</h1>{BODY}</article></body></html>"
    )
    raw = locate_article(html, "https://blog.example/neujahr", source="file").published_raw
    assert parse_date(raw).date == date(2019, 1, 1)  # type: ignore[union-attr]


def test_a_placeholder_date_is_no_date() -> None:
    script = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>'
    assert published(script, url="https://news.example/2019/11/19/story") == date(2019, 11, 19)


def test_a_utc_instant_keeps_the_publishers_day_that_a_script_shows_at_its_offset() -> None:
    head = (
        '<meta property="article:published_time" content="2023-11-09T05:30:59+00:00">'
        "<script>analytics.push({publishHour: '2023-11-08T23:30:59-06:00'});</script>"
    )
    assert published(head) == date(2023, 11, 8)


def test_a_utc_instant_keeps_the_publishers_next_day_that_a_script_shows_ahead_of_utc() -> None:
    head = (
        '<meta property="article:published_time" content="2023-11-09T20:30:59+00:00">'
        "<script>var other = '2023-11-11T05:30:59+09:00'; analytics.push({publishHour: '2023-11-10T05:30:59+09:00'});</script>"
    )
    assert published(head) == date(2023, 11, 10)


def test_a_utc_instant_keeps_the_publishers_day_that_a_local_clock_without_offset_shows() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-11-19T04:58:46Z"}</script>'
        '<meta name="sailthru.date" content="2019-11-18 20:58:46">'
    )
    assert published(head) == date(2019, 11, 18)


def test_a_utc_instant_takes_the_offset_the_page_states_for_its_update() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "Tue Nov 19 2019 03:05:46 GMT+0000",'
        ' "dateModified": "Tue Nov 19 2019 03:15:39 GMT+0000"}</script>'
        '<meta property="og:updated_time" content="2019-11-18T22:15:39-05:00">'
    )
    assert published(head) == date(2019, 11, 18)


def test_an_update_date_stated_as_published_yields_to_the_articles_earlier_publication() -> None:
    head = (
        '<meta property="article:published_time" content="2020-02-19T18:37:32+01:00">'
        '<meta property="article:modified_time" content="2020-02-19T18:37:32+01:00">'
    )
    body = '<meta itemprop="datePublished" content="2020-02-18T18:12:26+01:00">' + BODY
    assert published(head, body) == date(2020, 2, 18)


def test_a_page_never_updated_keeps_its_publication_date_over_its_related_posts() -> None:
    head = (
        '<meta property="article:published_time" content="2022-05-04T00:01:53-05:00">'
        '<meta property="article:modified_time" content="2022-05-04T00:01:53-05:00">'
    )
    related = '<aside><article><time class="entry-date published" datetime="2022-04-30T10:01:04-05:00">Apr 30</time></article></aside>'
    assert published(head, before=related) == date(2022, 5, 4)


def test_htmldate_does_not_date_a_page_by_its_sidebar_or_its_neighbours() -> None:
    head = '<link rel="next" href="https://blog.example/2014/05/19/next-post/">'
    sidebar = '<div class="sidebar"><a href="https://blog.example/2007/08/01/old-post/">An old post</a> 1. August 2007</div>'
    assert published(head, before=sidebar, url="https://blog.example/a-story/") is None


def test_the_title_is_the_heading_that_agrees_with_the_page_not_a_related_posts() -> None:
    html = (
        "<html><head><title>The real story | Blog</title><meta name='generator' content='WordPress 6.4'></head><body>"
        '<h1 class="entry-title">The real story</h1><p class="meta"><span class="published">7. Jun 2017</span></p>'
        f"<div class='entry-content'>{BODY}</div>"
        '<div class="more"><article><h2 class="entry-title">Another story</h2><span class="published">Jan 7 2019</span></article></div>'
        "</body></html>"
    )
    article = locate_article(html, "https://blog.example/the-real-story/", source="file")
    assert article.title == "The real story"
    assert parse_date(article.published_raw).date == date(2017, 6, 7)  # type: ignore[union-attr]


def test_the_byline_search_reads_the_elements_nearest_the_title_in_page_order() -> None:
    """The walks around the title give what XPath's following and preceding axes give, at every
    element of a real theme's page (nested, with siblings, and markup left after </html>)."""
    after = etree.XPath("(descendant::* | following::*)[position() <= 40]")
    before = etree.XPath("(ancestor::* | preceding::*)[position() > last() - 10]")
    html = (CORPUS / "astra-core-form.html").read_text(encoding="utf-8")
    root = parse_document(html + "<p>left after the page</p>")
    elements = [element for top in (root, *root.itersiblings()) for element in top.iter(etree.Element)]
    assert len(elements) > len(list(root.iter(etree.Element)))  # the markup after </html> stands beside the root
    for element in elements:
        assert _elements_after(element, 40) == after(element)
        assert _elements_before(element, 10) == before(element)
