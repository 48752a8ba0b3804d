"""Side files (rejects, summary) follow the output, local or object storage, and never get in a Parquet reader's way."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scrapy.settings import Settings

from pipelines.outputs import side_file_uri
from tests.conftest import REPO, S3_CREDENTIALS, scrapy_command

STARTED = datetime(2025, 1, 31, 6, 0, 0, 123456, tzinfo=timezone.utc)
RUN = "2025-01-31T06-00-00+00-00"


def side(feed: str | None, kind: str = "summary", **settings: str) -> str:
    feeds = {feed: {"format": "parquet"}} if feed else {}
    return side_file_uri(Settings({"FEEDS": feeds, **settings}), "files", kind, STARTED)


def test_a_single_output_has_its_side_files_beside_it_named_after_it():
    assert side("out/articles.parquet") == "out/articles.summary.json"
    assert side("out/articles.parquet", "rejects") == "out/articles.rejects.jsonl"
    assert side("file:///data/articles.parquet") == "/data/articles.summary.json"


def test_a_templated_output_has_its_side_files_beside_its_folder_named_for_the_run():
    assert side("out/batches/%(batch_id)05d.parquet") == f"out/batches-{RUN}.summary.json"
    assert side("out/%(time)s/part-%(batch_id)d.parquet", "rejects") == f"out-{RUN}.rejects.jsonl"


def test_a_template_without_a_folder_names_the_side_files_for_the_spider_and_the_run():
    assert side("%(time)s.parquet") == f"files-{RUN}.summary.json"


def test_object_storage_outputs_have_their_side_files_in_the_same_bucket():
    assert side("s3://bucket/runs/articles.parquet") == "s3://bucket/runs/articles.summary.json"
    assert side("s3://bucket/runs/%(batch_id)05d.parquet") == f"s3://bucket/runs-{RUN}.summary.json"


def test_the_settings_put_a_side_file_elsewhere():
    assert side("out/articles.parquet", SINMUN_SUMMARY_PATH="/var/log/sinmun/last.json") == "/var/log/sinmun/last.json"


def test_without_a_feed_side_files_go_to_the_output_folder():
    assert side(None) == "output/files.summary.json"
    assert side("stdout:", "rejects") == "output/files.rejects.jsonl"


# --- end to end: batches and templated names -------------------------------------------------------


def write_five_articles(folder: Path) -> Path:
    folder.mkdir()
    for number in range(5):
        (folder / f"article-{number}.txt").write_text(f"Title {number}\n\nThe body of article number {number}.\n", encoding="utf-8")
    return folder


@pytest.fixture
def five_articles(tmp_path: Path) -> Path:
    return write_five_articles(tmp_path / "archive")


def crawl_files(path: Path, feed: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = scrapy_command("crawl", "files", "-a", f"path={path}", "-O", feed, settings=settings)
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


BATCHES_OF_2 = {"FEED_EXPORT_BATCH_ITEM_COUNT": "2"}


@pytest.fixture(scope="module")
def batched(tmp_path_factory) -> Path:
    """One run writing five articles in batches of two to `batches/%(batch_id)05d.parquet`; returns the parent folder."""
    parent = tmp_path_factory.mktemp("batched")
    process = crawl_files(write_five_articles(parent / "archive"), f"{parent}/batches/%(batch_id)05d.parquet", BATCHES_OF_2)
    assert process.returncode == 0, process.stderr[-3000:]
    return parent


def test_a_batched_output_folder_holds_only_parquet_and_every_reader_reads_it(batched):
    folder = batched / "batches"
    assert sorted(path.name for path in folder.iterdir()) == ["00001.parquet", "00002.parquet", "00003.parquet"]
    assert len(pd.read_parquet(folder)) == 5
    assert pl.read_parquet(folder).height == 5
    assert duckdb.sql(f"select count(*) from read_parquet('{folder}')").fetchall() == [(5,)]


def test_a_batched_runs_side_files_are_beside_its_folder_named_for_the_run(batched):
    (summary,) = batched.glob("batches-*.summary.json")
    (rejects,) = batched.glob("batches-*.rejects.jsonl")
    assert summary.name.removesuffix(".summary.json") == rejects.name.removesuffix(".rejects.jsonl")
    assert json.loads(summary.read_text())["articles"] == 5


def test_each_run_of_a_templated_output_keeps_its_own_side_files(five_articles, tmp_path):
    for _ in range(2):
        assert crawl_files(five_articles, f"{tmp_path}/runs/%(time)s.parquet").returncode == 0
    assert len(list((tmp_path / "runs").glob("*.parquet"))) == 2
    summaries = sorted(tmp_path.glob("runs-*.summary.json"))
    assert len(summaries) == 2
    assert [json.loads(path.read_text())["started"] for path in summaries] == [
        path.name.removeprefix("runs-").removesuffix(".summary.json") for path in summaries
    ]


def test_a_failed_batched_run_publishes_no_batch_and_leaves_the_earlier_ones(five_articles, tmp_path):
    folder = tmp_path / "batches"
    folder.mkdir()
    for batch in (1, 2, 3):  # yesterday's batches
        pq.write_table(pa.table({"title": [f"Yesterday {batch}"]}), folder / f"{batch:05d}.parquet")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    for number in range(6):
        (five_articles / f"title-only-{number}.txt").write_text(f"Only a title {number}\n", encoding="utf-8")
    process = crawl_files(five_articles, f"{folder}/%(batch_id)05d.parquet", BATCHES_OF_2)
    assert process.returncode == 1
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


# --- object storage (a real S3-compatible server on loopback) ----------------------------------------


@pytest.fixture
def s3(s3_endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=s3_endpoint, **S3_CREDENTIALS)


def s3_settings(endpoint: str) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": S3_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": S3_CREDENTIALS["aws_secret_access_key"],
        "AWS_REGION_NAME": S3_CREDENTIALS["region_name"],
    }


def keys(s3, prefix: str) -> list[str]:
    return sorted(entry["Key"] for entry in s3.list_objects_v2(Bucket="sinmun", Prefix=prefix).get("Contents", []))


def test_an_s3_outputs_side_files_go_beside_it_in_the_bucket_not_to_the_local_disk(five_articles, s3, s3_endpoint):
    local_before = sorted((REPO / "output").glob("*")) if (REPO / "output").exists() else []
    process = crawl_files(five_articles, "s3://sinmun/single/articles.parquet", s3_settings(s3_endpoint))
    assert process.returncode == 0, process.stderr[-3000:]
    assert keys(s3, "single/") == ["single/articles.parquet", "single/articles.rejects.jsonl", "single/articles.summary.json"]
    summary = json.loads(s3.get_object(Bucket="sinmun", Key="single/articles.summary.json")["Body"].read())
    assert summary["ok"] is True and summary["rejects_path"] == "s3://sinmun/single/articles.rejects.jsonl"
    table = pq.read_table(io.BytesIO(s3.get_object(Bucket="sinmun", Key="single/articles.parquet")["Body"].read()))
    assert table.num_rows == 5
    assert (sorted((REPO / "output").glob("*")) if (REPO / "output").exists() else []) == local_before


def test_a_templated_s3_outputs_side_files_are_named_for_the_run_beside_its_prefix(five_articles, s3, s3_endpoint):
    process = crawl_files(five_articles, "s3://sinmun/batches/%(batch_id)05d.parquet", {**s3_settings(s3_endpoint), **BATCHES_OF_2})
    assert process.returncode == 0, process.stderr[-3000:]
    assert keys(s3, "batches/") == ["batches/00001.parquet", "batches/00002.parquet", "batches/00003.parquet"]
    assert [key.rsplit(".", 2)[-2:] for key in keys(s3, "batches-")] == [["rejects", "jsonl"], ["summary", "json"]]


def test_a_failed_s3_run_still_uploads_its_summary_saying_why(tmp_path, s3, s3_endpoint):
    empty = tmp_path / "empty"
    empty.mkdir()
    process = crawl_files(empty, "s3://sinmun/failed/articles.parquet", s3_settings(s3_endpoint))
    assert process.returncode == 1
    summary = json.loads(s3.get_object(Bucket="sinmun", Key="failed/articles.summary.json")["Body"].read())
    assert summary["ok"] is False and "nothing to read" in summary["failure"]
