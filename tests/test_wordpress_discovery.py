"""The `wordpress` spider against a real WordPress (see .ci/wordpress.sh): every discovery surface finds
exactly the site's published posts, with exact titles, instants, terms and clean bodies.

The sites and the manifest of what they hold come from `.ci/wordpress.sh`; without them these
tests skip, except in CI, where a missing WordPress is a failure.
"""

from __future__ import annotations

import json
import math
import os
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import run_crawl

MANIFEST = Path(os.environ.get("SINMUN_WP_DIR", "/tmp/sinmun-wordpress")) / "manifest.json"
SURFACES = ("rest", "sitemap", "feed", "archive")
SITES = ("pretty", "plain")


def wordpress_missing(problem: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{problem}: .ci/run must start WordPress with .ci/wordpress.sh")
    pytest.skip(f"{problem}: run `bash .ci/wordpress.sh` to start the test WordPress")


@pytest.fixture(scope="module")
def manifest():
    if not MANIFEST.exists():
        wordpress_missing(f"{MANIFEST} is missing")
    manifest = json.loads(MANIFEST.read_text())
    for site in manifest["sites"].values():
        try:
            urllib.request.urlopen(site["url"], timeout=10).close()
        except OSError as error:
            wordpress_missing(f"the test WordPress at {site['url']} does not answer ({error})")
    return manifest


@pytest.fixture(scope="module")
def crawls(manifest, tmp_path_factory):
    """One crawl per (surface, site), run lazily and shared by the tests."""
    done = {}

    def crawl(surface: str, site: str):
        if (surface, site) not in done:
            output = tmp_path_factory.mktemp(f"{surface}-{site}") / "wp.parquet"
            url = manifest["sites"][site]["url"]
            done[surface, site] = run_crawl(
                "wordpress", output, "-a", f"url={url}", "-a", f"discover={surface}", settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
            )
        return done[surface, site]

    return crawl


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def expected_by_url(manifest, site):
    return {post["link"][site]: post for post in manifest["published"]}


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("surface", SURFACES)
def test_surface_collects_exactly_the_published_posts(crawls, manifest, surface, site):
    result = crawls(surface, site)
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(row["url"] for row in result.rows) == sorted(expected_by_url(manifest, site))
    assert {row["source"] for row in result.rows} == {surface}
    assert result.rejects == []


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("surface", SURFACES)
def test_titles_instants_terms_and_bodies_are_exact(crawls, manifest, surface, site):
    expected = expected_by_url(manifest, site)
    for row in crawls(surface, site).rows:
        post = expected[row["url"]]
        assert row["title"] == post["title"], row["url"]
        assert row["published_at"] == utc(post["date_gmt"]), row["url"]
        assert row["published"] == datetime.fromisoformat(post["date"]).date(), row["url"]
        assert sorted(row["categories"]) == sorted(post["categories"]), row["url"]
        assert sorted(row["tags"]) == sorted(post["tags"]), row["url"]
        assert row["authors"] == [post["author"]], row["url"]
        assert row["body"].split("\n\n") == post["paragraphs"], row["url"]


@pytest.mark.parametrize("site", SITES)
def test_rest_gives_exact_modification_instants(crawls, manifest, site):
    expected = expected_by_url(manifest, site)
    for row in crawls("rest", site).rows:
        assert row["modified_at"] == utc(expected[row["url"]]["modified_gmt"]), row["url"]


@pytest.mark.parametrize("site", SITES)
def test_rest_needs_about_one_listing_request_per_hundred_posts(crawls, manifest, site):
    summary = crawls("rest", site).summary
    assert summary["discovery"]["rest/requests"] == math.ceil(manifest["counts"]["rest_total"] / 100)
    assert summary["requests"] <= summary["discovery"]["rest/requests"] + 2  # + robots.txt and the home page


@pytest.mark.parametrize("site", SITES)
def test_auto_discovery_picks_the_rest_api(manifest, site, tmp_path):
    result = run_crawl("wordpress", tmp_path / "auto.parquet", "-a", f"url={manifest['sites'][site]['url']}")
    assert result.summary["discovery"]["surface"] == "rest"
    assert result.table.num_rows == len(manifest["published"])


def test_nothing_unpublished_is_collected(crawls, manifest):
    collected = {row["title"] for surface in SURFACES for row in crawls(surface, "pretty").rows}
    hidden = {item["title"] for item in manifest["not_collectable"]}
    published = {post["title"] for post in manifest["published"]}
    assert collected & (hidden - published) == set()


def test_password_protected_posts_are_skipped_and_counted(crawls):
    for surface in SURFACES:
        assert crawls(surface, "pretty").summary["pages_skipped_by_reason"].get("password-protected") == 1, surface


#: Both ends fall on days with posts: the range is inclusive on both.
SINCE, UNTIL = "2021-03-05", "2021-05-18"
CATEGORIES = "Science & Technology,korean-peninsula"


def in_range(post) -> bool:
    return SINCE <= post["date"][:10] <= UNTIL


#: Every surface, and the plain site's own archive URLs (`?m=`); tests/test_discovery_recorded.py replays the rest.
RANGE_CRAWLS = [(surface, "pretty") for surface in SURFACES] + [("archive", "plain")]


@pytest.mark.parametrize(("surface", "site"), RANGE_CRAWLS)
def test_a_range_crawl_returns_exactly_the_posts_in_range(manifest, surface, site, tmp_path):
    url = manifest["sites"][site]["url"]
    result = run_crawl(
        "wordpress", tmp_path / "r.parquet", "-a", f"url={url}", "-a", f"discover={surface}", "-a", f"since={SINCE}", "-a", f"until={UNTIL}",
        settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "8"},
    )
    expected = sorted(post["link"][site] for post in manifest["published"] if in_range(post))
    assert sorted(row["url"] for row in result.rows) == expected
    assert all(SINCE <= row["published"].isoformat() <= UNTIL for row in result.rows)


@pytest.mark.parametrize(("surface", "site"), [("rest", "pretty"), ("archive", "pretty")])
def test_several_categories_by_name_and_by_slug(manifest, surface, site, tmp_path):
    url = manifest["sites"][site]["url"]
    result = run_crawl(
        "wordpress", tmp_path / "c.parquet", "-a", f"url={url}", "-a", f"discover={surface}", "-a", f"category={CATEGORIES}", "-a", "since=2023-01-01",
        settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "8"},
    )
    wanted = {"Science & Technology", "Korean Peninsula"}
    expected = sorted(post["link"][site] for post in manifest["published"] if wanted & set(post["categories"]) and post["date"] >= "2023")
    assert len(expected) >= 5
    assert sorted(row["url"] for row in result.rows) == expected


def test_old_after_and_before_arguments_still_limit_the_range(manifest, tmp_path):
    url = manifest["sites"]["pretty"]["url"]
    result = run_crawl("wordpress", tmp_path / "d.parquet", "-a", f"url={url}", "-a", "discover=rest", "-a", "after=2024-01-01", "-a", "before=2025-01-01")
    expected = sorted(post["link"]["pretty"] for post in manifest["published"] if "2024-01-01" <= post["date"] < "2025-01-01")
    assert sorted(row["url"] for row in result.rows) == expected


def test_modified_after_is_applied_by_the_api(manifest, tmp_path):
    url = manifest["sites"]["pretty"]["url"]
    result = run_crawl("wordpress", tmp_path / "m.parquet", "-a", f"url={url}", "-a", "discover=rest", "-a", "modified_after=2025-01-01")
    expected = sorted(post["link"]["pretty"] for post in manifest["published"] if post["modified_gmt"] >= "2024-12-31T15:00:00Z")
    assert sorted(row["url"] for row in result.rows) == expected


def test_include_pages_adds_published_pages(manifest, tmp_path):
    url = manifest["sites"]["pretty"]["url"]
    result = run_crawl("wordpress", tmp_path / "p.parquet", "-a", f"url={url}", "-a", "discover=rest", "-a", "include=pages")
    pages = {item["title"] for item in manifest["not_collectable"] if item["type"] == "page" and item["status"] == "publish"}
    assert pages <= {row["title"] for row in result.rows}
    assert result.table.num_rows == len(manifest["published"]) + len(pages)


def test_bad_discover_argument_is_a_clear_error(tmp_path):
    result = run_crawl("wordpress", tmp_path / "x.parquet", "-a", "url=http://127.0.0.1:9/", "-a", "discover=magic")
    assert result.returncode != 0
    assert "discover='magic'" in result.log
