"""The crawl's scope and the cheap tests surfaces make with it: dates, categories, dated URLs, feeds, sitemaps."""

from __future__ import annotations

import gzip
from datetime import date, datetime, timezone

import pytest
from scrapy.http import Response, XmlResponse
from scrapy.utils.test import get_crawler

from crawler import wordpress_api as api
from crawler.discovery.feed import feed_entries
from crawler.discovery.scope import Bounds, CrawlScope, category_matches, dated_span, slugify
from crawler.discovery.sitemap import declares_entities, sitemap_body
from crawler.items import Article
from pipelines.rejects import Skipped
from pipelines.scope import ScopePipeline

YEAR_2021 = Bounds.of_days(date(2021, 1, 1), date(2021, 12, 31))


def test_bounds_include_both_end_days():
    assert not YEAR_2021.excludes_days(date(2021, 1, 1))
    assert not YEAR_2021.excludes_days(date(2021, 12, 31))
    assert YEAR_2021.excludes_days(date(2020, 12, 31)) and YEAR_2021.excludes_days(date(2022, 1, 1))


def test_a_span_is_excluded_only_when_wholly_outside():
    assert not YEAR_2021.excludes_days(date(2020, 12, 1), date(2021, 1, 1))
    assert YEAR_2021.excludes_days(date(2020, 12, 1), date(2020, 12, 31))


def test_open_bounds_exclude_nothing_on_their_open_side():
    since = Bounds.of_days(date(2021, 1, 1), None)
    assert not since.excludes_days(date(2999, 1, 1)) and since.excludes_days(date(2020, 12, 31))
    assert not Bounds().excludes_days(date(1900, 1, 1)) and not Bounds()


def test_an_instant_is_excluded_only_when_no_time_zone_puts_it_in_range():
    # 2020-12-31 15:30 UTC is already 2021-01-01 in Pyongyang: it may be in range.
    assert not YEAR_2021.excludes_instant(datetime(2020, 12, 31, 15, 30, tzinfo=timezone.utc))
    assert YEAR_2021.excludes_instant(datetime(2020, 12, 30, 0, 0, tzinfo=timezone.utc))
    assert YEAR_2021.excludes_instant(datetime(2022, 1, 2, 12, 0, tzinfo=timezone.utc))


def test_months_of_a_range_end_today_when_it_is_open():
    assert Bounds.of_days(date(2021, 11, 20), date(2022, 2, 1)).months(today=date(2030, 1, 1)) == [(2021, 11), (2021, 12), (2022, 1), (2022, 2)]
    assert Bounds.of_days(date(2024, 12, 5), None).months(today=date(2025, 1, 3)) == [(2024, 12), (2025, 1)]


@pytest.mark.parametrize(
    ("url", "span"),
    [
        ("https://example.org/2021/10/10/anniversary/", (date(2021, 10, 10), date(2021, 10, 10))),
        ("https://example.org/2024/02/anniversary/", (date(2024, 2, 1), date(2024, 2, 29))),
        ("https://example.org/blog/2021/12/31/x/", (date(2021, 12, 31), date(2021, 12, 31))),
        ("https://example.org/?p=12", None),
        ("https://example.org/products/1234/56/", None),
        ("https://example.org/2021/02/30/x/", None),
    ],
)
def test_dated_permalinks_give_their_publication_days(url, span):
    assert dated_span(url) == span


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Science & Technology", "science-technology"), ("Korean Peninsula", "korean-peninsula"), ("Économie", "economie"), ("조선", "조선")],
)
def test_slugs_are_derived_as_wordpress_derives_them(name, slug):
    assert slugify(name) == slug


def test_categories_match_by_name_or_slug_in_any_case():
    assert category_matches(["korean peninsula"], "Korean Peninsula")
    assert category_matches(["KOREAN-PENINSULA"], "Korean Peninsula")
    assert category_matches(["Science & Technology"], "Science &amp; Technology", "science-technology")
    assert category_matches(["dprk"], "Korea", "dprk")
    assert not category_matches(["Korea"], "Korean Peninsula")


def test_percent_encoded_slugs_match_their_words():
    assert category_matches(["조선"], "Korea", "%ec%a1%b0%ec%84%a0")


def test_scope_travels_through_settings_unchanged():
    scope = CrawlScope(published=YEAR_2021, modified=Bounds(not_before=datetime(2021, 5, 1, 9, 30)), categories=("Economy", "korean-peninsula"))
    assert CrawlScope.from_settings(scope.to_settings()) == scope
    assert CrawlScope.from_settings({}) == CrawlScope()


def test_scope_settings_with_bad_values_are_clear_errors():
    with pytest.raises(ValueError, match="SINMUN_SINCE='2021-13-01' is not a date"):
        CrawlScope.from_settings({"SINMUN_SINCE": "2021-13-01"})
    with pytest.raises(ValueError, match="is after SINMUN_UNTIL=2020-01-01"):
        CrawlScope.from_settings({"SINMUN_SINCE": "2021-01-01", "SINMUN_UNTIL": "2020-01-01"})


def test_rest_date_filters_are_one_second_outside_the_inclusive_days():
    modified = Bounds(not_before=datetime(2021, 5, 1, 9, 30))
    assert api.date_filters(YEAR_2021, modified) == {
        "after": "2020-12-31T23:59:59",
        "before": "2022-01-01T00:00:00",
        "modified_after": "2021-05-01T09:29:59",
    }
    assert api.date_filters(Bounds(), Bounds()) == {}


def test_term_lookup_searches_names_as_wordpress_stores_them():
    url = api.term_lookup_url("https://example.org/wp-json/", "wp/v2/categories", "Science & Technology")
    assert url == "https://example.org/wp-json/wp/v2/categories?search=Science+%26amp%3B+Technology&per_page=100"


RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title>A</title><link>https://example.org/?p=2</link><pubDate>Fri, 20 Jun 2025 21:25:00 +0000</pubDate>
<category><![CDATA[Editorials]]></category><category><![CDATA[youth]]></category></item>
<item><title>B</title><link> https://example.org/?p=1 </link><dc:date>2025-06-01T08:00:00+09:00</dc:date></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="replies" href="https://example.org/a/#comments"/><link rel="alternate" href="https://example.org/a/"/>
<published>2025-06-20T21:25:00Z</published><category term="Economy"/></entry></feed>"""


def test_rss_entries_have_links_dates_and_categories():
    first, second = feed_entries(RSS)
    assert first.link == "https://example.org/?p=2" and first.categories == ("Editorials", "youth")
    assert first.published == datetime(2025, 6, 20, 21, 25, tzinfo=timezone.utc)
    assert second.link == "https://example.org/?p=1" and second.published.isoformat() == "2025-06-01T08:00:00+09:00"


def test_atom_entries_use_the_alternate_link():
    (entry,) = feed_entries(ATOM)
    assert entry.link == "https://example.org/a/" and entry.categories == ("Economy",)


def test_an_html_page_is_not_a_feed():
    assert feed_entries(b"<html><body><p>Home</p></body></html>") is None


ENTITY_BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/&lol2;</loc></url></urlset>"""


def test_documents_declaring_entities_are_refused():
    assert declares_entities(ENTITY_BOMB)
    assert feed_entries(ENTITY_BOMB.replace(b"urlset", b"rss")) is None
    body, problem = sitemap_body(XmlResponse("https://example.org/sitemap.xml", body=ENTITY_BOMB), 10_000)
    assert body is None and problem == "declares XML entities (refused)"


def test_entities_inside_content_are_not_declarations():
    assert not declares_entities(RSS.replace(b"<title>A</title>", b"<title><![CDATA[About <!ENTITY x>]]></title>"))


def test_gzipped_sitemaps_are_read_up_to_the_size_limit():
    xml = b'<?xml version="1.0"?><urlset>' + b"<url><loc>https://example.org/x/</loc></url>" * 1000 + b"</urlset>"
    response = Response("https://example.org/sitemap.xml.gz", body=gzip.compress(xml))
    assert sitemap_body(response, len(xml)) == (xml, "")
    body, problem = sitemap_body(response, len(xml) - 1)
    assert body is None and "larger than" in problem and "SINMUN_SITEMAP_MAXSIZE" in problem


def test_a_page_that_is_not_xml_is_not_a_sitemap():
    assert sitemap_body(Response("https://example.org/sitemap", body=b"<html></html>"), 10_000) == (None, "is not a sitemap")


# --- the exact filter after extraction -----------------------------------------------------------


def scope_pipeline(**settings):
    return ScopePipeline.from_crawler(get_crawler(settings_dict=settings))


def article(**fields):
    return Article(url="https://example.org/a/", **fields)


def test_articles_outside_the_range_are_skipped_as_out_of_range():
    pipeline = scope_pipeline(SINMUN_SINCE="2021-01-01", SINMUN_UNTIL="2021-12-31")
    assert pipeline.process_item(article(published=date(2021, 12, 31))).published == date(2021, 12, 31)
    with pytest.raises(Skipped) as skipped:
        pipeline.process_item(article(published=date(2022, 1, 1)))
    assert skipped.value.code == "out-of-range" and "published 2022-01-01" in skipped.value.detail


def test_an_undated_article_cannot_be_placed_in_a_range():
    with pytest.raises(Skipped, match="out-of-range: .*no publication date"):
        scope_pipeline(SINMUN_SINCE="2021-01-01").process_item(article())


def test_articles_in_other_categories_are_skipped_by_name_or_slug():
    pipeline = scope_pipeline(SINMUN_CATEGORIES=["science-technology", "Korean Peninsula"])
    assert pipeline.process_item(article(categories=["Science & Technology"]))
    assert pipeline.process_item(article(categories=["Economy", "korean peninsula"]))
    with pytest.raises(Skipped) as skipped:
        pipeline.process_item(article(categories=["Economy"]))
    assert skipped.value.code == "other-category"


def test_without_a_scope_every_article_passes():
    assert scope_pipeline().process_item(article()).url == "https://example.org/a/"
