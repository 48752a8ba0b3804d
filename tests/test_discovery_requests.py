"""Every request of every surface survives `Request.to_dict`/`request_from_dict` (Scrapy's `request_to_dict` before
2.19), as JOBDIR and scrapy-redis store it.

The spider is driven in-process over the recorded test WordPress (tests/wordpress_recording.py):
each request it makes is turned into a dict and back before it is answered, and its `meta`
must be plain JSON-able data. (tests/test_discovery_recorded.py runs the same crawls as
`scrapy crawl` with JOBDIR, where Scrapy's disk queues store every request.)
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.request import request_from_dict
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler.spiders.wordpress import WordPressSpider
from tests.wordpress_recording import CATEGORIES, SINCE, UNTIL, load_recording

SCENARIOS = [
    ("pretty", ["discover=rest"]),
    ("pretty", ["discover=rest", f"category={CATEGORIES}"]),
    ("pretty", ["discover=sitemap"]),
    ("pretty", ["discover=feed"]),
    ("pretty", ["discover=archive"]),
    ("pretty", ["discover=archive", f"category={CATEGORIES}"]),
    ("plain", ["discover=archive"]),
]


def spider_for(url: str, arguments: list[str]) -> WordPressSpider:
    settings = Settings({name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()})
    crawler = Crawler(WordPressSpider, settings)
    spider = WordPressSpider.from_crawler(crawler, url=url, since=SINCE, until=UNTIL, **dict(a.split("=", 1) for a in arguments))
    crawler.stats = MemoryStatsCollector(crawler)
    return spider


def round_trip(request: Request, spider: WordPressSpider) -> Request:
    stored = request.to_dict(spider=spider)
    json.dumps({"meta": stored["meta"], "cb_kwargs": stored["cb_kwargs"]})  # plain data, whatever the serializer
    restored = request_from_dict(stored, spider=spider)
    assert (restored.url, restored.callback, restored.errback, restored.meta, restored.dont_filter) == (
        request.url,
        request.callback,
        request.errback,
        request.meta,
        request.dont_filter,
    )
    return restored


def answer(request: Request, recording: dict) -> tuple[Response, bool]:
    """The recorded response to `request`, and whether it succeeded (a 2xx)."""
    target = re.sub(r"^https?://[^/]+", "", request.url)
    entry = recording["responses"].get(target, {"status": 404, "headers": {}, "body": ""})
    body = entry["body"].encode("utf-8")
    cls = responsetypes.from_args(headers=entry["headers"], url=request.url, body=body)
    return cls(request.url, status=entry["status"], headers=entry["headers"], body=body, request=request), 200 <= entry["status"] < 300


async def _collect(spider: WordPressSpider) -> list[Request]:
    return [request async for request in spider.start()]


def drive(spider: WordPressSpider, recording: dict) -> tuple[list[Request], list[object]]:
    """Answer the spider's requests from the recording, as the engine would; every one is round-tripped first.
    Returns the requests answered and the items yielded."""
    queue, answered, items, seen = asyncio.run(_collect(spider)), [], [], set()
    while queue:
        request = round_trip(queue.pop(0), spider)
        if request.url in seen and not request.dont_filter:
            continue
        seen.add(request.url)
        response, ok = answer(request, recording)
        if 300 <= response.status < 400:
            queue.append(request.replace(url=response.urljoin(response.headers["Location"].decode())))
            continue
        answered.append(request)
        if ok:
            results = request.callback(response)
        else:
            failure = Failure(HttpError(response))
            failure.request = request
            results = request.errback(failure)
        for result in _listed(results):
            (queue if isinstance(result, Request) else items).append(result)
    return answered, items


def _listed(results: Any) -> list[Any]:
    """A callback's output as a list, whether it is an iterable or an async generator (`parse_article`)."""
    if hasattr(results, "__aiter__"):

        async def every() -> list[Any]:
            return [result async for result in results]

        return asyncio.run(every())
    return list(results or ())


@pytest.mark.parametrize(("site", "arguments"), SCENARIOS, ids=lambda value: ",".join(value) if isinstance(value, list) else value)
def test_every_request_of_every_surface_round_trips(site, arguments):
    recording = load_recording(site)
    spider = spider_for(recording["origin"], arguments)
    answered, items = drive(spider, recording)
    surface = arguments[0].split("=")[1]
    listings = [request for request in answered if request.meta.get("surface") == surface and request.callback != spider.parse_article]
    assert listings and items, "the surface should have found articles"


@pytest.mark.parametrize("site", ("pretty", "plain"))
def test_article_pages_go_before_listings_so_the_scheduler_holds_one_listing_at_a_time(site):
    recording = load_recording(site)
    spider = spider_for(recording["origin"], ["discover=archive"])
    answered, _ = drive(spider, recording)
    articles = [request for request in answered if request.callback == spider.parse_article]
    listings = [request for request in answered if request.callback != spider.parse_article]
    assert articles and listings
    assert min(request.priority for request in articles) > max(request.priority for request in listings)
