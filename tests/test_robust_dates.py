"""Dates under odd input: any name that is no zone is the documented ValueError, text that is no str a TypeError."""

from __future__ import annotations

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.dates import find_dates, parse_date
from pipelines.rejects import Rejected
from pipelines.stages import DatesPipeline, ValidatePipeline
from tests.conftest import SEED, run_crawl

#: Directories of the zone database, a name too long for the file system, data files that are no zones.
NOT_ZONES = ["America", "Asia", "US", "__pycache__", "x" * 300, "zone1970.tab", "", "Asia/", "../etc", "/etc/localtime", "a\x00b"]


def dates_pipeline(settings: dict | None = None, spider_timezone: str | None = None) -> DatesPipeline:
    crawler = get_crawler(Spider, settings_dict=settings or {})
    crawler.spider = Spider(name="test")
    if spider_timezone is not None:
        crawler.spider.timezone = spider_timezone
    crawler.stats.open_spider()
    return DatesPipeline.from_crawler(crawler)


@pytest.mark.parametrize("name", NOT_ZONES, ids=lambda name: repr(name[:20]))
def test_a_name_that_is_no_zone_is_an_unknown_time_zone_in_parse_date(name):
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_date("2021-10-10 10:30", tz=name)


@pytest.mark.parametrize("name", NOT_ZONES, ids=lambda name: repr(name[:20]))
def test_a_name_that_is_no_zone_is_an_unknown_time_zone_in_find_dates(name):
    with pytest.raises(ValueError, match="unknown time zone"):
        find_dates("On 2021-10-10 10:30 it began.", tz=name)


@pytest.mark.parametrize("name", [name for name in NOT_ZONES if name], ids=lambda name: repr(name[:20]))
def test_a_spider_timezone_that_is_no_zone_fails_at_start_up(name):
    with pytest.raises(ValueError, match="unknown time zone"):
        dates_pipeline(spider_timezone=name).open_spider()


def test_a_crawl_with_a_timezone_argument_that_is_no_zone_fails_with_the_unknown_zone_message(tmp_path):
    result = run_crawl("files", tmp_path / "out.parquet", "-a", f"path={SEED}", "-a", "timezone=America")
    assert result.returncode != 0
    assert "unknown time zone 'America'" in result.log
    assert not (tmp_path / "out.parquet").exists()


def test_a_site_timezone_that_is_no_zone_fails_at_start_up():
    with pytest.raises(ValueError, match="unknown time zone 'America'"):
        dates_pipeline({"SINMUN_SITE_TIMEZONES": {"example.org": "America"}}).open_spider()


@pytest.mark.parametrize("text", [20230714, 2023.5, {"date": "2021-10-10"}, ["2021-10-10"], b"2021-10-10"])
def test_date_text_that_is_no_str_is_a_type_error(text):
    with pytest.raises(TypeError, match="must be a str"):
        parse_date(text)
    with pytest.raises(TypeError, match="must be a str"):
        find_dates(text)


def test_a_published_raw_that_is_no_str_is_counted_unparsed_then_rejected_by_validation():
    pipeline = dates_pipeline()
    item = Article(url="https://example.org/a/", title="Title", body="Body text.", published_raw=20230714)
    pipeline.process_item(item)
    assert item.published is None
    assert pipeline.stats.get_value("sinmun/dates/unparsed/published") == 1
    with pytest.raises(Rejected) as rejected:
        ValidatePipeline().process_item(item)
    assert rejected.value.code == "schema"
