"""Downloader middlewares that give sinmun its manners."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from scrapy import Request
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from crawler import __version__
from crawler.state import StateStore, Validators, state_for


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's user-agent middleware with `{version}` and `{contact}` (SINMUN_CONTACT) filled in.

    Site operators who see sinmun in their logs can then tell who is crawling and how to
    reach them.
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> ContactUserAgentMiddleware:
        settings = crawler.settings
        user_agent = settings.get("USER_AGENT").format(version=__version__, contact=settings.get("SINMUN_CONTACT"))
        middleware = cls(user_agent)
        crawler.signals.connect(middleware.spider_opened, signal="spider_opened")
        return middleware


class ConditionalGetMiddleware:
    """Asks for a stored page only if it changed: `If-None-Match` / `If-Modified-Since` from the dataset's state.

    A `304 Not Modified` answer is the cheapest "unchanged": counted as `sinmun/dataset/unchanged`,
    noted as seen (recorded with the dataset's next publication), and the request ends there (IgnoreRequest), with no row written. A 200
    answer's validators wait in the store until its article is published with them. Failed
    fetches are recorded with the surface that listed them, so the next run retries them; a page
    that answers 404 or 410 is gone, not failed. Off when the run writes `-O` feeds.
    """

    def __init__(self, crawler: Any, store: StateStore):
        self.stats = crawler.stats
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalGetMiddleware:
        store = state_for(crawler)
        if store is None:
            raise NotConfigured("the run writes feeds (-O/-o), not the dataset")
        return cls(crawler, store)

    def process_request(self, request: Request) -> None:
        if request.method != "GET" or not is_article_fetch(request):
            return  # listings, robots.txt and `scrapy fetch`/`shell` requests (dont_filter) ask unconditionally
        stored = self.store.lookup_fetched(request.url)
        if stored is None:
            return
        if stored.etag and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = stored.etag
        if stored.last_modified and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = stored.last_modified
        request.meta["sinmun_conditional"] = stored.url

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and "sinmun_conditional" in request.meta:
            self.stats.inc_value("sinmun/dataset/unchanged")
            self.stats.inc_value("sinmun/dataset/not_modified")
            self.store.note_unchanged(request.meta["sinmun_conditional"], request.url, None)
            raise IgnoreRequest(f"not modified since the stored version: {request.url}")
        if response.status in GONE and is_article_fetch(request):
            self.store.forget_failure(request.url)
        elif response.status >= 400 and is_article_fetch(request):
            self.store.record_failure(request.url, urlparse(request.url).hostname, f"HTTP {response.status}", request.meta.get("surface"))
        elif response.status == 200 and is_article_fetch(request):  # a listing's validators are not an article's
            etag, last_modified = response.headers.get(b"ETag"), response.headers.get(b"Last-Modified")
            if etag or last_modified:
                self.store.pending_validators[response.url] = Validators(
                    etag.decode("latin-1") if etag else None, last_modified.decode("latin-1") if last_modified else None
                )
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest) and is_article_fetch(request):
            self.store.record_failure(request.url, urlparse(request.url).hostname, type(exception).__name__, request.meta.get("surface"))


#: Answers that say a page is gone for good, not that fetching it failed.
GONE = (404, 410)


def is_article_fetch(request: Request) -> bool:
    """Whether a request fetches an article page (whose failure is worth retrying next run), not a listing.

    `meta["sinmun_article"]` says so explicitly; without it, listings are the requests made with
    `dont_filter` (revisited on purpose) and robots.txt is never one.
    """
    if request.meta.get("dont_obey_robotstxt"):
        return False
    return bool(request.meta.get("sinmun_article", not request.dont_filter))
