"""Locating and the boilerplate and dates stages in worker processes give what they give on the reactor's thread, in order."""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.locate import locate_text_dump
from pipelines.rejects import Rejected
from crawler.workers import ExtractionWorkerDied, ExtractionWorkers, extract_workers
from pipelines.stages import ExtractStagesPipeline
from tests.conftest import FAST, REPO, run_crawl, scrapy_command

SEED = (REPO / "tests" / "fixtures" / "seed_precious_guideline.txt").read_text(encoding="utf-8")


def workers_for(workers: int) -> ExtractionWorkers:
    crawler = get_crawler(Spider, settings_dict={"SINMUN_EXTRACT_WORKERS": workers, "SINMUN_TIMEZONE": "Asia/Pyongyang"})
    crawler.spider = Spider(name="workers")
    crawler.stats.open_spider()
    return ExtractionWorkers(crawler, extract_workers(crawler.settings))


def with_workers(workers: ExtractionWorkers, work: Callable[[], Awaitable[Any]]) -> Any:
    """`work()` with `workers` started (as at spider_opened) and stopped after (as at spider_closed)."""

    async def started() -> Any:
        await workers.spider_opened(workers.crawler.spider)
        try:
            return await work()
        finally:
            await workers.spider_closed(workers.crawler.spider)

    return asyncio.run(started())


def pipeline(workers: int) -> ExtractStagesPipeline:
    pool = workers_for(workers)
    stage = ExtractStagesPipeline(pool.crawler, pool)
    stage.open_spider()
    return stage


def through(stage: ExtractStagesPipeline, items: list[Any]) -> tuple[list[Any], list[int]]:
    """Each item's result (the item, or the `Rejected`), and the order the items left in."""
    left: list[int] = []

    async def one(number: int, item: Any) -> Any:
        try:
            result = await stage.process_item(item)
        except Rejected as rejected:
            result = rejected
        left.append(number)
        return result

    async def every() -> list[Any]:
        return await asyncio.gather(*(one(number, item) for number, item in enumerate(items)))

    return with_workers(stage.workers, every), left


def items() -> list[Article]:
    seed = replace(locate_text_dump(SEED, "file:///seed.txt"), published_raw="October 10, Juche 110 (2021)")
    long_html = "<div>" + "<p>A long paragraph of the article, said again and again.</p>" * 3000 + "</div>"
    return [
        Article(url="https://example.org/long/", title="Long", body_html=long_html),
        seed,
        Article(url="https://example.org/b/", title="B", body_html="<p>Pyongyang, July 14 (KCNA) -- Text.</p>", published_raw="no date at all"),
    ]


def test_items_through_workers_equal_items_through_the_stages_here_and_leave_in_order():
    made = items()
    in_workers, order = through(pipeline(2), copy.deepcopy(made))
    here, _ = through(pipeline(0), made)
    assert in_workers == here and order == [0, 1, 2]


def test_a_stage_failing_on_an_item_rejects_that_item_alone():
    broken = Article(url="https://example.org/broken/", title="T", body_html=5)  # type: ignore[arg-type]
    for workers in (0, 1):
        results, _ = through(pipeline(workers), [items()[1], broken, items()[2]])
        assert [getattr(result, "code", "kept") for result in results] == ["kept", "extraction-failed", "kept"]


def test_what_a_worker_counts_and_logs_is_counted_and_logged_by_the_crawl(caplog):
    stage = pipeline(1)
    with caplog.at_level(logging.WARNING):
        through(stage, [items()[2]])
    assert stage.crawler.stats.get_value("sinmun/dates/unparsed/published") == 1
    assert "Unparseable published 'no date at all'" in caplog.text


def test_auto_leaves_one_processor_to_the_crawl_and_a_bad_count_is_one_clear_error():
    assert extract_workers(get_crawler(Spider, settings_dict={"SINMUN_EXTRACT_WORKERS": "auto"}).settings) >= 1
    with pytest.raises(ValueError, match="SINMUN_EXTRACT_WORKERS must be a number of processes or auto"):
        extract_workers(get_crawler(Spider, settings_dict={"SINMUN_EXTRACT_WORKERS": "many"}).settings)


def test_a_worker_that_dies_costs_its_call_and_another_takes_its_place():
    workers = workers_for(1)

    async def die_then_work() -> int:
        with pytest.raises(ExtractionWorkerDied):
            await workers.run(os._exit, 1)
        return await workers.run(abs, -7)

    assert with_workers(workers, die_then_work) == 7
    assert workers.crawler.stats.get_value("sinmun/workers/restarted") == 1


def test_an_exception_in_a_worker_reaches_the_caller_as_itself():
    workers = workers_for(1)

    async def fail() -> None:
        with pytest.raises(ValueError, match="invalid literal"):
            await workers.run(int, "seven")

    with_workers(workers, fail)


def test_without_the_extension_calls_run_in_place():
    workers = ExtractionWorkers.of(get_crawler(Spider, settings_dict={"SINMUN_EXTRACT_WORKERS": 2}))
    assert workers.in_place and asyncio.run(workers.run(abs, -3)) == 3


def test_a_crawl_with_worker_processes_exports_what_a_crawl_without_them_does(demo_site, tmp_path):
    tables = []
    for workers in ("0", "1"):
        result = run_crawl("wordpress", tmp_path / f"{workers}.parquet", "-a", f"url={demo_site}", settings={**FAST, "SINMUN_EXTRACT_WORKERS": workers})
        assert result.returncode == 0, result.log[-2000:]
        tables.append(pq.read_table(result.output).drop_columns(["fetched_at"]).to_pylist())
    assert tables[0] == tables[1] and len(tables[0]) == 32


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (read from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_crawl_killed_with_sigkill_leaves_no_worker_behind(demo_site, tmp_path):
    command = scrapy_command("crawl", "wordpress", "-a", f"url={demo_site}", "-O", str(tmp_path / "o.parquet"), settings={"SINMUN_EXTRACT_WORKERS": "1"})
    crawl = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (workers := [pid for pid in children_of(crawl.pid) if b"crawler.workers" in Path(f"/proc/{pid}/cmdline").read_bytes()]):
            assert time.monotonic() < deadline and crawl.poll() is None, "no worker started"
            time.sleep(0.05)
    finally:
        crawl.kill()
        crawl.wait()
    deadline = time.monotonic() + 30
    while Path(f"/proc/{workers[0]}").exists() and b"crawler.workers" in Path(f"/proc/{workers[0]}/cmdline").read_bytes():
        assert time.monotonic() < deadline, "the worker outlived its crawl"
        time.sleep(0.05)
