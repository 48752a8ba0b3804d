"""The yardstick of benchmarks/bench_crawl.py: a bare Scrapy spider over the benchmark site, none of sinmun in it.

    scrapy runspider bare_spider.py -a url=http://127.0.0.1:PORT/ -O articles.jsonl

Run from an empty folder, so no project settings apply. It walks the site the way sinmun's archive
discovery does (the home listing page by page, each article it links) and yields each article's raw
fields as the page gives them: no cleaning, no dates, no validation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, url: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.site_url = url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.site_url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css(".entry-title a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)
        next_page = response.css('link[rel="next"]::attr(href)').get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_listing)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {
            "url": response.urljoin(response.css('link[rel="canonical"]::attr(href)').get() or response.url),
            "title": " ".join(response.css(".entry-title ::text").getall()).strip(),
            "body_html": response.css(".entry-content").get(),
            "authors": response.css(".entry-meta .author a::text").getall(),
            "categories": response.css(".cat-links a::text").getall(),
            "tags": response.css(".tags-links a::text").getall(),
            "published": response.css('meta[property="article:published_time"]::attr(content)').get(),
            "modified": response.css('meta[property="article:modified_time"]::attr(content)').get(),
        }
