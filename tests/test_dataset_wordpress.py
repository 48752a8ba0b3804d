"""Scheduled runs against a real WordPress that its editors change: only new and changed posts are
fetched and written, changed ones as new versions, at most 5 requests on an unchanged site (a
scratch WordPress of the tests' own, started once for this module, see conftest)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pyarrow.parquet as pq
import pytest

from crawler.layout import side_files_dir, visible_parts
from pipelines.dataset import load
from tests.conftest import REPO, crawl_stats, run_dataset_crawl, scrapy_command

PUBLISHED = 230  # tests/wordpress/generate_content.php
#: home page, robots.txt and one page of each of the three REST listings of an incremental run
MOST_REQUESTS_ON_AN_UNCHANGED_SITE = 5


@pytest.fixture(scope="module")
def runs(scratch_wordpress, tmp_path_factory):
    """Run; run again; add 5 posts and edit 2 through WordPress; run again; publish a post scheduled and
    edited two days ago; run again; run again. Each run's stats, the changes, and the dataset."""
    dataset = tmp_path_factory.mktemp("wordpress-dataset") / "articles"

    def crawl() -> dict[str, int]:
        process = run_dataset_crawl("wordpress", dataset, "-a", f"url={scratch_wordpress.url}", "-a", "discover=rest")
        assert process.returncode == 0, process.stderr
        return crawl_stats(process.stderr)

    first, unchanged = crawl(), crawl()
    changes = scratch_wordpress.change_posts(add=5, edit=2)
    after_changes = crawl()
    scheduled = scratch_wordpress.change_posts(scheduled=1)["scheduled"]
    after_scheduled, unchanged_again = crawl(), crawl()
    return {
        "first": first,
        "unchanged": unchanged,
        "after_changes": after_changes,
        "after_scheduled": after_scheduled,
        "unchanged_again": unchanged_again,
        "changes": changes,
        "scheduled": scheduled,
        "dataset": dataset,
    }


def test_the_first_run_stores_every_published_post_as_version_1(runs):
    assert runs["first"]["sinmun/dataset/new"] == PUBLISHED
    assert runs["first"].get("sinmun/dataset/updated", 0) == 0


@pytest.mark.parametrize("run", ["unchanged", "unchanged_again"])
def test_a_run_of_an_unchanged_site_makes_at_most_5_requests_and_writes_no_row(runs, run):
    stats = runs[run]
    assert stats["downloader/request_count"] <= MOST_REQUESTS_ON_AN_UNCHANGED_SITE
    assert "sinmun/dataset/rows" not in stats
    assert "sinmun/discovery/found" not in stats  # what the listings held since the mark, the dataset held as it is


def test_after_5_posts_added_and_2_edited_a_run_writes_5_new_rows_and_2_new_versions(runs):
    stats = runs["after_changes"]
    assert (stats["sinmun/dataset/new"], stats["sinmun/dataset/updated"], stats["sinmun/dataset/rows"]) == (5, 2, 7)
    assert stats["downloader/request_count"] <= MOST_REQUESTS_ON_AN_UNCHANGED_SITE
    rows = load(runs["dataset"], latest=False, to="arrow").select(["url", "version"]).to_pylist()
    versions = {url: sorted(row["version"] for row in rows if row["url"] == url) for url in runs["changes"]["edited"]}
    assert versions == {url: [1, 2] for url in runs["changes"]["edited"]}
    assert {row["url"] for row in rows if row["url"] in runs["changes"]["added"]} == set(runs["changes"]["added"])


def test_a_scheduled_post_that_went_live_with_an_older_modification_time_is_stored(runs):
    assert runs["after_scheduled"]["sinmun/dataset/new"] == 1
    assert set(load(runs["dataset"], columns=["url"])["url"]) >= set(runs["scheduled"])


def test_the_loader_gives_each_post_once_at_its_latest_version(runs):
    latest = load(runs["dataset"], columns=["url", "version"])
    assert len(latest) == latest["url"].nunique() == PUBLISHED + 5 + 1
    assert set(latest.loc[latest["url"].isin(runs["changes"]["edited"]), "version"]) == {2}


def test_each_run_wrote_its_summary_in_the_datasets_runs_folder(runs):
    summaries = [json.loads(path.read_text()) for path in sorted(side_files_dir(runs["dataset"]).glob("*.summary.json"))]
    assert [(summary["new"], summary["updated"]) for summary in summaries] == [(PUBLISHED, 0), (0, 0), (5, 2), (1, 0), (0, 0)]
    assert all(summary["ok"] and summary["exit_code"] == 0 for summary in summaries)
    part_runs = {"-".join(part.stem.split("-")[1:3]) for part in visible_parts(runs["dataset"])}
    assert part_runs == {summary["run_id"] for summary in summaries if summary["new"] or summary["updated"]}


def test_compaction_keeps_every_distinct_version_and_nothing_else(runs, tmp_path):
    dataset = tmp_path / "articles"
    shutil.copytree(runs["dataset"], dataset)
    stored_twice = visible_parts(dataset)[0]
    shutil.copy(stored_twice, stored_twice.with_name("part-20000101T000000Z-restored-00001.parquet"))  # as a restore from backup would
    before = load(dataset, latest=False, to="arrow")
    compacted = subprocess.run(scrapy_command("compact", str(dataset)), cwd=REPO, capture_output=True, text=True, timeout=120)
    assert compacted.returncode == 0, compacted.stderr
    after = load(dataset, latest=False, to="arrow")
    key = ["url", "version", "content_hash"]
    distinct = {tuple(row[name] for name in key) for row in before.select(key).to_pylist()}
    kept = [tuple(row[name] for name in key) for row in after.select(key).to_pylist()]
    assert before.num_rows > len(distinct) and sorted(kept) == sorted(distinct)
    assert len(distinct) == PUBLISHED + 5 + 1 + 2  # every post once, and the 2 edited ones twice
    assert all(pq.read_metadata(part).num_rows for part in visible_parts(dataset))
