"""Crawl a WordPress-style site: discover articles, then locate their fields with the site's profile."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlparse

from scrapy import Request, Spider
from scrapy.http import Response

from crawler.items import Article
from crawler.locate import locate_article
from crawler.profiles import detect_profile


class WordPressSpider(Spider):
    """`scrapy crawl wordpress -a url=SITE_URL`: every article reachable from the site's archive pages.

    Discovery follows the home page and its `/page/N/` successors to each article.
    """

    name = "wordpress"

    def __init__(self, url: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if not url:
            raise ValueError("the wordpress spider needs a site: scrapy crawl wordpress -a url=https://example.org")
        parsed = urlparse(url if "://" in url else f"https://{url}")
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not a site URL: {url!r} (expected http:// or https://)")
        self.site_url = parsed.geturl()
        self.allowed_domains = [parsed.hostname]

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.site_url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """An archive page: follow its article links and its next page."""
        profile = detect_profile(response.text)
        for css in profile.listing_links:
            for href in response.css(css).getall():
                yield response.follow(href, callback=self.parse_article)
        for css in profile.next_page:
            next_href = response.css(css).get()
            if next_href:
                yield response.follow(next_href, callback=self.parse_listing)
                break

    def parse_article(self, response: Response) -> Iterator[Article]:
        yield locate_article(response.text, response.url, source="archive")
