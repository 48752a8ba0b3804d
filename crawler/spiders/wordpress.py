"""Crawl a WordPress site through the cheapest surface it offers: REST API, sitemaps, feeds, archive pages.

Discovery is one concern of this spider, kept apart from locating fields: each surface turns
into article URLs (or, for REST, into Articles directly) and `parse_article` locates the
fields of a fetched page with the site's profile. In `auto` mode the surfaces are tried in
order of cost and the first that works is used; `-a discover=` forces one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlparse

from parsel import Selector
from scrapy import Request, Spider
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure
from w3lib.url import add_or_replace_parameter

from crawler import wordpress_api as api
from crawler.items import Article
from crawler.locate import locate_article
from crawler.sites import WORDPRESS, SiteProfile, detect_profile
from pipelines.dates import parse_date

SURFACES = ("rest", "sitemap", "feed", "archive")
INCLUDABLE = ("posts", "pages")
#: Sitemaps that list no posts: WordPress core's taxonomy and user sitemaps, Jetpack's media sitemaps.
SITEMAPS_WITHOUT_POSTS = ("-taxonomies-", "-users-", "sitemap=taxonomies", "sitemap=users", "image-sitemap", "video-sitemap")
SITEMAPS_OF_PAGES = ("-posts-page-", "sitemap-subtype=page")
#: WordPress marks a page (as opposed to a post) on `<body>` and on its `<article>`.
PAGE_MARKERS = "body.page, article.type-page"
PASSWORD_FORM = "form.post-password-form"
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


def _iso_bound(name: str, value: str | None) -> str | None:
    """A date argument as the ISO date-time the REST API expects, or a clear error."""
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except ValueError as error:
        raise ValueError(f"-a {name}={value!r}: {error}") from error
    if parsed is None:
        raise ValueError(f"-a {name}={value!r} is not a date (expected e.g. 2021-10-10)")
    return (parsed.local or parsed.date).isoformat() if parsed.precision == "datetime" else f"{parsed.date.isoformat()}T00:00:00"


class WordPressSpider(Spider):
    """`scrapy crawl wordpress -a url=SITE_URL`: every public, published post of a WordPress site.

    Arguments: `discover=auto|rest|sitemap|feed|archive`, `category=NAME` (repeatable with
    commas), `include=pages` (published pages as well as posts), `after=`/`before=`/`modified_after=`
    (dates; applied by the REST API), `timezone=` (IANA zone for naive dates).
    """

    name = "wordpress"

    def __init__(
        self,
        url: str | None = None,
        discover: str = "auto",
        category: str | None = None,
        include: str = "posts",
        after: str | None = None,
        before: str | None = None,
        modified_after: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if not url:
            raise ValueError("the wordpress spider needs a site: scrapy crawl wordpress -a url=https://example.org")
        parsed = urlparse(url if "://" in url else f"https://{url}")
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not a site URL: {url!r} (expected http:// or https://)")
        if discover != "auto" and discover not in SURFACES:
            raise ValueError(f"-a discover={discover!r}: expected auto or one of {', '.join(SURFACES)}")
        included = {part.strip() for part in include.split(",") if part.strip()}
        if not included <= set(INCLUDABLE):
            raise ValueError(f"-a include={include!r}: expected pages (posts are always included)")
        self.site_url = parsed.geturl() if parsed.path else parsed._replace(path="/").geturl()
        self.host = parsed.hostname
        self.allowed_domains = [parsed.hostname]
        self.pending_surfaces = list(SURFACES if discover == "auto" else (discover,))
        self.categories = [name.strip() for name in (category or "").split(",") if name.strip()]
        self.include_pages = "pages" in included  # posts always; pages only when asked
        self.date_filters = {
            key: bound
            for key, bound in (
                ("after", _iso_bound("after", after)),
                ("before", _iso_bound("before", before)),
                ("modified_after", _iso_bound("modified_after", modified_after)),
            )
            if bound
        }
        self.surface: str | None = None
        self.home: Response | None = None
        self.profile: SiteProfile = WORDPRESS
        self.language: str | None = None
        self.announced_api_root: str | None = None
        self.announced_feeds: list[str] = []
        self.found = 0  # article URLs or REST posts found by the current surface
        self.open_discovery_requests = 0

    # --- the home page and the choice of surface --------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.site_url, callback=self.parse_home, errback=self.home_failed)

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Learn what the site announces (API root, feeds, language, family), then discover."""
        self.home = response
        self.profile = detect_profile(response.text)
        self.language = (response.xpath("/html/@lang").get() or "").strip() or None
        announced = api.api_root_from_link_header(response.headers.getlist("Link")) or response.css(
            f'link[rel="{api.API_REL}"]::attr(href)'
        ).get()
        self.announced_api_root = response.urljoin(announced) if announced else None
        self.announced_feeds = [
            response.urljoin(href)
            for feed_type in FEED_TYPES
            for href in response.css(f'link[rel="alternate"][type="{feed_type}"]::attr(href)').getall()
            if "comments" not in href
        ]
        yield from self.next_surface()

    def home_failed(self, failure: Failure) -> Iterator[Request]:
        self.logger.error("The site's home page %s could not be fetched: %s", self.site_url, failure.value)
        yield from self.next_surface()

    def next_surface(self) -> Iterator[Request]:
        """Start the next surface in the queue; the crawl ends when none is left."""
        if not self.pending_surfaces:
            self.logger.error("No discovery surface found any article on %s", self.site_url)
            return
        self.surface = self.pending_surfaces.pop(0)
        self.found = 0
        self.open_discovery_requests = 0
        self.logger.info("Discovering articles of %s through %s", self.site_url, self.surface)
        self.crawler.stats.set_value("sinmun/discovery/surface", self.surface)
        if self.date_filters and self.surface != "rest":
            self.logger.warning("after/before/modified_after are applied by the REST API only; %s ignores them", self.surface)
        starters = {
            "rest": self.start_rest,
            "sitemap": self.start_sitemaps,
            "feed": self.start_feed,
            "archive": self.start_archive,
        }
        yield from starters[self.surface]()

    def discovery_request(self, url: str, callback: Any, errback: Any = None, **meta: Any) -> Request:
        """A request that lists articles; counted, so a surface that found nothing can hand over."""
        self.open_discovery_requests += 1
        self.crawler.stats.inc_value(f"sinmun/discovery/{self.surface}/requests")
        # The one host besides the site's own: WordPress.com serves its sites' REST API from it.
        meta["allow_offsite"] = api.is_wordpress_com_api(url)
        return Request(url, callback=callback, errback=errback or self.discovery_failed, meta={"surface": self.surface, **meta}, dont_filter=True)

    def discovery_done(self) -> Iterator[Request]:
        """One listing request finished; when the surface's last one did and found nothing, fall back."""
        self.open_discovery_requests -= 1
        if self.open_discovery_requests == 0 and self.found == 0:
            self.logger.info("%s found no article on %s; trying the next surface", self.surface, self.site_url)
            yield from self.next_surface()

    def discovery_failed(self, failure: Failure) -> Iterator[Request]:
        self.logger.info("Discovery request failed: %s", failure.value)
        yield from self.discovery_done()

    # --- REST API -----------------------------------------------------------------------------

    def try_in_turn(self, candidates: list[str], requests_for: Callable[[str, Any], Iterator[Request]]) -> Iterator[Request]:
        """Discovery from the first candidate URL; when it fails, from the next, until none is left."""
        first, fallbacks = candidates[0], candidates[1:]

        def failed(failure: Failure) -> Iterator[Request]:
            if not fallbacks:
                yield from self.discovery_failed(failure)
                return
            self.open_discovery_requests -= 1
            yield from self.try_in_turn(fallbacks, requests_for)

        yield from requests_for(first, failed)

    def start_rest(self) -> Iterator[Request]:
        roots = [self.announced_api_root] if self.announced_api_root else api.guessed_api_roots(self.site_url)
        yield from self.try_in_turn(roots, self.rest_start_requests)

    def rest_start_requests(self, root: str, errback: Any) -> Iterator[Request]:
        """Listings of this API root; first the category ids when the crawl is restricted to categories."""
        if self.categories:
            url = api.term_lookup_url(root, "wp/v2/categories", ",".join(self.categories))
            yield self.discovery_request(url, self.parse_category_terms, errback, api_root=root)
        else:
            yield from self.rest_listings(root, {}, errback)

    def parse_category_terms(self, response: Response) -> Iterator[Request]:
        terms = self.json_list(response)
        if terms is None:
            yield from self.discovery_done()
            return
        ids = [term_id for name in self.categories for term_id in api.matching_term_ids(terms, name)]
        if not ids:
            self.logger.error("No category named %s on %s", ", ".join(self.categories), self.site_url)
            self.pending_surfaces.clear()  # other surfaces would find no such category either
            self.open_discovery_requests -= 1
            return
        self.found += 1  # the API answered: a category with no posts is not a reason to fall back
        yield from self.rest_listings(response.meta["api_root"], {"categories": ",".join(map(str, ids))})
        yield from self.discovery_done()

    def rest_listings(self, root: str, filters: dict[str, str], errback: Any = None) -> Iterator[Request]:
        """Page 1 of each wanted route; page 1 says how many more there are."""
        routes = ["wp/v2/posts", "wp/v2/pages"] if self.include_pages else ["wp/v2/posts"]
        for route in routes:
            params = api.listing_params(1, {**filters, **self.date_filters})
            yield self.discovery_request(api.endpoint_url(root, route, params), self.parse_rest_listing, errback, api_root=root, page=1)

    def parse_rest_listing(self, response: Response) -> Iterator[Article | Request]:
        posts = self.json_list(response)
        if posts is None:
            self.logger.info("%s is not a REST listing", response.url)
            yield from self.discovery_done()
            return
        self.found += max(len(posts), 1)  # an empty first page is a site with no posts, not a failure
        if response.meta["page"] == 1:
            pages = api.total_pages(response.headers) or 1
            for page in range(2, pages + 1):
                url = add_or_replace_parameter(response.url, "page", str(page))
                yield self.discovery_request(url, self.parse_rest_listing, api_root=response.meta["api_root"], page=page)
        for post in posts:
            if api.is_protected(post):
                self.crawler.stats.inc_value("sinmun/skipped/password-protected")
                continue
            yield api.article_from_post(post, listing_url=response.url, site_family=self.profile.name, language=self.language)
        yield from self.discovery_done()

    @staticmethod
    def json_list(response: Response) -> list[dict[str, Any]] | None:
        try:
            data = response.json()
        except (ValueError, AttributeError):
            return None
        return data if isinstance(data, list) else None

    # --- sitemaps -------------------------------------------------------------------------------

    def start_sitemaps(self) -> Iterator[Request]:
        yield self.discovery_request(urljoin(self.site_url, "/robots.txt"), self.parse_robots, self.robots_failed)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        announced = list(sitemap_urls_from_robots(response.text, base_url=response.url))
        yield from self.request_sitemaps(announced or self.default_sitemaps())
        yield from self.discovery_done()

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        yield from self.request_sitemaps(self.default_sitemaps())
        yield from self.discovery_done()

    def default_sitemaps(self) -> list[str]:
        """Core's `/wp-sitemap.xml` (5.5+), then Jetpack's and WordPress.com's `/sitemap.xml` and `/news-sitemap.xml`."""
        return [urljoin(self.site_url, path) for path in ("/wp-sitemap.xml", "/sitemap.xml", "/news-sitemap.xml")]

    def request_sitemaps(self, urls: Iterable[str]) -> Iterator[Request]:
        for url in urls:
            if urlparse(url).hostname == self.host:
                yield self.discovery_request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        body = self.sitemap_body(response)
        sitemap = Sitemap(body) if body else None
        if sitemap is not None and sitemap.type == "sitemapindex":
            yield from self.request_sitemaps(entry["loc"] for entry in sitemap if self.wanted_sitemap(entry["loc"]))
        elif sitemap is not None and sitemap.type == "urlset":
            yield from self.article_requests((entry["loc"] for entry in sitemap), response)
        else:
            self.logger.info("%s is not a sitemap", response.url)
        yield from self.discovery_done()

    def wanted_sitemap(self, url: str) -> bool:
        if any(marker in url for marker in SITEMAPS_WITHOUT_POSTS):
            return False
        return self.include_pages or not any(marker in url for marker in SITEMAPS_OF_PAGES)

    @staticmethod
    def sitemap_body(response: Response) -> bytes | None:
        if gzip_magic_number(response):
            return gunzip(response.body)
        if isinstance(response, XmlResponse) or response.body.lstrip()[:5] == b"<?xml":
            return response.body
        return None

    # --- feeds ------------------------------------------------------------------------------------

    def start_feed(self) -> Iterator[Request]:
        candidates = self.announced_feeds or [urljoin(self.site_url, "/feed/"), urljoin(self.site_url, "/?feed=rss2")]
        yield from self.try_in_turn(candidates, self.feed_start_requests)

    def feed_start_requests(self, feed: str, errback: Any) -> Iterator[Request]:
        yield self.discovery_request(feed, self.parse_feed, errback, feed=feed, page=1)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """One page of an RSS 2.0 or Atom feed; WordPress pages feeds with `?paged=N`."""
        document = Selector(text=response.text, type="xml")
        links = document.xpath("//item/link/text()").getall() or document.xpath(
            "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href"
        ).getall()
        links = [link.strip() for link in links if link.strip()]
        if links:
            yield from self.article_requests(links, response)
            page = response.meta["page"] + 1
            url = add_or_replace_parameter(response.meta["feed"], "paged", str(page))
            yield self.discovery_request(url, self.parse_feed, self.feed_page_missing, feed=response.meta["feed"], page=page)
        yield from self.discovery_done()

    def feed_page_missing(self, failure: Failure) -> Iterator[Request]:
        """Past the last feed page WordPress answers 404: the end of the feed, not an error."""
        yield from self.discovery_done()

    # --- archive pages ----------------------------------------------------------------------------

    def start_archive(self) -> Iterator[Request]:
        if self.home is None:
            self.logger.error("No archive pages to follow: the home page %s could not be fetched", self.site_url)
            return
        self.open_discovery_requests += 1
        self.crawler.stats.inc_value("sinmun/discovery/archive/requests")
        yield from self.parse_listing(self.home)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """An archive page (home, /page/N/): its article links, and the next page."""
        profile = detect_profile(response.text)
        links = [href for css in profile.listing_links for href in response.css(css).getall()]
        yield from self.article_requests((response.urljoin(href) for href in links), response)
        next_href = next((href for css in profile.next_page if (href := response.css(css).get())), None)
        if next_href:
            yield self.discovery_request(response.urljoin(next_href), self.parse_listing)
        yield from self.discovery_done()

    # --- article pages ----------------------------------------------------------------------------

    def article_requests(self, urls: Iterable[str], listing: Response) -> Iterator[Request]:
        for url in urls:
            if urlparse(url).hostname != self.host:
                continue
            self.found += 1
            yield Request(url, callback=self.parse_article, meta={"surface": listing.meta.get("surface", self.surface)})

    def parse_article(self, response: Response) -> Iterator[Article]:
        if response.css(PASSWORD_FORM):
            self.crawler.stats.inc_value("sinmun/skipped/password-protected")
            return
        if not self.include_pages and response.css(PAGE_MARKERS):
            self.crawler.stats.inc_value("sinmun/skipped/page")
            return
        article = locate_article(response.text, response.url, source=response.meta["surface"])
        if self.categories and not {name.casefold() for name in article.categories} & {name.casefold() for name in self.categories}:
            self.crawler.stats.inc_value("sinmun/skipped/other-category")
            return
        yield article
