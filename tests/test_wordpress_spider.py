"""`scrapy crawl wordpress` over the bundled demo site, served on loopback: every article, clean, with its fields."""

from __future__ import annotations

from datetime import datetime

import pytest



@pytest.fixture(scope="module")
def expected():
    from demo.build import expected_articles

    return {article["path"]: article for article in expected_articles()}


@pytest.fixture(scope="module")
def crawl(demo_crawl):
    return demo_crawl


@pytest.fixture(scope="module")
def rows_by_path(crawl, demo_site):
    return {row["url"].removeprefix(demo_site.rstrip("/")): row for row in crawl.rows}


def test_crawl_collects_exactly_the_demo_articles(crawl, rows_by_path, expected):
    assert crawl.returncode == 0, crawl.log
    assert sorted(rows_by_path) == sorted(expected)


def test_titles_categories_tags_and_authors_match(rows_by_path, expected):
    for path, article in expected.items():
        row = rows_by_path[path]
        assert row["title"] == article["title"], path
        assert row["categories"] == article["categories"], path
        assert row["tags"] == article["tags"], path
        assert row["authors"] == [article["author"]], path


def test_bodies_are_exactly_the_article_paragraphs(rows_by_path, expected):
    for path, article in expected.items():
        assert rows_by_path[path]["body"].split("\n\n") == article["paragraphs"], path


def test_publication_instants_are_exact_and_in_utc(rows_by_path, expected):
    for path, article in expected.items():
        row = rows_by_path[path]
        published = datetime.fromisoformat(article["published"])
        assert row["published_at"] == published, path
        assert row["published"] == published.date(), path
        assert row["published_precision"] == "datetime", path


def test_every_row_records_its_discovery_and_site(rows_by_path, demo_site):
    for row in rows_by_path.values():
        assert row["source"] == "rest"  # the demo's cheapest surface
        assert row["site"] == "127.0.0.1"
        assert row["language"] == "en-US"
        assert row["content_hash"]


def test_seed_article_is_among_them_clean(rows_by_path):
    seed = next(row for row in rows_by_path.values() if row["title"] == "Precious Guideline")
    assert seed["categories"] == ["Ideology", "Narrated"]
    assert seed["body"].endswith("provided by Kim Jong Un.")
    for words in ("Leave a Reply", "Log Out", "Connecting to", "Share this:", "Like this:", "Advertisements"):
        assert words not in seed["body"]


def test_juche_dates_in_bodies_become_date_mentions(rows_by_path):
    seed = next(row for row in rows_by_path.values() if row["title"] == "Precious Guideline")
    mentions = {mention["text"]: mention["iso"] for mention in seed["date_mentions"]}
    assert mentions["October 10, Juche 110 (2021)"] == "2021-10-10"
    assert mentions["March Juche 110 (2021)"] == "2021-03"


def test_empty_and_all_boilerplate_pages_are_rejected_with_reasons(crawl):
    reasons = sorted((record["reason"], record["url"].rstrip("/").rsplit("/", 1)[-1]) for record in crawl.rejects)
    assert reasons == [("missing-body", "all-boilerplate"), ("missing-body", "empty-entry")]
