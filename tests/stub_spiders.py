"""A spider for tests of the run outcome: it reports discovery stats as the wordpress spider does, from `-a` arguments.

Run with `-s SPIDER_MODULES=tests.stub_spiders`. It yields its articles without any request, so
the tests exercise the verdict, the exit code and the output without a server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Spider

from crawler.arguments import Argument, parse_arguments
from crawler.items import Article


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError("expected a count of 0 or more")
    return value


class DiscoveryStubSpider(Spider):
    """`-a articles=N -a found=N -a failure=TEXT -a expected=N -a pause=SECONDS`."""

    name = "discovery-stub"
    arguments = (
        Argument("articles", "articles to yield", _count, default=1, metavar="N"),
        Argument("found", "sinmun/discovery/found to report", _count, default=None, metavar="N"),
        Argument("failure", "sinmun/discovery/failure to report", metavar="TEXT"),
        Argument("expected", "sinmun/discovery/expected to report", _count, default=None, metavar="N"),
        Argument("pause", "seconds to wait before each article", float, default=0.0, metavar="SECONDS"),
    )

    def __init__(self, **kwargs: Any):
        values = parse_arguments(self.arguments, kwargs, spider=self.name)
        super().__init__(**{key: value for key, value in kwargs.items() if key not in values})
        self.values = values

    async def start(self) -> AsyncIterator[Article]:
        stats = self.crawler.stats
        stats.set_value("sinmun/discovery/requests", 1)
        for key in ("found", "failure", "expected"):
            if self.values[key] is not None:
                stats.set_value(f"sinmun/discovery/{key}", self.values[key])
        for number in range(self.values["articles"]):
            await asyncio.sleep(self.values["pause"])
            url = f"http://127.0.0.1/stub/{number}/"
            yield Article(url=url, fetched_url=url, site="127.0.0.1", source="archive", title=f"Stub {number}", body=f"Body of stub article {number}.")
