"""The sitemap surface: `Sitemap:` lines of robots.txt, else core's, Jetpack's and news sitemaps; then each post page.

As Scrapy's `SitemapSpider` does, a sitemap is read only up to a size (`SINMUN_SITEMAP_MAXSIZE`,
uncompressed, gzip included), and a document that declares XML entities is refused. An entry
whose `lastmod` is before the range cannot have been published inside it, so it is not fetched;
nor is one that the dataset holds as it was at its `lastmod` (`known_unchanged`), so a run on an
unchanged site whose sitemaps give `lastmod` reads its sitemaps and nothing else; and where the
index gives its sitemaps a `lastmod`, a sitemap unchanged since the dataset's complete runs is not
read either, so such a run costs a few requests whatever the site's size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlparse

from scrapy import Request
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from crawler.discovery.listing import ListingRequests, describe_failure, latest_utc
from crawler.discovery.scope import Bounds, parse_instant

SURFACE = "sitemap"
#: Sitemaps that list no posts: WordPress core's taxonomy and user sitemaps, Jetpack's media sitemaps.
SITEMAPS_WITHOUT_POSTS = ("-taxonomies-", "-users-", "sitemap=taxonomies", "sitemap=users", "image-sitemap", "video-sitemap")
SITEMAPS_OF_PAGES = ("-posts-page-", "sitemap-subtype=page")
#: Core's `/wp-sitemap.xml` (5.5+), then Jetpack's and WordPress.com's, tried in turn when robots.txt names none.
DEFAULT_SITEMAPS = ("/wp-sitemap.xml", "/sitemap.xml", "/news-sitemap.xml")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


def declares_entities(document: bytes) -> bool:
    """True when the XML prolog (before the first element) declares entities, as entity-expansion attacks do."""
    first = _FIRST_ELEMENT.search(document)
    return b"<!ENTITY" in document[: first.start() if first else len(document)]


def sitemap_body(response: Response, max_size: int) -> tuple[bytes | None, str]:
    """The sitemap XML of `response` (gunzipped up to `max_size` bytes), or None and why not."""
    body = response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(body, max_size=max_size)
        except ValueError:  # Scrapy's decompression size limit
            return None, f"is larger than {max_size} bytes uncompressed (SINMUN_SITEMAP_MAXSIZE)"
        except (OSError, EOFError):
            return None, "is not valid gzip"
    elif not (isinstance(response, XmlResponse) or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"<?xml" or response.url.endswith(".xml")):
        return None, "is not a sitemap"
    if declares_entities(body):
        return None, "declares XML entities (refused)"
    return body, ""


class SitemapDiscovery(ListingRequests):
    """Spider methods of the sitemap surface."""

    def start_sitemap(self, site: dict[str, Any], home: Response | None) -> Iterator[Request]:
        yield self.listing_request(urljoin(self.site_url, "/robots.txt"), self.parse_robots, self.robots_failed, surface=SURFACE, site=site)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        announced = [url for url in sitemap_urls_from_robots(response.body, base_url=response.url) if urlparse(url).hostname == self.host]
        if not announced:
            yield from self.default_sitemaps(response.meta["site"])
        for url in dict.fromkeys(announced):
            yield self.sitemap_request(response.meta["site"], url, [])

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        self.listing_problem(failure.request, describe_failure(failure), unread=False)
        yield from self.default_sitemaps(failure.request.meta["site"])

    def default_sitemaps(self, site: dict[str, Any]) -> Iterator[Request]:
        first, *fallbacks = (urljoin(self.site_url, path) for path in DEFAULT_SITEMAPS)
        yield self.sitemap_request(site, first, fallbacks)

    def sitemap_request(self, site: dict[str, Any], url: str, fallbacks: list[str]) -> Request:
        return self.listing_request(
            url,
            self.parse_sitemap,
            self.sitemap_failed,
            surface=SURFACE,
            site=site,
            fallback_sitemaps=fallbacks,
            download_maxsize=self.settings.getint("SINMUN_SITEMAP_MAXSIZE"),
        )

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        body, problem = sitemap_body(response, response.meta["download_maxsize"])
        sitemap = Sitemap(body) if body else None
        kind = sitemap.type if sitemap is not None else None
        if sitemap is None or kind not in ("sitemapindex", "urlset"):
            yield from self.sitemap_not_answered(response.request, problem or "is not a sitemap")
            return
        entries = list(sitemap)
        site = response.meta["site"]
        if kind == "sitemapindex":
            children = [entry for entry in entries if self.lists_wanted_posts(entry["loc"])]
            if not children:
                self.listing_problem(response.request, "lists no sitemap of posts", failed=False)
                return
            self.listing_answered(SURFACE)
            for entry in children:
                if not self.changed_out_of_scope(entry) and not self.unchanged_since_complete_runs(entry):
                    yield self.sitemap_request(site, response.urljoin(entry["loc"]), [])
            return
        self.listing_answered(SURFACE)
        urls = [
            url
            for entry in entries
            if not self.changed_out_of_scope(entry)
            and not self.known_unchanged(SURFACE, url := response.urljoin(entry["loc"]), parse_instant(entry.get("lastmod")))
        ]
        requests = list(self.article_requests(urls, surface=SURFACE))
        self.count(SURFACE, "expected", len(requests))
        yield from requests

    def changed_out_of_scope(self, entry: dict[str, Any]) -> bool:
        """True when the entry's `lastmod` rules it out: what last changed before the range began was published before it."""
        changed = parse_instant(entry.get("lastmod"))
        if changed is None:
            return False
        return Bounds(not_before=self.scope.published.not_before).excludes_instant(changed) or self.scope.modified.excludes_instant(changed)

    def unchanged_since_complete_runs(self, entry: dict[str, Any]) -> bool:
        """True when an index entry's `lastmod` (Yoast's and Jetpack's give one; core's do not) is no later
        than the dataset's high-water mark: complete runs of this scope read everything that sitemap lists,
        so it is not read again; counted as `sitemap/unchanged-sitemaps`."""
        changed = parse_instant(entry.get("lastmod"))
        if self.incremental_since is None or changed is None:
            return False
        if latest_utc(changed) > self.incremental_since:
            return False
        self.count(SURFACE, "unchanged-sitemaps")
        return True

    def lists_wanted_posts(self, url: str) -> bool:
        if any(marker in url for marker in SITEMAPS_WITHOUT_POSTS):
            return False
        return self.scope.pages or not any(marker in url for marker in SITEMAPS_OF_PAGES)

    def sitemap_failed(self, failure: Failure) -> Iterator[Request]:
        yield from self.sitemap_not_answered(failure.request, describe_failure(failure))

    def sitemap_not_answered(self, request: Request, problem: str) -> Iterator[Request]:
        """A sitemap that could not be read: the next default sitemap, if there is one; else reported."""
        fallbacks = request.meta.get("fallback_sitemaps") or []
        self.listing_problem(request, problem, unread=not fallbacks)
        if fallbacks:
            yield self.sitemap_request(request.meta["site"], fallbacks[0], fallbacks[1:])
