"""The feed surface: RSS 2.0 or Atom, paged with `?paged=N` (newest first); then each post page.

An entry dated outside the range, or listing only other categories, is not fetched, nor one the
dataset holds as it was at the entry's date (Atom `updated`, else the publication date:
`known_unchanged`). Paging stops at the first page older than the range, at a page that lists
only what the dataset holds (the feed has reached what earlier runs stored), at a page that adds
no new link (a feed that ignores `?paged=` repeats its first page), past the last page (WordPress
answers 404) and at `SINMUN_DISCOVERY_MAX_PAGES`. RSS gives no modification dates: through a
feed, a run finds new posts but not edits of ones already stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.url import add_or_replace_parameter

from crawler.discovery.listing import ListingRequests, describe_failure, http_status
from crawler.discovery.scope import Bounds, category_matches, parse_instant
from crawler.discovery.sitemap import declares_entities

SURFACE = "feed"
DEFAULT_FEEDS = ("/feed/", "/?feed=rss2")


@dataclass(frozen=True)
class FeedEntry:
    link: str
    published: datetime | None
    categories: tuple[str, ...]
    #: Atom's `updated`: when the entry last changed (RSS has no such date).
    updated: datetime | None = None

    @property
    def changed(self) -> datetime | None:
        return self.updated or self.published


def _rss_date(text: str | None) -> datetime | None:
    try:
        return parsedate_to_datetime(text.strip()) if text else None
    except (TypeError, ValueError):
        return None


def feed_entries(document: bytes) -> list[FeedEntry] | None:
    """The entries of an RSS 2.0 or Atom document, or None when it is not a feed (or declares entities)."""
    if declares_entities(document):
        return None
    root = Selector(body=document, type="xml")
    root.remove_namespaces()
    if root.xpath("/rss/channel"):
        return [
            FeedEntry(
                link=(item.xpath("link/text()").get() or "").strip(),
                published=_rss_date(item.xpath("pubDate/text()").get()) or parse_instant(item.xpath("date/text()").get()),
                categories=tuple(name.strip() for name in item.xpath("category/text()").getall() if name.strip()),
            )
            for item in root.xpath("/rss/channel/item")
        ]
    if root.xpath("/feed"):
        return [
            FeedEntry(
                link=(entry.xpath("link[not(@rel) or @rel='alternate']/@href").get() or "").strip(),
                published=parse_instant(entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()),
                categories=tuple(entry.xpath("category/@term").getall()),
                updated=parse_instant(entry.xpath("updated/text()").get()),
            )
            for entry in root.xpath("/feed/entry")
        ]
    return None


class FeedDiscovery(ListingRequests):
    """Spider methods of the feed surface."""

    def start_feed(self, site: dict[str, Any], home: Response | None) -> Iterator[Request]:
        first, *fallbacks = site.get("feeds") or [urljoin(self.site_url, path) for path in DEFAULT_FEEDS]
        yield self.feed_request(site, first, 1, [], fallbacks)

    def feed_request(self, site: dict[str, Any], feed: str, page: int, previous: list[str], fallbacks: list[str]) -> Request:
        url = feed if page == 1 else add_or_replace_parameter(feed, "paged", str(page))
        return self.listing_request(
            url, self.parse_feed, self.feed_failed, surface=SURFACE, site=site, feed=feed, page=page, previous=previous, fallback_feeds=fallbacks
        )

    def parse_feed(self, response: Response) -> Iterator[Request]:
        entries = feed_entries(response.body)
        if entries is None:
            yield from self.feed_not_answered(response.request, "is not an RSS or Atom feed")
            return
        self.listing_answered(SURFACE)
        meta = response.meta
        links = [response.urljoin(entry.link) for entry in entries if entry.link]
        in_scope = [entry for entry in entries if entry.link and self.entry_in_scope(entry)]
        wanted = [entry for entry in in_scope if not self.known_unchanged(SURFACE, response.urljoin(entry.link), entry.changed)]
        yield from self.article_requests((response.urljoin(entry.link) for entry in wanted), surface=SURFACE)
        before_range = Bounds(not_before=self.scope.published.not_before)
        past_range = bool(before_range) and all(entry.published and before_range.excludes_instant(entry.published) for entry in entries)
        all_stored = bool(in_scope) and not wanted
        if self.follows_next_page(SURFACE, response.url, meta["page"], links, meta["previous"], nothing_more=past_range or all_stored):
            yield self.feed_request(meta["site"], meta["feed"], meta["page"] + 1, links, [])

    def entry_in_scope(self, entry: FeedEntry) -> bool:
        """False when the entry's date or categories rule it out; feeds list tags as categories too, so any may match."""
        if entry.published is not None and self.scope.published.excludes_instant(entry.published):
            return False
        wanted = self.scope.categories
        return not (wanted and entry.categories and not any(category_matches(wanted, name) for name in entry.categories))

    def feed_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request
        if request.meta["page"] > 1 and http_status(failure) == 404:
            return  # past the last page: the end of the feed
        yield from self.feed_not_answered(request, describe_failure(failure))

    def feed_not_answered(self, request: Request, problem: str) -> Iterator[Request]:
        """A feed page that could not be read: on page 1, the next candidate feed; else reported."""
        fallbacks = request.meta.get("fallback_feeds") or []
        self.listing_problem(request, problem, unread=not fallbacks)
        if fallbacks:
            yield self.feed_request(request.meta["site"], fallbacks[0], 1, [], fallbacks[1:])
