"""The Parquet exporter streams row groups of the explicit schema, and files appear only when complete."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crawler.items import ARTICLE_SCHEMA, Article
from pipelines.parquet import AtomicFileFeedStorage, ParquetItemExporter


def article(number: int) -> Article:
    return Article(
        url=f"https://example.org/{number}/",
        site="example.org",
        title=f"Article {number}",
        body="First paragraph.\n\nSecond paragraph.",
        categories=["Ideology"],
        published=date(2021, 10, 10),
        published_precision="day",
        published_at=datetime(2021, 10, 10, 1, 30, tzinfo=timezone.utc),
        date_mentions=[{"text": "Juche 110", "start": 0, "end": 9, "iso": "2021", "precision": "year"}],
    )


def export(path: Path, items: list[Article], row_group_size: int = 1000) -> None:
    with path.open("wb") as file:
        exporter = ParquetItemExporter(file, row_group_size=row_group_size)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()


def test_items_are_written_in_row_groups_of_the_configured_size(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(n) for n in range(25)], row_group_size=10)
    metadata = pq.ParquetFile(path).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [10, 10, 5]


def test_exporter_buffers_at_most_one_row_group(tmp_path):
    with (tmp_path / "out.parquet").open("wb") as file:
        exporter = ParquetItemExporter(file, row_group_size=10)
        exporter.start_exporting()
        for number in range(95):
            exporter.export_item(article(number))
            assert len(exporter._rows) < 10
        exporter.finish_exporting()


def test_values_round_trip_with_their_types(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(1)])
    row = pq.read_table(path).to_pylist()[0]
    assert row["published"] == date(2021, 10, 10)
    assert row["published_at"] == datetime(2021, 10, 10, 1, 30, tzinfo=timezone.utc)
    assert row["categories"] == ["Ideology"]
    assert row["date_mentions"][0]["iso"] == "2021"


def test_empty_export_is_a_valid_file_with_every_column(tmp_path):
    path = tmp_path / "empty.parquet"
    export(path, [])
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)


def test_all_null_column_keeps_its_type(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(1)])  # modified_at is null in every row
    assert pq.read_schema(path).field("modified_at").type == ARTICLE_SCHEMA.field("modified_at").type


def test_file_metadata_carries_schema_and_sinmun_versions(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(1)])
    metadata = pq.read_schema(path).metadata
    assert b"sinmun.schema_version" in metadata and b"sinmun.version" in metadata


def test_columns_are_zstd_compressed(tmp_path):
    path = tmp_path / "out.parquet"
    export(path, [article(1)])
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"


def test_row_group_size_must_be_positive(tmp_path):
    with (tmp_path / "x").open("wb") as file, pytest.raises(ValueError, match="row_group_size"):
        ParquetItemExporter(file, row_group_size=0)


def test_storage_shows_nothing_under_the_final_name_until_stored(tmp_path):
    target = tmp_path / "out.parquet"
    storage = AtomicFileFeedStorage(str(target), feed_options={"format": "parquet", "overwrite": True})
    file = storage.open(spider=None)
    file.write(b"partial bytes")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()][0].endswith(".partial")
    storage.store(file)
    assert target.read_bytes() == b"partial bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


def test_storage_overwrite_replaces_an_existing_file_only_at_the_end(tmp_path):
    target = tmp_path / "out.parquet"
    target.write_bytes(b"old")
    storage = AtomicFileFeedStorage(str(target), feed_options={"format": "parquet", "overwrite": True})
    file = storage.open(spider=None)
    file.write(b"new")
    assert target.read_bytes() == b"old"
    storage.store(file)
    assert target.read_bytes() == b"new"


def test_appending_to_a_parquet_file_is_refused_with_a_clear_message(tmp_path):
    target = tmp_path / "out.parquet"
    target.write_bytes(b"PAR1")
    storage = AtomicFileFeedStorage(str(target), feed_options={"format": "parquet", "overwrite": False})
    with pytest.raises(ValueError, match="use -O"):
        storage.open(spider=None)
    assert target.read_bytes() == b"PAR1"


def test_appending_a_line_format_keeps_earlier_lines(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b'{"a": 1}\n')
    storage = AtomicFileFeedStorage(str(target), feed_options={"format": "jsonlines", "overwrite": False})
    file = storage.open(spider=None)
    file.write(b'{"a": 2}\n')
    storage.store(file)
    assert target.read_bytes() == b'{"a": 1}\n{"a": 2}\n'
