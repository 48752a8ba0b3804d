"""Crawls of the recorded test WordPress on loopback: exact date ranges on every surface, categories by name and slug,
unknown categories failing, and every request stored on disk under JOBDIR.

The responses were recorded from the real test WordPress (tests/wordpress_recording.py), so these
paths are tested everywhere, with or without `.ci/wordpress.sh`.
"""

from __future__ import annotations

import re

import pytest

from crawler.discovery.scope import category_matches
from tests.conftest import run_crawl
from tests.wordpress_recording import CATEGORIES, SINCE, UNTIL, recorded_posts, replay_site

RANGE = (f"since={SINCE}", f"until={UNTIL}")


@pytest.fixture(scope="module")
def replays():
    with replay_site("pretty") as pretty, replay_site("plain") as plain:
        yield {"pretty": pretty, "plain": plain}


@pytest.fixture(scope="module")
def crawls(replays, tmp_path_factory):
    """One `scrapy crawl wordpress` per (site, arguments), under JOBDIR, shared by the tests."""
    done = {}

    def crawl(site: str, *arguments: str):
        if (site, arguments) not in done:
            output = tmp_path_factory.mktemp(site) / "wp.parquet"
            given = [part for argument in (f"url={replays[site][0]}", *arguments) for part in ("-a", argument)]
            settings = {"JOBDIR": str(output.parent / "job"), "SCHEDULER_DEBUG": "True", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
            done[site, arguments] = run_crawl("wordpress", output, *given, settings=settings)
        return done[site, arguments]

    return crawl


def expected_urls(replays, site: str, categories: list[str] | None = None) -> list[str]:
    url, origin = replays[site]
    return sorted(
        post["link"][site].replace(origin, url.rstrip("/"))
        for post in recorded_posts()
        if SINCE <= post["date"][:10] <= UNTIL and (not categories or any(category_matches(categories, name) for name in post["categories"]))
    )


RANGE_CRAWLS = [("pretty", "rest"), ("pretty", "sitemap"), ("pretty", "feed"), ("pretty", "archive"), ("plain", "rest"), ("plain", "feed"), ("plain", "archive")]


@pytest.mark.parametrize(("site", "surface"), RANGE_CRAWLS)
def test_a_range_crawl_returns_exactly_the_posts_in_range(crawls, replays, site, surface):
    result = crawls(site, f"discover={surface}", *RANGE)
    assert result.returncode == 0, result.log[-3000:]
    assert sorted(row["url"] for row in result.rows) == expected_urls(replays, site)
    assert "failure" not in result.summary["discovery"]


def test_dated_urls_outside_the_range_are_not_fetched(crawls, replays):
    discovery = crawls("pretty", "discover=sitemap", *RANGE).summary["discovery"]
    listed = len(recorded_posts()) + 1  # the sitemap lists the password-protected post too
    assert discovery["sitemap/found"] + discovery["out-of-range"] == listed
    assert discovery["sitemap/found"] <= len(expected_urls(replays, "pretty")) + 1


def scheduler_stats(log: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r"'(scheduler/[a-z/]+)': (\d+)", log)}


@pytest.mark.parametrize("surface", ("rest", "sitemap", "feed", "archive"))
def test_jobdir_stores_every_request_on_disk(crawls, surface):
    result = crawls("pretty", f"discover={surface}", *RANGE)
    stats = scheduler_stats(result.log)
    assert "scheduler/unserializable" not in stats and "Unable to serialize request" not in result.log
    assert stats["scheduler/enqueued/disk"] == stats["scheduler/enqueued"] > 0


@pytest.mark.parametrize(("site", "surface"), [("pretty", "rest"), ("plain", "rest"), ("pretty", "archive")])
def test_several_categories_by_name_and_by_slug(crawls, replays, site, surface):
    result = crawls(site, f"discover={surface}", *RANGE, f"category={CATEGORIES}")
    wanted = expected_urls(replays, site, CATEGORIES.split(","))
    assert len(wanted) >= 2, "the recording should hold posts of both categories"
    assert sorted(row["url"] for row in result.rows) == wanted


@pytest.mark.parametrize("surface", ("rest", "archive"))
def test_an_unknown_category_is_a_discovery_failure(crawls, surface):
    result = crawls("pretty", f"discover={surface}", "category=Nonexistent")
    failure = result.summary["discovery"]["failure"]
    assert failure.startswith("-a category=Nonexistent: ") and "has no such category" in failure
    assert f"ERROR: {failure}" in result.log
    assert result.returncode == 1 and result.summary["ok"] is False
    assert not result.output.exists()  # a failed run publishes nothing
