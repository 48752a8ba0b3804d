"""Conditional GET from the dataset's state: stored pages are asked for only if they changed."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares import ConditionalGetMiddleware
from crawler.state import FailedFetch, Validators

PAGE = "https://example.org/2024/03/01/stored/"


@pytest.fixture
def middleware(tmp_path):
    crawler = get_crawler(settings_dict={"SINMUN_DATASET": str(tmp_path / "articles")})
    crawler.stats.open_spider()
    middleware = ConditionalGetMiddleware.from_crawler(crawler)
    with middleware.store.transaction() as db:
        row = {"url": PAGE, "fetched_url": PAGE, "site": "example.org", "version": 1, "content_hash": "h"}
        middleware.store.store_version(db, row, "part", Validators('"v1"', "Fri, 01 Mar 2024 10:00:00 GMT"))
    return middleware


def test_a_stored_page_is_requested_with_its_etag_and_last_modified(middleware):
    request = Request(PAGE)
    middleware.process_request(request)
    assert request.headers[b"If-None-Match"] == b'"v1"'
    assert request.headers[b"If-Modified-Since"] == b"Fri, 01 Mar 2024 10:00:00 GMT"


def test_a_listing_or_a_scrapy_fetch_of_a_stored_page_is_requested_unconditionally(middleware):
    request = Request(PAGE, dont_filter=True)
    middleware.process_request(request)
    assert b"If-None-Match" not in request.headers and b"If-Modified-Since" not in request.headers


def test_a_page_the_dataset_does_not_hold_is_requested_unconditionally(middleware):
    request = Request("https://example.org/new/")
    middleware.process_request(request)
    assert b"If-None-Match" not in request.headers and b"If-Modified-Since" not in request.headers


def test_a_304_answer_counts_as_unchanged_and_ends_the_request(middleware):
    request = Request(PAGE)
    middleware.process_request(request)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, HtmlResponse(PAGE, status=304, request=request))
    assert middleware.stats.get_value("sinmun/dataset/unchanged") == 1
    seen_before = middleware.store.lookup(PAGE).last_seen
    with middleware.store.transaction() as db:  # as the dataset's next publication does
        middleware.store.commit_sightings(db)
    assert middleware.store.lookup(PAGE).last_seen > seen_before


def test_validators_of_a_fetched_page_wait_until_its_article_is_stored(middleware):
    url = "https://example.org/new/"
    response = HtmlResponse(url, status=200, headers={"ETag": '"n1"'}, body=b"<html></html>", request=Request(url))
    middleware.process_response(response.request, response)
    assert middleware.store.lookup_fetched(url) is None
    assert middleware.store.pending_validators[url] == Validators('"n1"', None)


def article(url: str) -> Request:
    """An article request as the discovery surfaces make them."""
    return Request(url, meta={"surface": "sitemap", "sinmun_article": True})


def test_a_failed_article_fetch_is_recorded_with_its_surface_for_the_next_run(middleware):
    url = "https://example.org/broken/"
    middleware.process_response(article(url), HtmlResponse(url, status=500, request=article(url)))
    listing = Request("https://example.org/page/9/", meta={"surface": "archive", "sinmun_article": False})
    middleware.process_response(listing, HtmlResponse(listing.url, status=500, request=listing))
    assert middleware.store.failed_urls("example.org") == {url: FailedFetch("HTTP 500", "sitemap")}


def test_an_article_that_answers_404_is_gone_not_failed(middleware):
    url = "https://example.org/deleted/"
    middleware.process_response(article(url), HtmlResponse(url, status=503, request=article(url)))
    middleware.process_response(article(url), HtmlResponse(url, status=404, request=article(url)))
    assert middleware.store.failed_urls("example.org") == {}
