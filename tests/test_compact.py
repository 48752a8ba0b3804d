"""`scrapy compact`: fewer, larger part files, every distinct version once, atomic for readers."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from crawler.items import SCHEMA_VERSION
from crawler.layout import DatasetLock, exchange_dirs, partition_dirs, visible_parts
from pipelines.dataset import load
from tests.conftest import REPO, run_dataset_crawl, scrapy_command

DEMO_ARTICLES = 32


def compact(dataset) -> subprocess.CompletedProcess:
    return subprocess.run(scrapy_command("compact", str(dataset)), cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.fixture
def fragmented(demo_dataset, tmp_path):
    """The demo dataset with a part stored twice and a second version of one article in its own part."""
    dataset = tmp_path / "articles"
    shutil.copytree(demo_dataset, dataset)
    first = visible_parts(dataset)[0]
    shutil.copy(first, first.with_name("part-20000101T000000Z-restored-00001.parquet"))
    table = pq.read_table(first).slice(0, 1)
    edited = table.set_column(table.schema.get_field_index("body"), "body", pc.binary_join_element_wise(table.column("body"), " Edited.", ""))
    edited = edited.set_column(edited.schema.get_field_index("content_hash"), "content_hash", pc.utf8_upper(edited.column("content_hash")))
    edited = edited.set_column(edited.schema.get_field_index("version"), "version", pc.add(edited.column("version"), 1))
    pq.write_table(edited, first.with_name("part-20300101T000000Z-later-00001.parquet"))
    return dataset


def test_compaction_leaves_one_part_per_partition(fragmented):
    result = compact(fragmented)
    assert result.returncode == 0, result.stderr
    assert all(len(list(folder.glob("*.parquet"))) == 1 for folder in partition_dirs(fragmented))
    assert not list(fragmented.parent.glob(".articles.compact-*"))


def test_compaction_keeps_every_distinct_version_once_and_nothing_else(fragmented):
    before = load(fragmented, latest=False, to="arrow")
    assert before.num_rows == DEMO_ARTICLES + 2  # one exact duplicate, one second version
    assert compact(fragmented).returncode == 0
    after = load(fragmented, latest=False, to="arrow")
    assert after.num_rows == DEMO_ARTICLES + 1
    assert sorted(zip(after["url"].to_pylist(), after["version"].to_pylist())) == sorted(set(zip(before["url"].to_pylist(), before["version"].to_pylist())))
    assert load(fragmented, to="arrow").num_rows == DEMO_ARTICLES


def test_compaction_rewrites_parts_of_an_older_schema_to_the_current_one(demo_dataset, tmp_path):
    dataset = tmp_path / "articles"
    shutil.copytree(demo_dataset, dataset)
    part = visible_parts(dataset)[0]
    pq.write_table(pq.read_table(part).drop_columns(["version"]).replace_schema_metadata({b"sinmun.schema_version": b"1"}), part)
    assert compact(dataset).returncode == 0
    [rewritten] = list(part.parent.glob("*.parquet"))
    assert pq.read_schema(rewritten).metadata[b"sinmun.schema_version"] == SCHEMA_VERSION.encode()
    assert set(pq.read_table(rewritten).column("version").to_pylist()) == {1}


def test_compaction_refuses_while_a_crawl_holds_the_dataset(demo_dataset):
    crawl = DatasetLock(demo_dataset)
    crawl.acquire(exclusive=False, busy_message="")
    try:
        result = compact(demo_dataset)
    finally:
        crawl.release()
    assert result.returncode == 2
    assert "a crawl is appending to dataset" in result.stderr


def test_a_crawl_refuses_while_compaction_holds_the_dataset(demo_dataset, tmp_path):
    compaction = DatasetLock(demo_dataset)
    compaction.acquire(exclusive=True, busy_message="")
    try:
        result = run_dataset_crawl("files", demo_dataset, "-a", f"path={tmp_path}")
    finally:
        compaction.release()
    assert result.returncode == 1  # try again later
    assert result.stderr.strip().splitlines()[-1] == (
        f"sinmun crawl: failed: dataset {demo_dataset} is being compacted (scrapy compact holds it): run the crawl when it is done"
    )
    assert "Traceback" not in result.stderr


def test_a_reader_lists_the_old_files_or_the_new_never_a_mix(tmp_path):
    old, new = tmp_path / "month=3", tmp_path / "staged"
    for folder, names in ((old, ["part-a.parquet", "part-b.parquet", "part-c.parquet"]), (new, ["part-merged.parquet"])):
        folder.mkdir()
        for name in names:
            (folder / name).write_bytes(b"")
    listings: set[frozenset[str]] = set()
    swapping = threading.Event()

    def read_while_swapping() -> None:
        while not swapping.is_set():
            listings.add(frozenset(path.name for path in old.iterdir()))

    reader = threading.Thread(target=read_while_swapping)
    reader.start()
    for _ in range(2000):
        exchange_dirs(new, old)
    swapping.set()
    reader.join()
    assert listings <= {frozenset({"part-a.parquet", "part-b.parquet", "part-c.parquet"}), frozenset({"part-merged.parquet"})}


def test_a_staging_folder_left_by_a_killed_compaction_is_removed_and_the_dataset_kept(fragmented):
    stale = fragmented.parent / ".articles.compact-20000101T000000Z-dead00" / "site=127.0.0.1" / "year=2020" / "month=1"
    stale.mkdir(parents=True)
    (stale / "part-20000101T000000Z-dead00-00000.parquet").write_bytes(b"PAR1 half a file")
    before = load(fragmented, to="arrow").num_rows
    assert compact(fragmented).returncode == 0
    assert not stale.exists()
    assert load(fragmented, to="arrow").num_rows == before
