"""Scheduled runs on the dataset fetch only what is new or changed, on loopback: the demo's REST API,
sitemaps and feeds, a site whose page fails once, and `make demo`. (The real WordPress, edited
between runs, is in tests/test_dataset_wordpress.py; a dataset a run cannot use, in test_dataset.py
and test_compact.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.layout import side_files_dir
from pipelines.dataset import load
from tests.conftest import REPO, crawl_stats, run_dataset_crawl
from tests.loopback import serve

DEMO_ARTICLES = 32
DEMO_REJECTED = 2  # the demo's two posts without article text: rejected, so never stored, so fetched each run


def summaries(dataset: Path) -> list[dict]:
    """The run summaries in the dataset's runs folder, oldest first."""
    return [json.loads(path.read_text()) for path in sorted(side_files_dir(dataset).glob("*.summary.json"))]


def test_make_demo_crawls_twice_and_the_second_run_writes_no_row_with_a_handful_of_requests(tmp_path):
    dataset = tmp_path / "articles"
    process = subprocess.run(
        [sys.executable, "-m", "demo.run", "--port", "0", "--dataset", str(dataset)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert process.returncode == 0, process.stderr
    first, second = summaries(dataset)
    assert (first["new"], first["ok"]) == (DEMO_ARTICLES, True)
    assert (second["new"], second["updated"], second["ok"], second["exit_code"]) == (0, 0, True, 0)
    assert second["requests"] <= 5
    assert "run 2: 0 new, 0 updated" in process.stdout
    assert f"{DEMO_ARTICLES} articles in {dataset}" in process.stdout


@pytest.fixture(scope="module")
def second_runs(demo_site, demo_dataset, tmp_path_factory):
    """Each page-by-page surface run twice on the demo (into a dataset of its own), and REST once more on
    the shared demo dataset: the stats of the second runs."""
    stats = {}
    for surface in ("sitemap", "feed"):
        dataset = tmp_path_factory.mktemp(surface) / "articles"
        for _ in range(2):
            process = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}", "-a", f"discover={surface}")
            assert process.returncode == 0, process.stderr
        stats[surface] = crawl_stats(process.stderr) | {"log": process.stderr}
    dataset = tmp_path_factory.mktemp("rest") / "articles"
    shutil.copytree(demo_dataset, dataset)
    process = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}")
    assert process.returncode == 0, process.stderr
    stats["rest"] = crawl_stats(process.stderr) | {"log": process.stderr, "dataset": dataset}
    return stats


def test_a_rest_run_on_an_unchanged_site_asks_for_what_changed_since_the_last_run(second_runs):
    rest = second_runs["rest"]
    assert "Incremental run: REST asks" in rest["log"]
    assert rest["downloader/request_count"] <= 5
    assert rest["sinmun/discovery/rest/requests"] == 3  # modified since, published since, newest created
    assert "sinmun/dataset/rows" not in rest


def test_a_surface_that_answered_but_listed_nothing_new_is_a_success(second_runs):
    [last] = summaries(second_runs["rest"]["dataset"])[-1:]
    assert (last["ok"], last["exit_code"], last["new"]) == (True, 0, 0)


def test_a_sitemap_run_on_an_unchanged_site_reads_its_sitemaps_and_no_stored_page(second_runs):
    sitemap = second_runs["sitemap"]
    assert sitemap["sinmun/discovery/sitemap/unchanged"] == DEMO_ARTICLES  # lastmod no later than the stored version
    assert sitemap["sinmun/discovery/sitemap/found"] == DEMO_REJECTED
    assert "sinmun/dataset/rows" not in sitemap


def test_a_feed_run_on_an_unchanged_site_stops_paging_where_everything_is_stored(second_runs):
    feed = second_runs["feed"]
    assert feed["sinmun/discovery/feed/found"] == DEMO_REJECTED
    assert feed["sinmun/discovery/feed/requests"] < -(-(DEMO_ARTICLES + DEMO_REJECTED) // 10)  # fewer pages than the feed has
    assert "sinmun/dataset/rows" not in feed


def test_a_backfill_adds_exactly_its_range_and_a_later_whole_run_adds_the_rest(demo_site, tmp_path):
    dataset = tmp_path / "articles"
    backfill = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}", "-a", "since=2021-01-01", "-a", "until=2021-12-31")
    assert backfill.returncode == 0, backfill.stderr
    in_2021 = load(dataset)
    assert len(in_2021) and all(day.year == 2021 for day in in_2021["published"])
    whole = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}")
    assert whole.returncode == 0, whole.stderr
    assert "Incremental run" not in whole.stderr  # a backfill's high-water mark is its range's, not the site's
    assert crawl_stats(whole.stderr)["sinmun/dataset/new"] == DEMO_ARTICLES - len(in_2021)
    urls = load(dataset, latest=False)["url"]
    assert len(urls) == urls.nunique() == DEMO_ARTICLES


# --- a page that fails is asked for again --------------------------------------------------------

PAGE = (
    '<html lang="en"><head><meta name="generator" content="WordPress 6.4"></head><body><article class="post">'
    '<h1 class="entry-title">{title}</h1><div class="entry-content"><p>{title}: the text of the article, long enough to keep.</p></div>'
    '<time class="entry-date published" datetime="2024-03-0{day}T09:00:00+09:00">March {day}, 2024</time></article></body></html>'
)


POSTS = {"/2024/03/01/first/": "1", "/2024/03/02/second/": "2"}  # path -> day of March 2024


class FlakySite:
    """A WordPress-like site with a sitemap (with `lastmod`) of two posts, the second answering 503 while `failing`."""

    def __init__(self) -> None:
        self.failing = True
        self.listed = list(POSTS)

    def __call__(self, path: str, origin: str) -> tuple[int, dict[str, str], bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/":
            return 200, html, b'<html><head><meta name="generator" content="WordPress 6.4"></head><body></body></html>'
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, f"User-agent: *\nSitemap: {origin}/wp-sitemap.xml\n".encode()
        if path == "/wp-sitemap.xml":
            entries = "".join(f"<url><loc>{origin}{page}</loc><lastmod>2024-03-0{POSTS[page]}T09:00:00+09:00</lastmod></url>" for page in self.listed)
            body = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
            return 200, {"Content-Type": "application/xml"}, body.encode()
        if path == "/2024/03/02/second/" and self.failing:
            return 503, html, b"<html><body>Busy</body></html>"
        if path in POSTS:
            return 200, html, PAGE.format(title=path.split("/")[-2].title(), day=POSTS[path]).encode()
        return 404, html, b"<html><body>Not found</body></html>"


def test_a_page_that_failed_is_asked_for_again_by_the_next_run_even_if_no_listing_names_it(tmp_path):
    site, dataset = FlakySite(), tmp_path / "articles"
    arguments, settings = ("-a", "discover=sitemap"), {"RETRY_ENABLED": "False"}
    with serve(site) as (url, requested):
        first = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}", *arguments, settings=settings)
        assert first.returncode == 0, first.stderr
        assert [row["url"] for row in load(dataset, to="arrow").to_pylist()] == [f"{url}2024/03/01/first/"]
        site.failing, site.listed = False, ["/2024/03/01/first/"]  # the sitemap no longer names it
        requested.clear()
        second = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}", *arguments, settings=settings)
    assert second.returncode == 0, second.stderr
    assert crawl_stats(second.stderr)["sinmun/discovery/retried"] == 1
    rows = load(dataset, to="arrow").to_pylist()
    assert sorted((row["url"], row["source"]) for row in rows) == [(f"{url}2024/03/01/first/", "sitemap"), (f"{url}2024/03/02/second/", "sitemap")]
    assert "/2024/03/01/first/" not in requested  # known unchanged by its lastmod: not fetched


# --- a sitemap index that dates its sitemaps ---------------------------------------------------------


class DatedIndexSite:
    """A site whose sitemap index gives each sitemap a `lastmod` (as Yoast and Jetpack do): one sitemap a post."""

    def __call__(self, path: str, origin: str) -> tuple[int, dict[str, str], bytes]:
        xml, html = {"Content-Type": "application/xml"}, {"Content-Type": "text/html; charset=utf-8"}
        if path == "/":
            return 200, html, b'<html><head><meta name="generator" content="WordPress 6.4"></head><body></body></html>'
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, f"User-agent: *\nSitemap: {origin}/sitemap_index.xml\n".encode()
        lastmod = {page: f"2024-03-0{day}T09:00:00+09:00" for page, day in POSTS.items()}
        if path == "/sitemap_index.xml":
            entries = "".join(f"<sitemap><loc>{origin}/post-sitemap{day}.xml</loc><lastmod>{lastmod[page]}</lastmod></sitemap>" for page, day in POSTS.items())
            return 200, xml, f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'.encode()
        for page, day in POSTS.items():
            if path == f"/post-sitemap{day}.xml":
                entry = f"<url><loc>{origin}{page}</loc><lastmod>{lastmod[page]}</lastmod></url>"
                return 200, xml, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entry}</urlset>'.encode()
            if path == page:  # Yoast's pages state their modification time, which makes the dataset's high-water mark
                modified = f'<meta property="article:modified_time" content="{lastmod[page]}">'
                return 200, html, PAGE.format(title=page.split("/")[-2].title(), day=day).replace("</head>", modified + "</head>").encode()
        return 404, html, b"<html><body>Not found</body></html>"


def test_a_run_on_an_unchanged_site_skips_the_sitemaps_its_index_dates_before_the_dataset_high_water_mark(tmp_path):
    dataset = tmp_path / "articles"
    with serve(DatedIndexSite()) as (url, requested):
        first = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}", "-a", "discover=sitemap")
        assert first.returncode == 0, first.stderr
        assert len(load(dataset)) == len(POSTS)
        requested.clear()
        second = run_dataset_crawl("wordpress", dataset, "-a", f"url={url}", "-a", "discover=sitemap")
    assert second.returncode == 0, second.stderr
    # The first post's sitemap last changed more than SINMUN_MODIFIED_SAFETY_MARGIN (a day) before the newest
    # change the dataset holds: not read. The second's is within the margin: read, and its post known unchanged.
    assert sorted(set(requested)) == ["/", "/post-sitemap2.xml", "/robots.txt", "/sitemap_index.xml"]  # robots.txt twice: Scrapy's, the surface's
    stats = crawl_stats(second.stderr)
    assert stats["sinmun/discovery/sitemap/unchanged-sitemaps"] == 1
    assert stats["sinmun/discovery/sitemap/unchanged"] == 1
    assert len(load(dataset)) == len(POSTS)
