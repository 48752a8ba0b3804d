"""The archive surface: the listings a WordPress theme shows (home and `/page/N/`, category and month archives).

Without limits it pages through the home listing. With categories it pages through each
category's listing (`/category/<slug>/`, or `?category_name=` without pretty permalinks); with a
start date, through the month archives the range touches (`/YYYY/MM/`, or `?m=YYYYMM`), up to
two years of them. Paging stops at a page that adds no new link, at a page whose dated links are
all older than the range, and at `SINMUN_DISCOVERY_MAX_PAGES`. WordPress answers 404 for a month
without posts: an empty listing, not a failure. A listing says nothing about changes, so every
article it lists is fetched again, one the dataset holds with a conditional GET.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlparse

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.discovery.listing import ListingRequests, describe_failure, http_status
from crawler.discovery.scope import Bounds, category_matches, dated_span, slugify
from crawler.sites import SiteProfile, detect_profile

SURFACE = "archive"
#: Longer ranges page through the home listing instead, from the newest post back to the range.
MAX_MONTH_ARCHIVES = 24
#: Links to category listings, whatever the theme calls them.
CATEGORY_LINKS = 'a[rel~="category"], a[href*="/category/"], a[href*="category_name="]'


def listing_links(response: Response, profile: SiteProfile) -> list[str]:
    """Absolute URLs of the articles an archive page lists, in page order."""
    return list(dict.fromkeys(response.urljoin(href) for css in profile.listing_links for href in response.css(css).getall()))


def next_page_link(response: Response, profile: SiteProfile) -> str | None:
    href = next((href for css in profile.next_page if (href := response.css(css).get())), None)
    return response.urljoin(href) if href else None


def category_slug(url: str) -> str | None:
    """The slug in a category listing's URL (`/category/<slug>/`, `?category_name=<slug>`)."""
    parsed = urlparse(url)
    if names := parse_qs(parsed.query).get("category_name"):
        return names[0]
    parts = [part for part in parsed.path.split("/") if part]
    return unquote(parts[-1]) if "category" in parts[:-1] else None


class ArchiveDiscovery(ListingRequests):
    """Spider methods of the archive surface."""

    def start_archive(self, site: dict[str, Any], home: Response | None) -> Iterator[Request]:
        if home is None:
            self.report_problem(SURFACE, self.site_url, "could not be fetched, and archive pages are followed from it", failed=False)
            return
        if self.scope.categories:
            for wanted in self.scope.categories:
                yield self.archive_request(site, self.category_listing_url(home, site, wanted), "category", wanted, 1, [])
        elif self.scope.published.not_before and len(months := self.range_months()) <= MAX_MONTH_ARCHIVES:
            for year, month in months:
                url = urljoin(self.site_url, f"?m={year}{month:02d}" if site["plain_permalinks"] else f"{year}/{month:02d}/")
                yield self.archive_request(site, url, "month", None, 1, [])
        else:
            yield from self.archive_page(home, site, "home", None, 1, [])

    def range_months(self) -> list[tuple[int, int]]:
        # A site's today may be the runner's tomorrow.
        return self.scope.published.months(today=date.today() + timedelta(days=1))

    def category_listing_url(self, home: Response, site: dict[str, Any], wanted: str) -> str:
        """The category's listing as the home page links to it, else where WordPress puts it by default."""
        for link in home.css(CATEGORY_LINKS):
            href = home.urljoin(link.attrib.get("href", ""))
            if category_matches([wanted], " ".join(link.css("::text").getall()), category_slug(href)):
                return href
        slug = slugify(wanted)
        return urljoin(self.site_url, f"?category_name={slug}" if site["plain_permalinks"] else f"category/{slug}/")

    def archive_request(self, site: dict[str, Any], url: str, listing: str, category: str | None, page: int, previous: list[str]) -> Request:
        return self.listing_request(
            url,
            self.parse_archive,
            self.archive_failed,
            surface=SURFACE,
            site=site,
            listing=listing,
            category=category,
            page=page,
            previous=previous,
        )

    def parse_archive(self, response: Response) -> Iterator[Request]:
        meta = response.meta
        yield from self.archive_page(response, meta["site"], meta["listing"], meta["category"], meta["page"], meta["previous"])

    def archive_page(
        self, response: Response, site: dict[str, Any], listing: str, category: str | None, page: int, previous: list[str]
    ) -> Iterator[Request]:
        """One page of a listing: its article links, then the next page while there is something new to find."""
        profile = detect_profile(response.selector, response.url)  # the tree the links are read from: one parse
        links = listing_links(response, profile)
        if not links and listing == "home":
            self.report_problem(SURFACE, response.url, "lists no article", failed=False)
            return
        self.listing_answered(SURFACE)
        yield from self.article_requests(links, surface=SURFACE)
        next_url = next_page_link(response, profile)
        before_range = Bounds(not_before=self.scope.published.not_before)
        spans = [dated_span(link) for link in links]
        past_range = bool(before_range) and all(span and before_range.excludes_days(*span) for span in spans)
        if next_url and self.follows_next_page(SURFACE, response.url, page, links, previous, nothing_more=past_range):
            yield self.archive_request(site, next_url, listing, category, page + 1, links)

    def archive_failed(self, failure: Failure) -> None:
        request, not_found = failure.request, http_status(failure) == 404
        meta = request.meta
        if not_found and meta["page"] > 1:
            return  # past the last page: the end of the listing
        if not_found and meta["listing"] == "month":
            self.listing_answered(SURFACE)  # a month without posts
            return
        self.listing_problem(request, describe_failure(failure))
        if not_found and meta["listing"] == "category":
            self.conclude_failure(f"-a category={meta['category']}: {self.site_url} has no such category ({request.url} answered HTTP 404)")
