"""Crawl a WordPress site through the cheapest surface it offers: REST API, sitemaps, feeds, archive pages.

The spider reads the home page, starts a surface (`crawler.discovery`), and when the crawl runs
dry it reads the stats the surface's requests left: a surface that answered is done (even if
nothing was in range); one that did not hands over to the next, by reading the home page again
(its facts ride on requests, never on the spider); when none is left, discovery has failed and
`sinmun/discovery/failure` says why. `parse_article` locates the fields of a fetched page.

Appending to a dataset, the spider reads what the dataset holds (`crawler.state`): the REST
surface asks only for what changed since the last complete run of the same scope, sitemaps and
feeds skip entries the dataset holds as they are, and article pages whose fetch failed in an
earlier run are asked for again.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import wordpress_api as api
from crawler.arguments import TOOL_ARGUMENTS, Argument, ArgumentError, comma_list, iso_date, iso_date_time, one_of, some_of, spider_arguments
from crawler.discovery import SURFACES, SWEEPING_SURFACES
from crawler.discovery.archive import ArchiveDiscovery, listing_links
from crawler.discovery.feed import FeedDiscovery
from crawler.discovery.listing import STATS, UNKNOWN_SITE, describe_failure, http_status
from crawler.discovery.rest import RestDiscovery
from crawler.discovery.scope import Bounds, CrawlScope, dated_span
from crawler.discovery.sitemap import SitemapDiscovery
from crawler.items import Article
from crawler.locate import declared_language, locate_article, parse_page
from crawler.sites import detect_profile
from crawler.state import StateStore, crawl_state
from crawler.workers import ExtractionWorkers

#: WordPress marks a page (as opposed to a post) on `<body>` and on its `<article>`.
PAGE_MARKERS = "body.page, article.type-page"
PASSWORD_FORM = "form.post-password-form"
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
#: How a failure line names what a forced surface did not find.
SURFACE_NAMES = {"rest": "REST API", "sitemap": "sitemap", "feed": "feed", "archive": "archive listing"}


def site_url(text: str) -> str:
    """A site's address as given (`https://` assumed without a scheme), with a path."""
    parsed = urlparse(text if "://" in text else f"https://{text}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError("not a site URL (expected http:// or https://)")
    return parsed.geturl() if parsed.path else parsed._replace(path="/").geturl()


def zone_name(text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not an IANA time zone, e.g. Asia/Pyongyang") from None
    return text


def home_facts(response: Response) -> dict[str, Any]:
    """What the home page tells every surface: family, language, API root, feeds, permalink style."""
    profile = detect_profile(response.selector, response.url)
    announced = api.api_root_from_link_header(response.headers.getlist("Link")) or response.css(f'link[rel="{api.API_REL}"]::attr(href)').get()
    api_root = response.urljoin(announced) if announced else None
    links = listing_links(response, profile)
    return {
        "family": profile.name,
        "language": declared_language(response.selector),
        "api_root": api_root,
        "feeds": [
            response.urljoin(href)
            for feed_type in FEED_TYPES
            for href in response.css(f'link[rel="alternate"][type="{feed_type}"]::attr(href)').getall()
            if "comments" not in href
        ],
        # Without pretty permalinks posts are `?p=N` and archives are `?m=`, `?category_name=`.
        "plain_permalinks": all("p" in parse_qs(urlparse(link).query) for link in links) if links else "rest_route=" in (api_root or ""),
    }


class WordPressSpider(RestDiscovery, SitemapDiscovery, FeedDiscovery, ArchiveDiscovery, Spider):
    """`scrapy crawl wordpress -a url=SITE_URL`: every public, published post of a WordPress site (see docs/arguments.md)."""

    name = "wordpress"
    arguments = (
        Argument("url", "the site's address (`https://` is assumed without a scheme)", parse=site_url, required=True, metavar="URL"),
        Argument(
            "discover",
            "the discovery surface; `auto` tries rest, sitemap, feed, archive in turn and keeps the first that answers",
            parse=one_of("auto", *SURFACES),
            default="auto",
            metavar="auto|rest|sitemap|feed|archive",
        ),
        Argument("category", "only posts in these categories: names or slugs, comma-separated, any case", parse=comma_list, metavar="NAME,..."),
        Argument("since", "only posts published on or after this day (the site's local calendar)", parse=iso_date, metavar="YYYY-MM-DD"),
        Argument("until", "only posts published on or before this day (the site's local calendar)", parse=iso_date, metavar="YYYY-MM-DD"),
        Argument("after", "the old name of `since` (same meaning)", parse=iso_date, metavar="YYYY-MM-DD"),
        Argument("before", "the old, exclusive bound: `before=D` is `until=` the day before D", parse=iso_date, metavar="YYYY-MM-DD"),
        Argument(
            "modified_after",
            "only posts modified after this local date or date-time (exact on REST; sitemaps skip entries by `lastmod`)",
            parse=iso_date_time,
            metavar="YYYY-MM-DD[THH:MM]",
        ),
        Argument("include", "`pages`: published pages as well as posts (posts are always collected)", parse=some_of("posts", "pages"), metavar="pages"),
        Argument("timezone", "IANA zone for naive dates on the site", parse=zone_name, metavar="Asia/Pyongyang"),
    )

    @staticmethod
    def published_days(values: dict[str, Any]) -> tuple[date | None, date | None]:
        """The first and last day of the range, from `since`/`until` or their old names `after`/`before`."""
        before: date | None = values["before"]
        return values["since"] or values["after"], values["until"] or (before and before - timedelta(days=1))

    @classmethod
    def check_arguments(cls, values: dict[str, Any]) -> None:
        """Rules that join arguments: one name per bound, and a range that is not empty."""
        for new, old in (("since", "after"), ("until", "before")):
            if values[new] and values[old]:
                raise ArgumentError(f"-a {new}= and -a {old}= set the same bound: give one")
        since, until = cls.published_days(values)
        if since and until and since > until:
            raise ArgumentError(f"-a since={since.isoformat()} is after -a until={until.isoformat()}: the range is empty")

    def __init__(self, **kwargs: Any):
        values = spider_arguments(type(self), kwargs)
        super().__init__(**{name: value for name, value in kwargs.items() if name in TOOL_ARGUMENTS})
        self.site_url: str = values["url"]
        self.host = urlparse(self.site_url).hostname
        self.allowed_domains = [self.host]
        self.surfaces: tuple[str, ...] = SURFACES if values["discover"] == "auto" else (values["discover"],)
        self.timezone: str | None = values["timezone"]  # read by the dates stage
        self.requested_scope = CrawlScope(
            published=Bounds.of_days(*self.published_days(values)),
            modified=Bounds(not_before=values["modified_after"]),
            categories=values["category"] or (),
            pages="pages" in (values["include"] or ()),
        )
        self.scope = self.requested_scope
        #: What the dataset holds (None with -O), read when the crawl starts.
        self.state: StateStore | None = None
        self.safety_margin = timedelta(0)
        #: The dataset's high-water mark for this scope: REST asks for what changed since (None: everything).
        self.incremental_since: datetime | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WordPressSpider:
        """Write the requested scope into settings (the exact filter after extraction reads it there), then read it back:
        `-s SINMUN_SINCE=...` limits the crawl as `-a since=...` does."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        for name, value in spider.requested_scope.to_settings().items():
            if value:
                crawler.settings.set(name, value, priority="cmdline")
        spider.scope = CrawlScope.from_settings(crawler.settings)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    # --- the home page and the choice of surface --------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        self.read_dataset_state()
        yield self.home_request(self.surfaces[0])
        for request in self.retry_requests():
            yield request

    def read_dataset_state(self) -> None:
        """When the crawl appends to a dataset: its state, and the high-water mark of this scope's complete runs."""
        self.state = crawl_state(self.crawler)
        if self.state is None:
            return
        self.safety_margin = timedelta(seconds=self.settings.getfloat("SINMUN_MODIFIED_SAFETY_MARGIN"))
        self.incremental_since = self.state.high_water_mark(self.host, self.safety_margin, self.scope.coverage)
        if self.incremental_since is not None:
            self.crawler.stats.set_value(f"{STATS}/incremental_since", self.incremental_since.isoformat())
            self.logger.info(
                "Incremental run: REST asks %s for what changed since %s (the newest change the dataset holds, less "
                "SINMUN_MODIFIED_SAFETY_MARGIN)",
                self.site_url,
                self.incremental_since.isoformat(),
            )

    def retry_requests(self) -> Iterator[Request]:
        """The article pages whose fetch failed in an earlier run (not those that answered 404 or 410), once more."""
        if self.state is None:
            return
        for url, failed in self.state.failed_urls(self.host).items():
            span = dated_span(url)
            if span and self.scope.published.excludes_days(*span):
                continue
            self.crawler.stats.inc_value(f"{STATS}/retried")
            # failures recorded before they named their surface were page fetches, as archive listings make them
            yield self.article_request(url, failed.surface or "archive")

    def home_request(self, surface: str, *, revisit: bool = False) -> Request:
        """The home page, read before `surface` starts; read again (`revisit`) when a surface hands over."""
        return self.listing_request(
            self.site_url, self.parse_home, self.home_failed, surface="home", site=UNKNOWN_SITE, dont_filter=revisit, start=surface
        )

    def parse_home(self, response: Response) -> Iterator[Request]:
        self.listing_answered("home")
        yield from self.start_surface(response.meta["start"], home_facts(response), response)

    def home_failed(self, failure: Failure) -> Iterator[Request]:
        problem = describe_failure(failure)
        self.listing_problem(failure.request, problem)
        if http_status(failure) is None:  # the site does not answer at all: every other request would fail the same way
            self.conclude_failure(f"The home page {self.site_url} {problem}")
            return
        yield from self.start_surface(failure.request.meta["start"], UNKNOWN_SITE, None)

    def start_surface(self, surface: str, site: dict[str, Any], home: Response | None) -> Iterator[Request]:
        self.logger.info("Discovering articles of %s through %s", self.site_url, surface)
        self.crawler.stats.set_value(f"{STATS}/surface", surface)
        starters = {"rest": self.start_rest, "sitemap": self.start_sitemap, "feed": self.start_feed, "archive": self.start_archive}
        yield from starters[surface](site, home)

    def spider_idle(self) -> None:
        """Nothing is left to fetch: keep the surface that answered, or hand over to the next one, or conclude."""
        stats = self.crawler.stats
        surface = stats.get_value(f"{STATS}/surface")
        if surface is None or stats.get_value(f"{STATS}/failure") is not None:
            return
        if self.surface_stat(surface, "answered"):
            # the dataset's high-water mark may come only from a run that read its whole scope
            stats.set_value(f"{STATS}/complete", surface in SWEEPING_SURFACES and not self.surface_stat(surface, "unread"))
            if not self.surface_stat(surface, "found"):
                # Nothing in range or nothing new is a success; a forced surface says so louder.
                forced = len(self.surfaces) == 1
                self.logger.log(
                    logging.WARNING if forced else logging.INFO,
                    "%sthe %s of %s answered but listed no article to collect",
                    f"-a discover={surface}: " if forced else "",
                    SURFACE_NAMES[surface],
                    self.site_url,
                )
            return
        requests = self.hand_over(surface)
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def hand_over(self, failed_surface: str) -> list[Request]:
        """The first requests of the next surface that has any (reading the home page again when it answered);
        when no surface is left, discovery has failed."""
        for surface in self.surfaces[self.surfaces.index(failed_surface) + 1 :]:
            self.logger.info("%s did not answer on %s; trying %s", failed_surface, self.site_url, surface)
            if self.surface_stat("home", "answered"):
                return [self.home_request(surface, revisit=True)]
            requests = list(self.start_surface(surface, UNKNOWN_SITE, None))
            if requests:
                return requests
            failed_surface = surface
        self.conclude_failure(self.failure_line(failed_surface))
        return []

    def failure_line(self, last: str) -> str:
        """Why discovery failed, in one line, from the problems each surface reported."""
        stats = self.crawler.stats
        tried = self.surfaces[: self.surfaces.index(last) + 1]
        problems = {surface: stats.get_value(f"{STATS}/{surface}/problem") or "found nothing" for surface in tried}
        if len(self.surfaces) == 1:
            return f"-a discover={last}: no working {SURFACE_NAMES[last]} on {self.site_url} ({problems[last]})"
        listed = "; ".join(f"{surface}: {problem}" for surface, problem in problems.items())
        if not self.surface_stat("home", "answered"):
            return f"The home page {stats.get_value(f'{STATS}/home/problem')}, and no discovery surface answered ({listed})"
        return f"No discovery surface found articles on {self.site_url} ({listed})"

    # --- article pages ----------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        """The post's Article, located in an extraction worker when the crawl has them."""
        workers = ExtractionWorkers.of(self.crawler)
        article, skipped = await workers.run(locate_post, response.text, response.url, response.meta["surface"], self.scope.pages)
        if skipped is not None:
            self.crawler.stats.inc_value(f"sinmun/skipped/{skipped}")
            return
        yield article


def locate_post(html: str, url: str, surface: str, with_pages: bool) -> tuple[Article | None, str | None]:
    """(the page's Article, None), or (None, why it is left out): a password-protected post, or a
    WordPress page when the crawl does not include pages. One parse: the markers are asked of the
    tree that locating reads."""
    page = parse_page(html)
    if page is not None and page.css(PASSWORD_FORM):
        return None, "password-protected"
    if page is not None and not with_pages and page.css(PAGE_MARKERS):
        return None, "page"
    return locate_article(html, url, source=surface, parsed=page), None
