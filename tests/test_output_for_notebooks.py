"""What users load in notebooks: pandas, DuckDB and polars read sinmun's Parquet with the right types,
batches and empty crawls included."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

from crawler.items import ARTICLE_SCHEMA
from tests.conftest import run_crawl


def test_pandas_reads_dates_timestamps_and_lists(demo_crawl):
    frame = pd.read_parquet(demo_crawl.output)
    assert len(frame) == 32
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert str(frame["fetched_at"].dtype) == "datetime64[us, UTC]"
    assert any("Ideology" in list(value) for value in frame["categories"])
    assert all(isinstance(name, str) for value in frame["categories"] for name in value)
    assert frame["published"].notna().all()


def test_duckdb_sees_the_schema_types(demo_crawl):
    types = {row[0]: row[1] for row in duckdb.sql(f"describe select * from '{demo_crawl.output}'").fetchall()}
    assert types["published"] == "DATE"
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["categories"] == "VARCHAR[]"
    assert types["date_mentions"].startswith("STRUCT(")
    [(count,)] = duckdb.sql(f"select count(*) from '{demo_crawl.output}' where list_contains(categories, 'Ideology')").fetchall()
    assert count > 0


def test_polars_reads_dates_and_lists(demo_crawl):
    frame = pl.read_parquet(demo_crawl.output)
    assert frame.schema["published"] == pl.Date
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["tags"] == pl.List(pl.String)


def test_empty_crawl_writes_a_file_with_every_column(tmp_path):
    # A site that answered but listed nothing new: a successful run with no article.
    stub = {"SPIDER_MODULES": "tests.stub_spiders"}
    result = run_crawl("discovery-stub", tmp_path / "empty.parquet", "-a", "articles=0", "-a", "found=0", settings=stub)
    assert result.returncode == 0, result.log
    table = pq.read_table(result.output)
    assert table.num_rows == 0
    assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    assert pd.read_parquet(result.output).columns.tolist() == ARTICLE_SCHEMA.names


def test_batches_split_the_output_and_share_one_rejects_file(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(3):
        (archive / f"article-{number}.txt").write_text(f"Guideline {number}\n\nParagraph number {number} of the archive.\n", encoding="utf-8")
    shutil.copy(archive / "article-0.txt", archive / "copy-of-0.txt")
    (archive / "untitled.html").write_text("<html><body><div class='entry-content'><p>Text.</p></div></body></html>")
    template = tmp_path / "out" / "batch-%(batch_id)02d.parquet"
    result = run_crawl("files", template, "-a", f"path={archive}", settings={"FEED_EXPORT_BATCH_ITEM_COUNT": "1"})
    assert result.returncode == 0, result.log
    batches = sorted((tmp_path / "out").glob("batch-*.parquet"))
    assert [pq.read_table(path).num_rows for path in batches] == [1, 1, 1]
    (rejects_file,) = tmp_path.glob("out-*.rejects.jsonl")  # beside the batch folder, named for the run
    rejects = rejects_file.read_text().splitlines()
    assert sorted(json.loads(line)["reason"] for line in rejects) == ["duplicate-body", "missing-title"]
