"""Scheduled runs against a real WordPress that its editors change: only new and changed posts are
written, changed ones as new versions (a scratch WordPress of the tests' own, see conftest)."""

from __future__ import annotations

import pytest

from pipelines.dataset import load
from tests.conftest import crawl_stats, run_dataset_crawl

PUBLISHED = 230  # tests/wordpress/generate_content.php


@pytest.fixture(scope="module")
def runs(scratch_wordpress, tmp_path_factory):
    """Run; run again; add 5 posts and edit 2 through WordPress; run again. Each run's stats, and the dataset."""
    dataset = tmp_path_factory.mktemp("wordpress-dataset") / "articles"

    def crawl() -> dict[str, int]:
        process = run_dataset_crawl("wordpress", dataset, "-a", f"url={scratch_wordpress.url}", "-a", "discover=rest")
        assert process.returncode == 0, process.stderr
        return crawl_stats(process.stderr)

    first, unchanged = crawl(), crawl()
    changes = scratch_wordpress.change_posts(add=5, edit=2)
    after_changes = crawl()
    return {"first": first, "unchanged": unchanged, "after_changes": after_changes, "changes": changes, "dataset": dataset}


def test_the_first_run_stores_every_published_post_as_version_1(runs):
    assert runs["first"]["sinmun/dataset/new"] == PUBLISHED
    assert runs["first"].get("sinmun/dataset/updated", 0) == 0


def test_a_second_run_of_an_unchanged_site_writes_no_row(runs):
    assert runs["unchanged"]["sinmun/dataset/unchanged"] == PUBLISHED
    assert "sinmun/dataset/rows" not in runs["unchanged"]


def test_after_5_posts_added_and_2_edited_a_run_writes_5_new_rows_and_2_new_versions(runs):
    stats = runs["after_changes"]
    assert (stats["sinmun/dataset/new"], stats["sinmun/dataset/updated"], stats["sinmun/dataset/rows"]) == (5, 2, 7)
    rows = load(runs["dataset"], latest=False, to="arrow").select(["url", "version"]).to_pylist()
    assert len(rows) == PUBLISHED + 7
    versions = {url: sorted(row["version"] for row in rows if row["url"] == url) for url in runs["changes"]["edited"]}
    assert versions == {url: [1, 2] for url in runs["changes"]["edited"]}
    assert {row["url"] for row in rows if row["url"] in runs["changes"]["added"]} == set(runs["changes"]["added"])


def test_the_loader_gives_each_post_once_at_its_latest_version(runs):
    latest = load(runs["dataset"], columns=["url", "version"])
    assert len(latest) == latest["url"].nunique() == PUBLISHED + 5
    assert set(latest.loc[latest["url"].isin(runs["changes"]["edited"]), "version"]) == {2}
