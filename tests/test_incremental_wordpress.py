"""Backfills into the dataset on the real (shared, read-only) test WordPress: a date range adds exactly
its posts, and a backfill killed with SIGKILL and resumed with the same JOBDIR holds every article
exactly once, every visible file readable, whether it was fetching REST listings or pages."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crawler.layout import visible_parts
from pipelines.dataset import load
from tests.conftest import REPO, crawl_stats, run_dataset_crawl, scrapy_command
from tests.test_dataset_resume import publications
from tests.test_wordpress_discovery import manifest  # noqa: F401 - the shared WordPress, or a skip

SLOW = "1"  # seconds between requests: a kill lands between two listing pages


def published_in(manifest, year: str) -> set[str]:
    return {post["link"]["pretty"] for post in manifest["published"] if post["date"].startswith(year)}


def stored_urls(dataset: Path) -> list[str]:
    return load(dataset, latest=False, to="arrow").column("url").to_pylist()


@pytest.fixture(scope="module")
def site(manifest):  # noqa: F811 - the fixture imported above
    return manifest["sites"]["pretty"]["url"].rstrip("/") + "/"


def test_range_backfills_add_exactly_their_posts_and_a_whole_run_the_rest(manifest, site, tmp_path):  # noqa: F811
    dataset = tmp_path / "articles"
    for year in ("2021", "2022"):
        before = set(stored_urls(dataset)) if dataset.exists() else set()
        process = run_dataset_crawl("wordpress", dataset, "-a", f"url={site}", "-a", f"since={year}-01-01", "-a", f"until={year}-12-31")
        assert process.returncode == 0, process.stderr
        assert set(stored_urls(dataset)) - before == published_in(manifest, year)
    whole = run_dataset_crawl("wordpress", dataset, "-a", f"url={site}")
    assert whole.returncode == 0, whole.stderr
    urls = stored_urls(dataset)
    assert len(urls) == len(set(urls)) == len(manifest["published"])


def kill_in_the_middle(command: list[str], dataset: Path, publications_before_kill: int) -> None:
    """Start `command`, and SIGKILL it once it has published parts that many times (it must still be running)."""
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while publications(dataset) < publications_before_kill and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the backfill ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()


def resume(command: list[str]) -> subprocess.CompletedProcess:
    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming job" in resumed.stderr
    return resumed


def assert_every_article_once_and_every_file_readable(dataset: Path, expected: set[str]) -> None:
    urls = stored_urls(dataset)
    assert len(urls) == len(set(urls))
    assert set(urls) == expected
    assert all(pq.read_table(part).num_rows > 0 for part in visible_parts(dataset))


def test_a_rest_backfill_killed_with_sigkill_resumes_with_every_post_exactly_once(manifest, site, tmp_path):  # noqa: F811
    dataset, job = tmp_path / "articles", tmp_path / "job"
    settings = {"SINMUN_DATASET": str(dataset), "JOBDIR": str(job), "SINMUN_DATASET_PART_ROWS": "25", "DOWNLOAD_DELAY": SLOW}
    command = scrapy_command("crawl", "wordpress", "-a", f"url={site}", "-a", "discover=rest", settings=settings)
    kill_in_the_middle(command, dataset, 2)
    stored_before = len(stored_urls(dataset))
    assert 0 < stored_before < len(manifest["published"])

    stats = crawl_stats(resume(command).stderr)
    assert stats["sinmun/discovery/rest/requests"] == 3  # discovery read every listing page again
    assert stats["sinmun/dataset/new"] == len(manifest["published"]) - stored_before
    assert_every_article_once_and_every_file_readable(dataset, {post["link"]["pretty"] for post in manifest["published"]})


def test_a_sitemap_range_backfill_killed_with_sigkill_resumes_with_every_post_of_the_range_exactly_once(manifest, site, tmp_path):  # noqa: F811
    dataset, job = tmp_path / "articles", tmp_path / "job"
    settings = {"SINMUN_DATASET": str(dataset), "JOBDIR": str(job), "SINMUN_DATASET_PART_ROWS": "4", "DOWNLOAD_DELAY": "0.2"}
    arguments = ("-a", f"url={site}", "-a", "discover=sitemap", "-a", "since=2021-01-01", "-a", "until=2021-12-31")
    command = scrapy_command("crawl", "wordpress", *arguments, settings=settings)
    kill_in_the_middle(command, dataset, 2)
    stored_before = len(stored_urls(dataset))
    in_range = published_in(manifest, "2021")
    assert 0 < stored_before < len(in_range)

    stats = crawl_stats(resume(command).stderr)
    assert stats["sinmun/discovery/sitemap/answered"] >= 1
    assert stats["sinmun/dataset/new"] == len(in_range) - stored_before
    assert_every_article_once_and_every_file_readable(dataset, in_range)
