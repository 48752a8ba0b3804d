"""What every discovery surface shares: listing requests that carry their own state, their stats, article requests.

A listing request's `meta` holds the surface, the facts learnt from the home page (`site`) and
the surface's own state (page, fallbacks, ...): plain JSON-able values, so the request can be
stored and read back. Each request leaves stats under `sinmun/discovery/`, overall and per
surface, from which the run's outcome is judged: `requests`, `failed` (a network error, an HTTP
error or an answer that is not the listing asked for), `answered` (answered as that listing),
`found` (article URLs to fetch, or REST posts), `expected` (a total the surface announced),
`unchanged` (entries the dataset already holds as they are: not fetched), `unread` (listings, or
their further pages, that could not be read with no alternative left: the sweep missed what they
list), and `<surface>/problem`, the last thing that went wrong, for the failure line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlparse

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import wordpress_api as api
from crawler.discovery.scope import ZONE_SLACK, dated_span

STATS = "sinmun/discovery"
#: Facts about a site whose home page could not be read.
UNKNOWN_SITE: dict[str, Any] = {"family": "wordpress", "language": None, "api_root": None, "feeds": [], "plain_permalinks": False}
#: Discovery requests are retried once: a listing that fails twice in a row is reported, not hammered.
DISCOVERY_RETRIES = 1
#: Article pages go before listings in the scheduler, so the articles a listing found are fetched
#: before the next listing page is read: the crawl holds one listing's worth of requests, not the
#: whole archive's (memory that would grow with the site; README, "Performance").
ARTICLE_PRIORITY = 1


def http_status(failure: Failure) -> int | None:
    """The HTTP status of a failed request, or None for a network error."""
    return failure.value.response.status if failure.check(HttpError) else None


def describe_failure(failure: Failure) -> str:
    """What went wrong with a request, as the end of a sentence that starts with its URL."""
    status = http_status(failure)
    if status is not None:
        return f"answered HTTP {status}"
    reason = (failure.getErrorMessage() or failure.type.__name__).rstrip(".")
    return f"was not fetched ({reason})" if failure.check(IgnoreRequest) else f"failed ({reason})"


def latest_utc(changed: datetime) -> datetime:
    """`changed` in UTC; a date-time without an offset is the site's wall clock, so the latest UTC it can be."""
    return changed.astimezone(timezone.utc) if changed.tzinfo else changed.replace(tzinfo=timezone.utc) + ZONE_SLACK


class ListingRequests:
    """Spider methods shared by the surfaces; the spider provides `site_url`, `host`, `scope`, `parse_article`,
    and `state` (the dataset's `crawler.state.StateStore`, or None) with its `safety_margin`."""

    # --- stats ----------------------------------------------------------------------------------

    def count(self, surface: str, what: str, value: int = 1) -> None:
        """Add `value` to `sinmun/discovery/<what>` and to `sinmun/discovery/<surface>/<what>`."""
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/{what}", value)
        stats.inc_value(f"{STATS}/{surface}/{what}", value)

    def surface_stat(self, surface: str, what: str) -> Any:
        return self.crawler.stats.get_value(f"{STATS}/{surface}/{what}", 0)

    def conclude_failure(self, line: str) -> None:
        """Discovery failed: say why in one line (the first reason found wins) and log it at ERROR."""
        if self.crawler.stats.get_value(f"{STATS}/failure") is None:
            self.crawler.stats.set_value(f"{STATS}/failure", line)
        self.logger.error(line)

    # --- listing requests -----------------------------------------------------------------------

    def listing_request(
        self, url: str, callback: Any, errback: Any, *, surface: str, site: dict[str, Any], dont_filter: bool = False, **state: Any
    ) -> Request:
        """A request for a page that lists articles, counted under its surface."""
        self.count(surface, "requests")
        meta = {
            "surface": surface,
            "site": site,
            "max_retry_times": DISCOVERY_RETRIES,
            "sinmun_article": False,  # asked unconditionally; a failure is not an article to retry next run
            # WordPress.com serves its sites' REST API from its own host: the one host besides the site's.
            "allow_offsite": api.is_wordpress_com_api(url),
            **state,
        }
        return Request(url, callback=callback, errback=errback, meta=meta, dont_filter=dont_filter)

    def listing_answered(self, surface: str) -> None:
        """A request of `surface` answered as the listing it was asked for (the surface in use, after a resume too)."""
        self.count(surface, "answered")
        if surface != "home":
            self.crawler.stats.set_value(f"{STATS}/surface", surface)

    def report_problem(self, surface: str, url: str, problem: str, *, failed: bool = True, unread: bool | None = None) -> None:
        """`url` gave no listing: log it and what happened, keep it for the failure line. `unread` (default:
        `failed`) says that no alternative will be tried, so what it lists is not seen by this run."""
        if failed:
            self.count(surface, "failed")
        if failed if unread is None else unread:
            self.count(surface, "unread")
        self.crawler.stats.set_value(f"{STATS}/{surface}/problem", f"{url} {problem}")
        # Probing a surface that is not there is routine; a surface that worked and then failed is not.
        level = logging.WARNING if self.surface_stat(surface, "answered") else logging.INFO
        self.logger.log(level, "Discovery request %s %s", url, problem)

    def listing_problem(self, request: Request, problem: str, *, failed: bool = True, unread: bool | None = None) -> None:
        """`request` did not give a listing (see `report_problem`)."""
        self.report_problem(request.meta["surface"], request.url, problem, failed=failed, unread=unread)

    # --- article requests -----------------------------------------------------------------------

    def article_requests(self, urls: Iterable[str], *, surface: str) -> Iterator[Request]:
        """Requests for the article pages among `urls`: on the site's host, and not dated outside the range."""
        for url in dict.fromkeys(urls):
            if urlparse(url).hostname != self.host:
                continue
            span = dated_span(url)
            if span and self.scope.published.excludes_days(*span):
                self.crawler.stats.inc_value(f"{STATS}/out-of-range")
                continue
            self.count(surface, "found")
            yield self.article_request(url, surface)

    def article_request(self, url: str, surface: str) -> Request:
        """An article page, marked as one (`sinmun_article`): conditional GET, and a failure retried next
        run; fetched before any listing still waiting (`ARTICLE_PRIORITY`)."""
        return Request(url, callback=self.parse_article, meta={"surface": surface, "sinmun_article": True}, priority=ARTICLE_PRIORITY)

    def known_unchanged(self, surface: str, url: str, changed: datetime | None) -> bool:
        """Whether the dataset holds `url` as it was when it last `changed` (a sitemap `lastmod`, a feed date, a REST
        `modified_gmt`), so fetching it again would find nothing new; counted as `<surface>/unchanged`.

        The stored modification time decides when the page gave one; else the last time a run fetched it,
        less `SINMUN_MODIFIED_SAFETY_MARGIN` for the skew between the site's clock and this one.
        """
        if self.state is None or changed is None:
            return False
        stored = self.state.lookup(url) or self.state.lookup_fetched(url)
        if stored is None:
            return False
        reference = stored.modified_at or (stored.last_seen - self.safety_margin if stored.last_seen else None)
        moment = latest_utc(changed)
        if reference is None or moment > reference:
            return False
        self.count(surface, "unchanged")
        return True

    def follows_next_page(
        self, surface: str, url: str, page: int, links: Iterable[Any], previous: Iterable[Any], *, nothing_more: bool = False
    ) -> bool:
        """Whether a listing goes on after page `page` (at `url`): not when the page added nothing new to the
        one before (a listing that ignores its page parameter), nor when the caller knows that further pages
        hold `nothing_more` (older than the range, or only what the dataset holds), nor past
        `SINMUN_DISCOVERY_MAX_PAGES` (said in the log, and counted as unread)."""
        if not set(links) - set(previous) or nothing_more:
            return False
        if page >= self.settings.getint("SINMUN_DISCOVERY_MAX_PAGES"):
            self.logger.warning("Stopped paging at %s: SINMUN_DISCOVERY_MAX_PAGES is %d", url, page)
            self.count(surface, "unread")
            return False
        return True
