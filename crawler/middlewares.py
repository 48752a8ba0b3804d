"""Downloader middlewares that give sinmun its manners."""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware

from crawler import __version__


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
