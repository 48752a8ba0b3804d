"""The publication-date cascade: each source is read, the trustworthy one wins, the publisher's day is kept."""

from __future__ import annotations

from datetime import date

from crawler.locate import locate_article
from crawler.dates import parse_date

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
