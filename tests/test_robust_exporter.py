"""The Parquet exporter refuses the one row the schema cannot hold, writes the rest, and always closes a readable file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.items import Article
from pipelines.parquet import REFUSALS, ParquetItemExporter, article_rows_to_table

YEAR_ONE_AT_PLUS_14 = datetime(1, 1, 1, 6, 0, tzinfo=timezone(timedelta(hours=14)))

BAD_FIELDS = [
    {"title": "Lone surrogate \ud83d"},
    {"url": None},
    {"tags": "abc"},
    {"published_at": YEAR_ONE_AT_PLUS_14},
    {"date_mentions": [{"text": "x", "start": 2**40, "end": 0, "iso": "2021", "precision": "year"}]},
    {"authors": [5]},
]


def article(number: int, **fields: Any) -> Article:
    return Article(**{"url": f"https://example.org/{number}/", "title": f"Article {number}", "body": "Text.", **fields})


def export(path: Path, items: list[Article], row_group_size: int = 1000, stats: Any = None) -> None:
    with path.open("wb") as file:
        exporter = ParquetItemExporter(file, row_group_size=row_group_size, stats=stats)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()


@pytest.mark.parametrize("fields", BAD_FIELDS, ids=lambda fields: next(iter(fields)))
def test_a_row_the_schema_cannot_hold_is_refused_and_the_rest_written(tmp_path, fields):
    path = tmp_path / "out.parquet"
    export(path, [article(1), article(2, **fields), article(3), article(4), article(5)])
    assert [row["title"] for row in pq.read_table(path).to_pylist()] == ["Article 1", "Article 3", "Article 4", "Article 5"]


def test_rows_after_a_refused_row_group_member_are_written_in_later_groups(tmp_path):
    path = tmp_path / "out.parquet"
    items = [article(number, **({"url": None} if number == 2 else {})) for number in range(1, 8)]
    export(path, items, row_group_size=3)
    assert pq.read_table(path).column("title").to_pylist() == [f"Article {number}" for number in (1, 3, 4, 5, 6, 7)]


def test_a_refused_last_row_still_leaves_a_readable_file(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(1), article(2, title="\udc00")])
    assert pq.read_table(path).num_rows == 1


def test_refused_rows_are_counted_when_built_from_a_crawler(tmp_path):
    crawler = get_crawler(Spider)
    crawler.stats.open_spider()
    with (tmp_path / "out.parquet").open("wb") as file:
        exporter = ParquetItemExporter.from_crawler(crawler, file)
        exporter.start_exporting()
        for item in (article(1), article(2, url=None), article(3, tags="abc")):
            exporter.export_item(item)
        exporter.finish_exporting()
    assert crawler.stats.get_value("sinmun/export/refused") == 2


def test_a_refused_row_is_logged_with_its_url(tmp_path, caplog):
    export(tmp_path / "out.parquet", [article(1, tags="abc")])
    assert "https://example.org/1/" in caplog.text and "tags must be a list" in caplog.text


def test_a_null_in_a_non_nullable_column_is_refused_by_the_table_builder():
    with pytest.raises(REFUSALS, match="url is null"):
        article_rows_to_table([{"url": None, "title": "T"}])


def test_a_string_where_a_list_belongs_is_refused_not_split_into_characters():
    with pytest.raises(REFUSALS, match="tags must be a list"):
        article_rows_to_table([{"url": "https://example.org/", "tags": "abc"}])


def test_an_instant_whose_utc_leaves_year_one_is_refused():
    with pytest.raises(REFUSALS, match="outside years 1-9999"):
        article_rows_to_table([{"url": "https://example.org/", "published_at": YEAR_ONE_AT_PLUS_14}])


def test_instants_at_an_offset_are_stored_in_utc(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(1, published_at=datetime(2021, 10, 10, 9, 0, tzinfo=timezone(timedelta(hours=9))))])
    assert pq.read_table(path).column("published_at").to_pylist() == [datetime(2021, 10, 10, 0, 0, tzinfo=timezone.utc)]
