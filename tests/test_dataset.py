"""The appendable dataset: runs without -O append new and changed articles to Hive partitions, and
pandas, DuckDB, polars and `pipelines.dataset.load` read it back with the right types."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crawler.items import ARTICLE_SCHEMA, SCHEMA_VERSION
from crawler.layout import INTERNAL, DatasetError, visible_parts
from crawler.state import StateStore
from pipelines.dataset import load
from tests.conftest import REPO, crawl_stats, run_crawl, run_dataset_crawl, scrapy_command

DEMO_ARTICLES = 32


@pytest.fixture
def editable_demo_site(tmp_path):
    """A demo site of the test's own, whose pages the test may edit while it is served."""
    from demo.build import build_site
    from demo.serve import serve_directory

    root = tmp_path / "site"
    build_site(root)
    with serve_directory(root) as url:
        yield root, url


def edit_article(site_root: Path, slug: str, old: str, new: str) -> None:
    page = next(site_root.glob(f"*/*/*/{slug}/index.html"))
    html = page.read_text(encoding="utf-8")
    assert old in html
    page.write_text(html.replace(old, new), encoding="utf-8")
    later = time.time() + 5  # newer than any If-Modified-Since the first run could send
    os.utime(page, (later, later))


def test_a_run_without_O_appends_to_site_year_month_partitions(demo_dataset):
    parts = visible_parts(demo_dataset)
    assert parts
    for part in parts:
        site, year, month = part.relative_to(demo_dataset).parts[:3]
        assert site == "site=127.0.0.1" and year.startswith("year=") and month.startswith("month=")
        assert part.name.startswith("part-") and part.suffix == ".parquet"
    assert sum(pq.read_metadata(part).num_rows for part in parts) == DEMO_ARTICLES
    assert sorted(path.name for path in (demo_dataset / INTERNAL).iterdir()) == ["dataset.json", "lock", "runs", "state.sqlite"]
    assert not list(demo_dataset.rglob(".*.tmp"))


def test_part_files_carry_the_run_id_and_the_schema_version(demo_dataset):
    [run_id] = {"-".join(part.stem.split("-")[1:3]) for part in visible_parts(demo_dataset)}
    assert run_id[:8].isdigit()
    metadata = pq.read_schema(visible_parts(demo_dataset)[0]).metadata
    assert metadata[b"sinmun.schema_version"] == SCHEMA_VERSION.encode()
    assert json.loads((demo_dataset / INTERNAL / "dataset.json").read_text())["schema_version"] == SCHEMA_VERSION


def test_pandas_reads_the_folder_with_one_site_column_and_the_schema_types(demo_dataset):
    frame = pd.read_parquet(demo_dataset)
    assert len(frame) == DEMO_ARTICLES
    assert list(frame.columns).count("site") == 1
    assert set(frame["site"].astype(str)) == {"127.0.0.1"}
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert all(isinstance(name, str) for value in frame["categories"] for name in value)
    assert (frame["year"].astype(int) == pd.to_datetime(frame["published"]).dt.year).all()


def test_duckdb_reads_the_hive_partitions_with_the_schema_types(demo_dataset):
    query = f"select * from read_parquet('{demo_dataset}/**/*.parquet', hive_partitioning = true)"
    types = {row[0]: row[1] for row in duckdb.sql(f"describe {query}").fetchall()}
    assert types["published"] == "DATE"
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["categories"] == "VARCHAR[]"
    assert types["site"] == "VARCHAR" and types["year"] == "BIGINT" and types["month"] == "BIGINT"
    [(rows, urls)] = duckdb.sql(f"select count(*), count(distinct url) from ({query})").fetchall()
    assert rows == urls == DEMO_ARTICLES


def test_polars_scans_the_hive_partitions_with_the_schema_types(demo_dataset):
    frame = pl.scan_parquet(f"{demo_dataset}/**/*.parquet", hive_partitioning=True).collect()
    assert frame.height == DEMO_ARTICLES
    assert frame.schema["published"] == pl.Date
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["tags"] == pl.List(pl.String)
    assert frame["site"].unique().to_list() == ["127.0.0.1"]


def test_load_returns_one_row_per_article_with_the_article_schema(demo_dataset):
    table = load(demo_dataset, to="arrow")
    assert table.num_rows == DEMO_ARTICLES
    assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    assert set(table.column("version").to_pylist()) == {1}


def test_load_filters_by_date_site_and_columns(demo_dataset):
    everything = load(demo_dataset)
    in_2022 = load(demo_dataset, since="2022-01-01", until="2022-12-31", columns=["url", "published"])
    assert list(in_2022.columns) == ["url", "published"]
    assert len(in_2022) == sum(day.year == 2022 for day in everything["published"])
    assert load(demo_dataset, sites=["elsewhere.example"]).empty
    assert load(demo_dataset, to="polars", sites="127.0.0.1").height == DEMO_ARTICLES


def test_a_dataset_of_a_newer_sinmun_is_refused(tmp_path):
    dataset = tmp_path / "articles"
    (dataset / INTERNAL).mkdir(parents=True)
    (dataset / INTERNAL / "dataset.json").write_text(json.dumps({"schema_version": str(int(SCHEMA_VERSION) + 1)}))
    with pytest.raises(DatasetError, match="written by a newer sinmun"):
        load(dataset)
    process = run_dataset_crawl("files", dataset, "-a", f"path={tmp_path}")
    assert process.returncode == 2  # refused before the first request, in one line
    assert process.stderr.strip().splitlines()[-1].startswith(f"sinmun crawl: error: dataset {dataset} was written by a newer sinmun")
    assert "Traceback" not in process.stderr


def test_parts_of_an_older_schema_load_with_the_new_column_null(demo_dataset, tmp_path):
    dataset = tmp_path / "articles"
    shutil.copytree(demo_dataset, dataset)
    part = visible_parts(dataset)[0]
    old = pq.read_table(part).drop_columns(["version"])
    pq.write_table(old.replace_schema_metadata({b"sinmun.schema_version": b"1"}), part)
    table = load(dataset, to="arrow", latest=False)
    assert table.num_rows == DEMO_ARTICLES
    assert table.column("version").null_count == old.num_rows


def test_with_O_a_run_writes_its_file_and_leaves_the_dataset_alone(demo_site, tmp_path):
    result = run_crawl("wordpress", tmp_path / "one-off.parquet", "-a", f"url={demo_site}", settings={"SINMUN_DATASET": str(tmp_path / "articles")})
    assert result.returncode == 0, result.log
    assert pq.read_table(result.output).num_rows == DEMO_ARTICLES
    assert not (tmp_path / "articles").exists()


def test_an_unchanged_site_writes_no_row_and_a_changed_article_becomes_version_2(editable_demo_site, tmp_path):
    site_root, url = editable_demo_site
    dataset = tmp_path / "articles"
    first = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}")
    assert first.returncode == 0, first.stderr
    parts_after_first = visible_parts(dataset)

    again = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}")
    assert again.returncode == 0, again.stderr
    assert visible_parts(dataset) == parts_after_first
    stats = crawl_stats(again.stderr)
    assert stats["sinmun/dataset/unchanged"] == DEMO_ARTICLES
    assert stats["sinmun/dataset/not_modified"] == DEMO_ARTICLES  # static pages answered 304 to If-Modified-Since
    assert "sinmun/dataset/new" not in stats

    edit_article(site_root, "kimjang-custom", "every Korean family", "every family in the country")
    changed = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}")
    assert changed.returncode == 0, changed.stderr
    assert crawl_stats(changed.stderr)["sinmun/dataset/updated"] == 1
    versions = load(dataset, latest=False, to="arrow").to_pylist()
    edited = sorted((row["version"], "every family in the country" in row["body"]) for row in versions if "kimjang-custom" in row["url"])
    assert edited == [(1, False), (2, True)]
    assert len(versions) == DEMO_ARTICLES + 1
    latest = load(dataset)
    assert len(latest) == DEMO_ARTICLES
    assert latest.loc[latest["url"].str.contains("kimjang-custom"), "version"].tolist() == [2]


def test_part_files_roll_every_n_rows(demo_site, tmp_path):
    dataset = tmp_path / "articles"
    process = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}", settings={"SINMUN_DATASET_PART_ROWS": "5"})
    assert process.returncode == 0, process.stderr
    sequences = {part.stem.rsplit("-", 1)[1] for part in visible_parts(dataset)}
    assert len(sequences) == -(-DEMO_ARTICLES // 5)  # one publication per 5 rows
    assert load(dataset, to="arrow").num_rows == DEMO_ARTICLES


def test_two_runs_at_once_on_one_dataset_both_work_and_store_each_article_once(demo_site, tmp_path):
    dataset = tmp_path / "articles"
    command = scrapy_command("crawl", "wordpress", "-a", f"url={demo_site}", settings={"SINMUN_DATASET": str(dataset), "SINMUN_DATASET_PART_ROWS": "4"})
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    logs = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], logs
    table = load(dataset, latest=False, to="arrow")
    assert table.num_rows == DEMO_ARTICLES
    assert set(table.column("version").to_pylist()) == {1}
    assert sum(crawl_stats(log).get("sinmun/dataset/new", 0) for log in logs) == DEMO_ARTICLES


def test_a_part_published_by_a_run_that_died_before_committing_is_not_stored_again(demo_dataset, demo_site, tmp_path):
    dataset = tmp_path / "articles"
    shutil.copytree(demo_dataset, dataset)
    (dataset / INTERNAL / "state.sqlite").unlink()  # as if no commit had happened after the parts were renamed
    leftover = visible_parts(dataset)[0].with_name(".part-died-while-writing.parquet.tmp")
    leftover.write_bytes(b"PAR1 half a file")
    process = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}")
    assert process.returncode == 0, process.stderr
    stats = crawl_stats(process.stderr)
    assert "sinmun/dataset/new" not in stats
    assert stats.get("sinmun/dataset/unchanged", 0) + stats.get("sinmun/discovery/unchanged", 0) == DEMO_ARTICLES  # read back, so known
    assert load(dataset, latest=False, to="arrow").num_rows == DEMO_ARTICLES
    assert not leftover.exists()


def test_the_state_knows_what_was_stored_and_when_it_was_modified(demo_dataset):
    store = StateStore(demo_dataset)
    try:
        known = list(store.known("127.0.0.1"))
        assert len(known) == DEMO_ARTICLES
        assert all(article.version == 1 and article.content_hash and article.modified_at for article in known)
        assert store.failed_urls("127.0.0.1") == {}
    finally:
        store.close()


def test_unreadable_nothing_is_ever_visible_to_readers(demo_dataset):
    for part in visible_parts(demo_dataset):
        assert pq.read_table(part).num_rows > 0
    assert pa.concat_tables(pq.read_table(part) for part in visible_parts(demo_dataset)).num_rows == DEMO_ARTICLES


def test_articles_without_a_site_or_a_date_get_partitions_of_their_own(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "undated.txt").write_text("A Report Without a Date\n\nThe text of the report, with no date at all.\n", encoding="utf-8")
    dataset = tmp_path / "articles"
    process = run_dataset_crawl("files", dataset, "-a", f"path={archive}")
    assert process.returncode == 0, process.stderr
    [part] = visible_parts(dataset)
    assert part.relative_to(dataset).parts[:3] == ("site=local", "year=0", "month=0")
    [row] = load(dataset, to="arrow").to_pylist()
    assert row["site"] is None and row["published"] is None
    assert len(pd.read_parquet(dataset)) == 1
