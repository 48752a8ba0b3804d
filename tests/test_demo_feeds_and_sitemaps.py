"""The demo site's core sitemaps and feeds over HTTP: announced, paged and dated as WordPress does them."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from demo.site import TIMEZONE, Site
from tests.conftest import fetch

SITE = Site.from_articles()
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def xml(reply) -> ElementTree.Element:
    return ElementTree.fromstring(reply.body)


def rss_links(reply) -> list[str]:
    return [item.findtext("link") for item in xml(reply).iter("item")]


@pytest.fixture(scope="module")
def paths(demo_site):
    """A full URL of the demo site -> its path."""
    return lambda url: url.removeprefix(demo_site.rstrip("/"))


def test_robots_txt_announces_the_sitemap_index(demo_site):
    assert f"\nSitemap: {demo_site}wp-sitemap.xml\n" in fetch(f"{demo_site}robots.txt").text


def test_sitemap_index_lists_the_core_providers(demo_site):
    index = xml(fetch(f"{demo_site}wp-sitemap.xml"))
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"{demo_site}wp-sitemap-{name}-1.xml" for name in ("posts-post", "posts-page", "taxonomies-category", "taxonomies-post_tag", "users")
    ]


def test_posts_sitemap_lists_every_post_by_id_with_its_last_change(demo_site, paths):
    urls = xml(fetch(f"{demo_site}wp-sitemap-posts-post-1.xml")).findall(f"{SITEMAP}url")
    listed = [(paths(url.findtext(f"{SITEMAP}loc")), url.findtext(f"{SITEMAP}lastmod")) for url in urls]
    by_id = sorted(SITE.posts, key=lambda post: post.id)
    assert listed == [(post.path, post.modified.astimezone(TIMEZONE).isoformat()) for post in by_id]


def test_lastmod_is_in_the_sites_time_zone(demo_site):
    assert "<loc>" + f"{demo_site}2022/01/20/precious-guideline/</loc><lastmod>2022-01-20T07:30:00+09:00</lastmod>" in fetch(
        f"{demo_site}wp-sitemap-posts-post-1.xml"
    ).text


def test_pages_sitemap_lists_the_home_page_then_the_pages(demo_site, paths):
    locs = [paths(loc.text) for loc in xml(fetch(f"{demo_site}wp-sitemap-posts-page-1.xml")).iter(f"{SITEMAP}loc")]
    assert locs == ["/", "/about/"]


def test_taxonomy_and_user_sitemaps_list_the_archives_with_posts(demo_site, paths):
    categories = [paths(loc.text) for loc in xml(fetch(f"{demo_site}wp-sitemap-taxonomies-category-1.xml")).iter(f"{SITEMAP}loc")]
    users = [paths(loc.text) for loc in xml(fetch(f"{demo_site}wp-sitemap-users-1.xml")).iter(f"{SITEMAP}loc")]
    assert categories == [term.path for term in SITE.categories if term.count]
    assert sorted(users) == sorted(f"/author/{user.slug}/" for user in SITE.users)


def test_a_sitemap_page_past_the_last_is_a_404(demo_site):
    assert fetch(f"{demo_site}wp-sitemap-posts-post-2.xml").status == 404


def test_the_home_page_announces_its_feed(demo_site):
    assert '<link rel="alternate" type="application/rss+xml" title="Morning Calm Reader &raquo; Feed" href="/feed/" />' in fetch(demo_site).text


def test_feed_pages_list_every_post_once_newest_first(demo_site, paths):
    pages = [fetch(f"{demo_site}feed/?paged={number}") for number in range(1, 5)]
    assert [reply.status for reply in pages] == [200] * 4
    assert [len(rss_links(reply)) for reply in pages] == [10, 10, 10, 4]
    assert [paths(link) for reply in pages for link in rss_links(reply)] == [post.path for post in SITE.posts]


def test_past_the_last_feed_page_is_a_404_with_an_empty_channel(demo_site):
    reply = fetch(f"{demo_site}feed/?paged=5")
    assert reply.status == 404
    assert xml(reply).find("channel") is not None and rss_links(reply) == []


def test_feed_dates_are_gmt(demo_site):
    items = {item.findtext("link"): item for item in xml(fetch(f"{demo_site}feed/?paged=2")).iter("item")}
    assert items[f"{demo_site}2022/01/20/precious-guideline/"].findtext("pubDate") == "Wed, 19 Jan 2022 22:30:00 +0000"


def test_feed_items_carry_authors_terms_and_the_text_without_jetpack_blocks(demo_site):
    wpcom = next(post for post in SITE.posts if post.article.theme == "wpcom" and post.blocks)
    page = 1 + SITE.posts.index(wpcom) // 10
    item = next(item for item in xml(fetch(f"{demo_site}feed/?paged={page}")).iter("item") if item.findtext("link").endswith(wpcom.path))
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == wpcom.author
    assert [category.text for category in item.iter("category")] == [*wpcom.article.categories, *wpcom.article.tags]
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<p>" in content and "jp-post-flair" not in content


def test_atom_feed_lists_the_same_posts(demo_site):
    feed = xml(fetch(f"{demo_site}feed/atom/"))
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert feed.tag == f"{ATOM}feed" and links == rss_links(fetch(f"{demo_site}feed/"))


def test_plain_feed_query_is_the_same_feed(demo_site):
    assert rss_links(fetch(f"{demo_site}?feed=rss2&paged=2")) == rss_links(fetch(f"{demo_site}feed/?paged=2"))


def test_category_feed_lists_only_that_category(demo_site, paths):
    reply = fetch(f"{demo_site}category/economy/feed/")
    economy = [post.path for post in SITE.posts if "Economy" in post.article.categories]
    assert [paths(link) for link in rss_links(reply)] == economy[:10]
    assert xml(reply).findtext("channel/title") == "Economy \u2013 Morning Calm Reader"


def test_a_feed_answers_a_conditional_request_with_304(demo_site):
    first = fetch(f"{demo_site}feed/")
    assert fetch(f"{demo_site}feed/", {"If-None-Match": first.headers["ETag"]}).status == 304
    assert fetch(f"{demo_site}feed/", {"If-Modified-Since": first.headers["Last-Modified"]}).status == 304
    assert fetch(f"{demo_site}feed/", {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status == 200
