"""The boilerplate and dates stages in worker processes give what they give on the reactor's thread, in order."""

from __future__ import annotations

import asyncio
import copy
import logging
from dataclasses import replace
from typing import Any

import pyarrow.parquet as pq
import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.locate import locate_text_dump
from pipelines.rejects import Rejected
from pipelines.stages import ExtractStagesPipeline, extract_workers
from tests.conftest import FAST, REPO, run_crawl

SEED = (REPO / "tests" / "fixtures" / "seed_precious_guideline.txt").read_text(encoding="utf-8")


def pipeline(workers: int) -> ExtractStagesPipeline:
    crawler = get_crawler(Spider, settings_dict={"SINMUN_EXTRACT_WORKERS": workers, "SINMUN_TIMEZONE": "Asia/Pyongyang"})
    crawler.spider = Spider(name="workers")
    crawler.stats.open_spider()
    stage = ExtractStagesPipeline.from_crawler(crawler)
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

    try:
        return asyncio.run(every()), left
    finally:
        stage.close_spider()


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


def test_a_crawl_with_worker_processes_exports_what_a_crawl_without_them_does(demo_site, tmp_path):
    tables = []
    for workers in ("0", "1"):
        result = run_crawl("wordpress", tmp_path / f"{workers}.parquet", "-a", f"url={demo_site}", settings={**FAST, "SINMUN_EXTRACT_WORKERS": workers})
        assert result.returncode == 0, result.log[-2000:]
        tables.append(pq.read_table(result.output).drop_columns(["fetched_at"]).to_pylist())
    assert tables[0] == tables[1] and len(tables[0]) == 32
