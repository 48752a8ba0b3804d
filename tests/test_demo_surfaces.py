"""One real `scrapy crawl wordpress` per discovery surface of the demo site: each exports the same 32 articles."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from demo.build import expected_articles, expected_rejects
from tests.conftest import run_crawl

SURFACES = ("rest", "sitemap", "feed", "archive")
EXPECTED = {article["path"]: article for article in expected_articles()}


@pytest.fixture(scope="module")
def crawls(demo_site, tmp_path_factory):
    """`-a discover=SURFACE` crawls, each run once, when a test first asks for it."""
    done = {}

    def crawl(surface: str):
        if surface not in done:
            output = tmp_path_factory.mktemp(f"demo-{surface}") / "demo.parquet"
            done[surface] = run_crawl("wordpress", output, "-a", f"url={demo_site}", "-a", f"discover={surface}")
        return done[surface]

    return crawl


@pytest.fixture(scope="module")
def rows(crawls, demo_site):
    """surface -> {path: row}."""
    return lambda surface: {row["url"].removeprefix(demo_site.rstrip("/")): row for row in crawls(surface).rows}


@pytest.mark.parametrize("surface", SURFACES)
def test_each_surface_exports_exactly_the_demo_articles(crawls, rows, surface):
    assert crawls(surface).returncode == 0, crawls(surface).log
    assert sorted(rows(surface)) == sorted(EXPECTED)


@pytest.mark.parametrize("surface", SURFACES)
def test_each_surface_gives_the_same_titles_bodies_and_dates(rows, surface):
    by_path = rows(surface)
    for path, article in EXPECTED.items():
        row = by_path[path]
        published = datetime.fromisoformat(article["published"])
        assert (row["title"], row["body"]) == (article["title"], article["body"]), path
        assert (row["published_at"], row["published"], row["published_precision"]) == (published, published.date(), "datetime"), path


@pytest.mark.parametrize("surface", SURFACES)
def test_each_surface_gives_the_same_terms_and_authors(rows, surface):
    by_path = rows(surface)
    for path, article in EXPECTED.items():
        row = by_path[path]
        assert (row["categories"], row["tags"], row["authors"]) == (article["categories"], article["tags"], article["authors"]), path


@pytest.mark.parametrize("surface", SURFACES)
def test_each_surface_records_itself_as_the_source(rows, surface):
    assert {row["source"] for row in rows(surface).values()} == {surface}


@pytest.mark.parametrize("surface", SURFACES)
def test_each_surface_rejects_the_two_posts_without_text(crawls, surface):
    rejected = sorted(record["url"].rstrip("/").rsplit("/", 1)[-1] for record in crawls(surface).rejects)
    assert rejected == sorted(reject["slug"] for reject in expected_rejects())


def test_the_default_crawl_takes_the_rest_api_and_fetches_no_page(demo_crawl):
    assert {row["source"] for row in demo_crawl.rows} == {"rest"} and len(demo_crawl.rows) == len(EXPECTED)
    requests = int(re.search(r"'downloader/request_count': (\d+)", demo_crawl.log).group(1))
    assert requests <= 3  # the home page, robots.txt and one listing of 100 posts
