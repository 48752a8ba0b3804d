"""The demo site's core sitemaps (WordPress 5.5+), announced in robots.txt as WordPress does.

`/wp-sitemap.xml` is the index; it lists `wp-sitemap-posts-post-N.xml` (posts, by id, each with
its `lastmod` as WordPress 6.5+ writes it: the last change in the site's time zone),
`wp-sitemap-posts-page-N.xml` (the home page first, then pages), the category and tag sitemaps
(terms with posts) and the users sitemap (authors with posts). A provider's sitemap holds at
most 2,000 URLs; a page past the last is a 404.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from demo.reply import XML, Reply
from demo.site import TIMEZONE, Site
from demo.templating import render

MAX_URLS = 2000
#: `wp-sitemap-<provider>-<page>.xml`, e.g. posts-post-1, taxonomies-post_tag-1, users-1.
SITEMAP_PATH = re.compile(r"^/wp-sitemap-(?P<provider>posts-post|posts-page|taxonomies-category|taxonomies-post_tag|users)-(?P<page>\d+)\.xml$")
INDEX_PATH = "/wp-sitemap.xml"


def _entries(site: Site, provider: str) -> list[tuple[str, datetime | None]]:
    """(path, last change) of every URL a provider lists, in WordPress's order."""
    if provider == "posts-post":
        return [(post.path, post.modified) for post in sorted(site.posts, key=lambda post: post.id)]
    if provider == "posts-page":
        return [("/", site.latest_modified())] + [(page.path, page.modified) for page in site.pages]
    if provider == "users":
        return [(user.path, None) for user in site.users]
    terms = site.categories if provider == "taxonomies-category" else site.tag_terms
    return [(term.path, None) for term in sorted(terms, key=lambda term: term.id) if term.count]


def _pages(site: Site, provider: str) -> list[Sequence[tuple[str, datetime | None]]]:
    entries = _entries(site, provider)
    return [entries[start : start + MAX_URLS] for start in range(0, len(entries), MAX_URLS)]


def index(site: Site, origin: str) -> Reply:
    providers = ("posts-post", "posts-page", "taxonomies-category", "taxonomies-post_tag", "users")
    locs = [f"{origin}/wp-sitemap-{provider}-{number}.xml" for provider in providers for number in range(1, len(_pages(site, provider)) + 1)]
    body = render("sitemaps/index.xml", sitemaps="".join(render("sitemaps/index-entry.xml", loc=loc) for loc in locs))
    return Reply.text(200, XML, body)


def sitemap(site: Site, origin: str, provider: str, page: int) -> Reply | None:
    """One provider's sitemap page, or None when there is no such page (a 404)."""
    pages = _pages(site, provider)
    if not 1 <= page <= len(pages):
        return None
    urls = "".join(
        render(
            "sitemaps/url.xml",
            loc=f"{origin}{path}",
            lastmod=render("sitemaps/lastmod.xml", date=changed.astimezone(TIMEZONE).isoformat()) if changed else "",
        )
        for path, changed in pages[page - 1]
    )
    return Reply.text(200, XML, render("sitemaps/urlset.xml", urls=urls))
