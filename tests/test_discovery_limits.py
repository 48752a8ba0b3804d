"""Discovery's limits and failures on small loopback sites: paging stops, sitemap size, failing loudly, quietly.

Each site is a function from a request path to (status, headers, body), served on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import re
import socket
from collections.abc import Callable

import pytest

from tests.conftest import run_crawl
from tests.loopback import Page, serve

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
NOT_FOUND: Page = (404, HTML, b"<html><body>Not found</body></html>")


def article(path: str) -> Page:
    """A WordPress post page, dated by its permalink."""
    year, month, day = re.search(r"/(\d{4})/(\d\d)/(\d\d)/", path).groups()
    return (
        200,
        HTML,
        (
            f'<html lang="en"><head><meta name="generator" content="WordPress 6.4"><title>{path}</title>'
            f'<meta property="article:published_time" content="{year}-{month}-{day}T10:00:00+09:00"></head><body><article>'
            f'<h1 class="entry-title">Post {path}</h1><div class="entry-content"><p>Text of the post at {path}, '
            "long enough to be an article body of its own.</p></div></article></body></html>"
        ).encode(),
    )


def listing(links: list[str], next_href: str | None = None, head: str = "") -> Page:
    """A WordPress archive page listing `links`, with a next-page link."""
    entries = "".join(f'<article><h2 class="entry-title"><a href="{link}">{link}</a></h2></article>' for link in links)
    pager = f'<a class="next page-numbers" href="{next_href}">Next</a>' if next_href else ""
    return 200, HTML, f'<html lang="en"><head><meta name="generator" content="WordPress 6.4">{head}</head><body>{entries}{pager}</body></html>'.encode()


def site(pages: Callable[[str], Page]):
    """Serve `pages` (path -> page) on loopback; yields the site URL and the paths requested."""
    return serve(lambda path, origin: pages(path))


def crawl(tmp_path, url: str, *arguments: str, settings: dict[str, str] | None = None):
    given = [part for argument in (f"url={url}", *arguments) for part in ("-a", argument)]
    return run_crawl("wordpress", tmp_path / "out.parquet", *given, settings=settings)


# --- paging -------------------------------------------------------------------------------------

FEED_HOME = '<link rel="alternate" type="application/rss+xml" href="/feed/">'
RSS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<item><link>/2021/10/10/a/</link><pubDate>Sun, 10 Oct 2021 01:00:00 +0000</pubDate></item>
<item><link>/2021/10/11/b/</link><pubDate>Mon, 11 Oct 2021 01:00:00 +0000</pubDate></item>
</channel></rss>"""


def feed_ignoring_paged(path: str) -> Page:
    if path == "/":
        return listing([], head=FEED_HOME)
    if path.startswith("/feed/"):
        return 200, {"Content-Type": "application/rss+xml"}, RSS  # the same page whatever ?paged= says
    return article(path) if path.startswith("/2021/") else NOT_FOUND


def test_a_feed_that_ignores_paged_costs_at_most_two_extra_requests(tmp_path):
    with site(feed_ignoring_paged) as (url, requested):
        result = crawl(tmp_path, url, "discover=feed")
    feed_requests = [path for path in requested if path.startswith("/feed/")]
    assert 1 < len(feed_requests) <= 3, feed_requests
    assert result.table.num_rows == 2


def endless_archive(path: str) -> Page:
    page = 1 if path == "/" else int(re.fullmatch(r"/page/(\d+)/", path).group(1)) if path.startswith("/page/") else None
    if page is not None:
        return listing([f"/2021/10/{page:02d}/post-{page}-{k}/" for k in (1, 2)], f"/page/{page + 1}/")
    return article(path) if path.startswith("/2021/") else NOT_FOUND


def test_archive_paging_stops_at_the_page_cap(tmp_path):
    with site(endless_archive) as (url, requested):
        result = crawl(tmp_path, url, "discover=archive", settings={"SINMUN_DISCOVERY_MAX_PAGES": "3"})
    assert [path for path in requested if path.startswith("/page/")] == ["/page/2/", "/page/3/"]
    assert result.table.num_rows == 6


def archive_repeating_itself(path: str) -> Page:
    if path in ("/", "/page/2/"):
        return listing(["/2021/10/01/a/", "/2021/10/02/b/"], "/page/2/" if path == "/" else "/page/3/")
    return article(path) if path.startswith("/2021/") else NOT_FOUND


def test_archive_paging_stops_at_a_page_with_nothing_new(tmp_path):
    with site(archive_repeating_itself) as (url, requested):
        result = crawl(tmp_path, url, "discover=archive")
    assert "/page/2/" in requested and "/page/3/" not in requested
    assert result.table.num_rows == 2


# --- sitemaps -----------------------------------------------------------------------------------


def huge_gzipped_sitemap(path: str) -> Page:
    if path == "/robots.txt":
        return 200, {"Content-Type": "text/plain"}, b"Sitemap: /sitemap.xml.gz\n"
    if path == "/sitemap.xml.gz":
        entries = b"".join(b"<url><loc>/2021/10/10/p%d/</loc></url>" % n for n in range(5000))
        return 200, {"Content-Type": "application/gzip"}, gzip.compress(b'<?xml version="1.0"?><urlset>' + entries + b"</urlset>")
    return listing([]) if path == "/" else NOT_FOUND


def test_a_sitemap_over_the_size_limit_is_refused_and_said_so(tmp_path):
    with site(huge_gzipped_sitemap) as (url, requested):
        result = crawl(tmp_path, url, "discover=sitemap", settings={"SINMUN_SITEMAP_MAXSIZE": "100000"})
    assert f"Discovery request {url}sitemap.xml.gz is larger than 100000 bytes uncompressed" in result.log
    assert not [path for path in requested if path.startswith("/2021/")]
    assert result.summary["discovery"]["failure"].startswith(f"-a discover=sitemap: no working sitemap on {url}")


# --- failing loudly -----------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_site_that_does_not_answer_fails_after_the_home_page(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/"
    result = crawl(tmp_path, url)
    failure = result.summary["discovery"]["failure"]
    assert failure.startswith(f"The home page {url} failed (") and "refused" in failure
    assert f"ERROR: {failure}" in result.log
    assert result.summary["discovery"]["requests"] == 1  # no surface is tried on a host that does not answer


def test_a_site_where_nothing_answers_names_every_surface(tmp_path):
    with site(lambda path: NOT_FOUND) as (url, _):
        result = crawl(tmp_path, url)
    failure = result.summary["discovery"]["failure"]
    assert failure.startswith(f"The home page {url} answered HTTP 404, and no discovery surface answered (rest: ")
    assert all(f"{surface}: " in failure for surface in ("sitemap", "feed", "archive"))
    assert result.summary["discovery"]["failed"] == result.summary["discovery"]["requests"]


def test_a_forced_surface_the_site_lacks_fails_naming_the_url_and_status(tmp_path):
    with site(lambda path: listing(["/2021/10/10/a/"]) if path == "/" else NOT_FOUND) as (url, _):
        result = crawl(tmp_path, url, "discover=rest")
    failure = result.summary["discovery"]["failure"]
    assert failure.startswith(f"-a discover=rest: no working REST API on {url} (") and "answered HTTP 404" in failure
    assert re.search(rf"INFO: Discovery request {re.escape(url)}wp-json/wp/v2/posts\?\S+ answered HTTP 404", result.log)


def rest_with_nothing_in_range(path: str) -> Page:
    if path == "/":
        return listing([], head='<link rel="https://api.w.org/" href="/wp-json/">')
    if path.startswith("/wp-json/wp/v2/posts?"):
        return 200, {"Content-Type": "application/json", "X-WP-Total": "0", "X-WP-TotalPages": "0"}, b"[]"
    return NOT_FOUND


def test_a_surface_that_answers_with_nothing_in_range_is_not_a_failure(tmp_path):
    with site(rest_with_nothing_in_range) as (url, requested):
        result = crawl(tmp_path, url, "since=2031-01-01")
    assert "failure" not in result.summary["discovery"]
    assert result.summary["discovery"]["surface"] == "rest" and not [path for path in requested if "sitemap" in path]
    assert f"the REST API of {url} answered but listed no article to collect" in result.log


def test_a_forced_surface_that_found_nothing_says_so(tmp_path):
    with site(rest_with_nothing_in_range) as (url, _):
        result = crawl(tmp_path, url, "discover=rest")
    assert f"WARNING: -a discover=rest: the REST API of {url} answered but listed no article to collect" in result.log


# --- quietly ------------------------------------------------------------------------------------


@pytest.mark.parametrize("surface", ("sitemap", "feed", "archive"))
def test_discovery_raises_no_deprecation_warning(tmp_path, monkeypatch, surface):
    monkeypatch.setenv("PYTHONWARNINGS", "default")

    def pages(path: str) -> Page:
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nSitemap: /wp-sitemap.xml\n"
        if path == "/wp-sitemap.xml":
            return 200, XML, f'<?xml version="1.0"?><urlset><url><loc>{url}2021/10/10/a/</loc></url></urlset>'.encode()
        return feed_ignoring_paged(path) if path != "/" else listing(["/2021/10/10/a/"], head=FEED_HOME)

    with site(pages) as (url, _):
        result = crawl(tmp_path, url, f"discover={surface}")
    assert result.table.num_rows >= 1
    ours = [line for line in result.log.splitlines() if "Warning:" in line and re.search(r"/(crawler|pipelines)/", line)]
    assert ours == []
