"""Backfills resume: kill -9 in the middle, start the same command with the same JOBDIR, and the
dataset holds every article exactly once, every visible file readable."""

from __future__ import annotations

import signal
import subprocess
import time
import pyarrow.parquet as pq
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.layout import visible_parts
from crawler.state import DatasetDupeFilter, StateStore, job_started
from pipelines.dataset import load
from tests.conftest import REPO, scrapy_command

DEMO_ARTICLES = 32


def publications(dataset) -> int:
    """How many times the run published parts (each publication shares one sequence number)."""
    return len({part.stem.rsplit("-", 1)[1] for part in visible_parts(dataset)}) if dataset.exists() else 0


def test_a_backfill_killed_with_sigkill_resumes_with_every_article_exactly_once(static_demo_site, tmp_path):
    dataset, job = tmp_path / "articles", tmp_path / "job"
    settings = {"SINMUN_DATASET": str(dataset), "JOBDIR": str(job), "SINMUN_DATASET_PART_ROWS": "4", "DOWNLOAD_DELAY": "0.1"}
    command = scrapy_command("crawl", "wordpress", "-a", f"url={static_demo_site}", settings=settings)
    first = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while publications(dataset) < 2 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    stored_before = load(dataset, latest=False, to="arrow").num_rows
    assert 0 < stored_before < DEMO_ARTICLES, "the crawl was not killed in the middle"

    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    urls = load(dataset, latest=False, to="arrow").column("url").to_pylist()
    assert len(urls) == len(set(urls)) == DEMO_ARTICLES
    assert all(pq.read_table(part).num_rows > 0 for part in visible_parts(dataset))


def article(url: str) -> Request:
    return Request(url, meta={"surface": "sitemap", "sinmun_article": True})


def test_on_resume_discovery_starts_again_and_only_pages_stored_by_the_job_are_not_fetched_again(tmp_path):
    dataset, job = tmp_path / "articles", tmp_path / "job"
    settings = {"SINMUN_DATASET": str(dataset), "JOBDIR": str(job)}
    job_started(job)
    store = StateStore(dataset)
    with store.transaction() as db:
        row = {"url": "https://example.org/stored/", "fetched_url": "https://example.org/stored/", "version": 1, "content_hash": "h"}
        store.store_version(db, row, "part", None)
    store.close()
    listing = Request("https://example.org/wp-sitemap.xml", meta={"surface": "sitemap", "sinmun_article": False})
    first = DatasetDupeFilter.from_crawler(get_crawler(settings_dict=settings))
    for request in (article("https://example.org/stored/"), article("https://example.org/in-memory-when-killed/"), listing):
        first.request_seen(request)
    first.close("shutdown")
    (job / "requests.queue").mkdir()
    (job / "requests.queue" / "active.json").write_text("[]")  # what Scrapy's scheduler saved

    resumed = DatasetDupeFilter.from_crawler(get_crawler(settings_dict=settings))
    assert resumed.request_seen(article("https://example.org/stored/"))
    assert not resumed.request_seen(article("https://example.org/in-memory-when-killed/"))
    assert not resumed.request_seen(listing)
    assert not (job / "requests.queue").exists()
