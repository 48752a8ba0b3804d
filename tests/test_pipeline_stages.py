"""The pipeline stages on single Articles: dates normalised, bad items rejected with reasons, duplicates dropped."""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import Article
from pipelines.rejects import Rejected
from pipelines.stages import DatesPipeline, DeduplicatePipeline, ValidatePipeline


def dates_pipeline(settings: dict | None = None, spider_timezone: str | None = None) -> DatesPipeline:
    crawler = get_crawler(Spider, settings_dict=settings or {})
    crawler.spider = Spider(name="test")
    if spider_timezone:
        crawler.spider.timezone = spider_timezone
    crawler.stats.open_spider()
    return DatesPipeline.from_crawler(crawler)


def article(**fields) -> Article:
    return Article(**{"url": "https://example.org/a/", "site": "example.org", "title": "Title", "body": "Body text.", **fields})


def test_juche_publication_date_becomes_a_day():
    item = dates_pipeline().process_item(article(published_raw="October 10, Juche 110 (2021)"))
    assert (item.published, item.published_precision, item.published_at) == (date(2021, 10, 10), "day", None)
    assert item.published_raw == "October 10, Juche 110 (2021)"


def test_month_only_date_is_the_first_of_the_month_with_month_precision():
    item = dates_pipeline().process_item(article(published_raw="주체110(2021)년 3월"))
    assert (item.published, item.published_precision) == (date(2021, 3, 1), "month")


def test_offset_in_the_text_gives_the_instant_in_utc():
    item = dates_pipeline().process_item(article(published_raw="2021-10-10T08:30:00+09:00"))
    assert item.published_at == datetime(2021, 10, 9, 23, 30, tzinfo=timezone.utc)
    assert item.published == date(2021, 10, 10)  # the local calendar date, not the UTC one


def test_site_timezone_setting_applies_to_naive_times_through_zoneinfo():
    pipeline = dates_pipeline({"SINMUN_SITE_TIMEZONES": {"example.org": "Asia/Pyongyang"}})
    item = pipeline.process_item(article(published_raw="2016-01-01 12:00"))
    assert item.published_at == datetime(2016, 1, 1, 3, 30, tzinfo=timezone.utc)  # UTC+8:30 in 2016


def test_spider_timezone_argument_applies_when_no_site_zone_is_set():
    item = dates_pipeline(spider_timezone="Asia/Seoul").process_item(article(published_raw="2021-10-10 09:00"))
    assert item.published_at == datetime(2021, 10, 10, 0, 0, tzinfo=timezone.utc)


def test_exact_instant_from_the_source_is_kept():
    exact = datetime(2021, 10, 10, 1, 30, tzinfo=timezone.utc)
    item = dates_pipeline({"SINMUN_TIMEZONE": "UTC"}).process_item(article(published_raw="2021-10-10T10:30:00", published_at=exact))
    assert item.published_at == exact and item.published == date(2021, 10, 10)


def test_unparseable_date_keeps_raw_text_is_logged_and_counted(caplog):
    pipeline = dates_pipeline()
    with caplog.at_level(logging.WARNING):
        item = pipeline.process_item(article(published_raw="February 30, Juche 110 (2021)"))
    assert item.published is None and item.published_raw == "February 30, Juche 110 (2021)"
    assert "Unparseable published" in caplog.text
    assert pipeline.stats.get_value("sinmun/dates/unparsed/published") == 1


def test_body_date_mentions_are_resolved_against_the_publication_date():
    body = "The Sixth Conference of Cell Secretaries took place in early April last year."
    item = dates_pipeline().process_item(article(published_raw="2022-01-05", body=body))
    [mention] = item.date_mentions
    assert (mention["text"], mention["iso"], mention["precision"]) == ("early April last year", "2021-04", "month")
    assert body[mention["start"] : mention["end"]] == mention["text"]


def test_unknown_time_zone_is_refused_at_start_up():
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'"):
        dates_pipeline({"SINMUN_TIMEZONE": "Mars/Base"}).open_spider()


@pytest.mark.parametrize("missing", ["title", "body"])
def test_article_without_title_or_body_is_rejected_with_its_reason(missing):
    with pytest.raises(Rejected) as rejected:
        ValidatePipeline().process_item(article(**{missing: None}))
    assert rejected.value.code == f"missing-{missing}"


def test_values_the_schema_cannot_hold_are_rejected():
    item = article(published="2021-10-10")  # a string where a date belongs
    with pytest.raises(Rejected) as rejected:
        ValidatePipeline().process_item(item)
    assert rejected.value.code == "schema"


def test_valid_article_gets_its_content_hash():
    assert ValidatePipeline().process_item(article()).content_hash


def test_second_copy_of_a_url_or_a_body_is_rejected_as_duplicate():
    pipeline, validate = DeduplicatePipeline(), ValidatePipeline()
    pipeline.process_item(validate.process_item(article()))
    with pytest.raises(Rejected, match="duplicate-url"):
        pipeline.process_item(validate.process_item(article()))
    copy = validate.process_item(Article(url="https://example.org/b/", title="Copy", body="Body  text."))
    with pytest.raises(Rejected, match="duplicate-body"):
        pipeline.process_item(copy)


def test_unknown_source_or_precision_is_rejected_as_a_schema_problem():
    with pytest.raises(Rejected, match="source 'email' is not one of"):
        ValidatePipeline().process_item(article(source="email"))


def test_a_skipped_item_is_counted_but_not_rejected(tmp_path):
    """`Skipped` (out of range, other category) is counted under sinmun/skipped/, not kept as a reject."""
    from scrapy.utils.test import get_crawler

    from pipelines.rejects import RejectsWriter, Skipped

    crawler = get_crawler(settings_dict={"SINMUN_REJECTS_PATH": str(tmp_path / "rejects.jsonl")})
    crawler.stats.open_spider()
    writer = RejectsWriter.from_crawler(crawler)

    class _Spider:
        name = "test"

    writer.spider_opened(_Spider())
    writer.item_dropped(item={"url": "http://127.0.0.1/a"}, response=None, exception=Skipped("out-of-range", "2019"), spider=None)
    writer.spider_closed(_Spider())
    assert crawler.stats.get_value("sinmun/skipped/out-of-range") == 1
    assert crawler.stats.get_value("sinmun/rejected") is None
    assert (tmp_path / "rejects.jsonl").read_text() == ""
