"""`scrapy crawl files`: saved pages and text dumps become Articles; bad files are skipped, never lost silently."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SEED, run_crawl

SAVED_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head>
<meta name="generator" content="WordPress 6.4.2">
<title>Foundation Anniversary Marked &#8211; Example Blog</title>
<link rel="canonical" href="https://example.org/2021/10/10/anniversary/">
<meta property="article:published_time" content="2021-10-10T08:30:00+09:00">
</head><body>
<article class="post type-post status-publish hentry">
<h1 class="entry-title">Foundation Anniversary Marked</h1>
<div class="entry-content">
<p>October 10, Juche 110 (2021) was the 76th founding anniversary of the WPK.</p>
<p>A lecture was given on the occasion of the day.</p>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/ideology/" rel="category tag">Ideology</a></span>
<span class="tags-links">Tagged <a href="/t/wpk/" rel="tag">WPK</a></span></footer>
</article>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form id="commentform"><p>Post Comment</p></form></div>
</body></html>
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    shutil.copy(SEED, folder / "000_85cc532c9a35d9dd.txt")
    (folder / "2021").mkdir()
    (folder / "2021" / "anniversary.html").write_text(SAVED_PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "binary.txt").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff\x00,")
    (folder / "no-title.html").write_text("<html><body><div class='entry-content'><p>Text.</p></div></body></html>")
    (folder / "notes.csv").write_text("a,b\n")
    return folder


@pytest.fixture(scope="module")
def crawl(archive, tmp_path_factory):
    return run_crawl("files", tmp_path_factory.mktemp("out") / "files.parquet", "-a", f"path={archive}")


def row_titled(crawl, title):
    return next(row for row in crawl.rows if row["title"] == title)


def test_crawl_succeeds_and_writes_one_row_per_good_file(crawl):
    assert crawl.returncode == 0, crawl.log
    assert sorted(row["title"] for row in crawl.rows) == ["Foundation Anniversary Marked", "Precious Guideline"]


def test_seed_row_has_title_categories_and_clean_body(crawl):
    seed = row_titled(crawl, "Precious Guideline")
    assert seed["categories"] == ["Ideology", "Narrated"]
    assert seed["body"].endswith("provided by Kim Jong Un.")
    assert "Leave a Reply" not in seed["body"] and "Log Out" not in seed["body"]
    assert seed["source"] == "file"
    assert seed["url"].startswith("file://") and seed["url"].endswith("000_85cc532c9a35d9dd.txt")


def test_saved_html_page_uses_its_canonical_url_and_wordpress_markup(crawl):
    page = row_titled(crawl, "Foundation Anniversary Marked")
    assert page["url"] == "https://example.org/2021/10/10/anniversary/"
    assert page["site"] == "example.org"
    assert page["fetched_url"].startswith("file://")
    assert page["categories"] == ["Ideology"] and page["tags"] == ["WPK"]
    assert page["language"] == "en-US"
    assert page["body"] == (
        "October 10, Juche 110 (2021) was the 76th founding anniversary of the WPK.\n\n"
        "A lecture was given on the occasion of the day."
    )
    assert page["published_raw"] == "2021-10-10T08:30:00+09:00"


def test_bad_files_are_skipped_with_reasons_in_the_summary(crawl):
    assert crawl.summary["files_skipped_by_reason"] == {"binary": 2, "empty": 1, "unsupported-type": 1}
    assert "Skipped file://" in crawl.log


def test_page_without_title_is_kept_as_a_rejected_item_with_its_reason(crawl):
    assert [(r["reason"], r["url"].rsplit("/", 1)[-1]) for r in crawl.rejects] == [("missing-title", "no-title.html")]
    assert crawl.rejects[0]["item"]["body"] == "Text."
    assert crawl.summary["rejected_by_reason"] == {"missing-title": 1}


def test_missing_path_is_a_clear_error(tmp_path):
    result = run_crawl("files", tmp_path / "x.parquet", "-a", f"path={tmp_path / 'nowhere'}")
    assert result.returncode != 0
    assert "does not exist" in result.log
    assert not (tmp_path / "x.parquet").exists()
