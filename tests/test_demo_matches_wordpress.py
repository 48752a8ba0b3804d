"""The demo server answers in the shapes a real WordPress does: the same fields, headers, errors and elements.

Compared side by side with the test WordPress of `.ci/wordpress.sh` (pretty permalinks); without it
these tests skip, except in CI, where a missing WordPress is a failure. Where the demo differs on
purpose it says so: its posts sitemap has `lastmod` (WordPress 6.5+; the test WordPress is 6.1)
and its feed items no `wfw:commentRss` (the demo serves no comment feeds).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import fetch

MANIFEST = Path(os.environ.get("SINMUN_WP_DIR", "/tmp/sinmun-wordpress")) / "manifest.json"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def wordpress() -> str:
    """The real WordPress's base URL, with a trailing slash."""
    problem = None
    if not MANIFEST.exists():
        problem = f"{MANIFEST} is missing"
    else:
        url = json.loads(MANIFEST.read_text())["sites"]["pretty"]["url"].rstrip("/") + "/"
        try:
            fetch(url)
        except OSError as error:
            problem = f"the test WordPress at {url} does not answer ({error})"
    if problem and os.environ.get("CI"):
        pytest.fail(f"{problem}: .ci/run must start WordPress with .ci/wordpress.sh")
    if problem:
        pytest.skip(f"{problem}: run `bash .ci/wordpress.sh` to start the test WordPress")
    return url


@pytest.fixture(scope="module")
def both(wordpress, demo_site):
    """GET the same path on the real WordPress and on the demo."""
    return lambda path: (fetch(wordpress + path), fetch(demo_site + path))


def keys(data: dict) -> list[str]:
    return list(data)


def test_posts_have_wordpress_fields_in_wordpress_order(both):
    real, demo = (reply.json()[0] for reply in both("wp-json/wp/v2/posts?per_page=2&_embed=author,wp:term"))
    assert keys(demo) == keys(real)
    assert keys(demo["_links"]) == keys(real["_links"])
    assert keys(demo["_embedded"]) == [key for key in keys(real["_embedded"]) if key != "replies"]
    assert keys(demo["_embedded"]["author"][0]) == keys(real["_embedded"]["author"][0])
    assert keys(demo["_embedded"]["wp:term"][0][0]) == keys(real["_embedded"]["wp:term"][0][0])
    assert {key: type(value) for key, value in demo.items()} == {key: type(value) for key, value in real.items()}


@pytest.mark.parametrize("route", ["wp-json/wp/v2/pages", "wp-json/wp/v2/categories", "wp-json/wp/v2/tags", "wp-json/wp/v2/users"])
def test_pages_terms_and_users_have_wordpress_fields(both, route):
    real, demo = (reply.json()[0] for reply in both(route))
    assert keys(demo) == keys(real)


def test_dates_are_written_the_same_way(both):
    real, demo = (reply.json()[0] for reply in both("wp-json/wp/v2/posts?per_page=1"))
    for field in ("date", "date_gmt", "modified", "modified_gmt"):
        assert len(demo[field]) == len(real[field]) == len("2022-01-20T07:30:00"), field


def test_paging_headers_are_wordpress_headers(both, wordpress, demo_site):
    real, demo = both("wp-json/wp/v2/posts?per_page=2&page=2")
    for header in ("X-WP-Total", "X-WP-TotalPages", "Content-Type"):
        assert (header in real.headers, header in demo.headers) == (True, True), header
    assert demo.headers["Content-Type"] == real.headers["Content-Type"]
    assert demo.headers["Link"].replace(demo_site, "") == real.headers["Link"].replace(wordpress, "")


@pytest.mark.parametrize(
    "query",
    ["per_page=101", "page=9999", "after=2021-01-01", "before=garbage", "status=draft", "orderby=relevance", "order=sideways", "per_page=abc"],
)
def test_bad_queries_get_wordpress_errors(both, query):
    real, demo = both(f"wp-json/wp/v2/posts?{query}")
    assert (demo.status, demo.json()["code"]) == (real.status, real.json()["code"])
    assert demo.json()["data"].get("params", {}).keys() == real.json()["data"].get("params", {}).keys()


@pytest.mark.parametrize("path", ["wp-json/wp/v2/posts/999999", "wp-json/wp/v2/categories/999999", "wp-json/wp/v2/users/999999", "wp-json/wp/v2/nothing"])
def test_missing_items_get_wordpress_errors(both, path):
    real, demo = both(path)
    assert (demo.status, demo.json()["code"]) == (real.status, real.json()["code"])


def test_an_empty_result_is_a_200_with_zero_totals(both):
    real, demo = both("wp-json/wp/v2/posts?search=nothing-matches-this")
    assert (demo.status, demo.body, demo.headers["X-WP-Total"], demo.headers["X-WP-TotalPages"]) == (200, b"[]", "0", "0")
    assert (real.status, real.body, real.headers["X-WP-Total"], real.headers["X-WP-TotalPages"]) == (200, b"[]", "0", "0")


def test_home_and_robots_announce_the_same_things(both, wordpress, demo_site):
    real, demo = both("")
    assert demo.headers["Link"].replace(demo_site, "") == real.headers["Link"].replace(wordpress, "")
    real, demo = both("robots.txt")
    assert demo.text.replace(demo_site, "") == real.text.replace(wordpress, "")


def test_sitemaps_have_wordpress_names_and_elements(both, wordpress, demo_site):
    real, demo = both("wp-sitemap.xml")
    real_locs = [loc.text.replace(wordpress, "") for loc in ElementTree.fromstring(real.body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    demo_locs = [loc.text.replace(demo_site, "") for loc in ElementTree.fromstring(demo.body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert demo_locs == real_locs
    real, demo = both("wp-sitemap-posts-post-1.xml")
    assert demo.headers["Content-Type"] == real.headers["Content-Type"]
    assert ElementTree.fromstring(demo.body).tag == ElementTree.fromstring(real.body).tag


def _children(element: ElementTree.Element) -> set[str]:
    return {child.tag for child in element}


def test_rss_feeds_have_wordpress_elements(both):
    real, demo = (ElementTree.fromstring(reply.body) for reply in both("feed/"))
    assert _children(demo.find("channel")) == _children(real.find("channel"))
    assert _children(demo.find("channel/item")) == _children(real.find("channel/item")) - {"{http://wellformedweb.org/CommentAPI/}commentRss"}


def test_atom_feeds_have_wordpress_elements(both):
    real, demo = (ElementTree.fromstring(reply.body) for reply in both("feed/atom/"))
    assert _children(demo) == _children(real)
    assert _children(demo.find(f"{ATOM}entry")) == _children(real.find(f"{ATOM}entry"))


def test_past_the_last_feed_page_both_answer_404(both):
    real, demo = both("feed/?paged=999")
    assert (demo.status, demo.headers["Content-Type"]) == (real.status, real.headers["Content-Type"]) == (404, "application/rss+xml; charset=UTF-8")
