"""Tell a saved page that is not an article (a listing, an archive, a search, an author page) from one that is.

A live crawl only fetches the pages discovery points at; a mirror saved every page of the site,
and archive, tag and author pages carry post titles and excerpts that would pass for articles.
The page says what it is: first its family's own marks (`SiteProfile.non_article_pages`, such
as WordPress's body classes), then the signs every site shares: schema.org types in JSON-LD,
`og:type`, and the shape of a listing (several entry titles linking to other pages).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin

from parsel import Selector

from crawler.sites import SiteProfile

#: schema.org types of a page that is one article.
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)
#: schema.org page types that are not an article, and the kind each one is.
PAGE_TYPES = {
    "CollectionPage": "listing",
    "SearchResultsPage": "search-results",
    "ProfilePage": "author-archive",
}
#: `og:type` values that only a non-article page has.
OG_TYPES = {"profile": "author-archive"}
#: Entry-title links that make a page a listing whatever its family, besides the family's own.
_ENTRY_LINKS = ("article h2 a::attr(href)", "article h3 a::attr(href)")
#: A page linking this many other pages from entry titles is a listing.
LISTING_ENTRIES = 3


def _json_ld_types(selector: Selector) -> Iterator[str]:
    for script in selector.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack: list[Any] = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                types = node.get("@type")
                yield from (types if isinstance(types, list) else [types]) if types else ()
                stack.extend(node.get("@graph", []))


def _listed_entries(selector: Selector, profile: SiteProfile, page_url: str) -> int:
    """How many distinct other pages the page links from entry titles."""
    own = urldefrag(page_url).url
    targets = set()
    for css in (*profile.listing_links, *_ENTRY_LINKS):
        for href in selector.css(css).getall():
            target = urldefrag(urljoin(page_url, href.strip())).url
            if target != own:
                targets.add(target)
    return len(targets)


def non_article_kind(selector: Selector, profile: SiteProfile, page_url: str, *, included: Collection[str] = ()) -> str | None:
    """The kind of page this is when it is not an article (`listing`, `category-archive`, `page`,
    ...), or None for an article or a page of an `included` kind."""
    for css, kind in profile.non_article_pages:
        if selector.css(css):
            return None if kind in included else kind
    types = set(_json_ld_types(selector))
    og_type = (selector.css('meta[property="og:type"]::attr(content)').get() or "").strip().lower()
    if types & ARTICLE_TYPES or og_type == "article":
        return None
    for schema_type, kind in PAGE_TYPES.items():
        if schema_type in types:
            return kind
    if og_type in OG_TYPES:
        return OG_TYPES[og_type]
    if _listed_entries(selector, profile, page_url) >= LISTING_ENTRIES:
        return "listing"
    return None
