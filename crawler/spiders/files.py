"""Backfill from local archives: saved `.html`/`.htm` pages and `.txt` text dumps become Articles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from crawler.arguments import TOOL_ARGUMENTS, Argument, spider_arguments
from crawler.items import Article
from crawler.locate import locate_article, locate_text_dump

HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt"})
#: A NUL byte in the first 8 KiB means a binary file, whatever its name says.
_SNIFF_BYTES = 8192


class FilesSpider(Spider):
    """`scrapy crawl files -a path=DIR_OR_FILE`: every saved page under `path`, one Article each.

    Files that are empty, binary, undecodable or of another type are skipped with a logged
    reason and counted under `sinmun/files/skipped/<reason>`.
    """

    name = "files"
    arguments = (Argument("path", "a saved page, or a folder searched recursively", required=True, metavar="DIR_OR_FILE"),)
    # Local files: there is no server to be polite to.
    custom_settings = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False}

    def __init__(self, **kwargs: Any):
        values = spider_arguments(type(self), kwargs)
        super().__init__(**{name: value for name, value in kwargs.items() if name in TOOL_ARGUMENTS})
        self.root = Path(values["path"]).expanduser()
        if not self.root.exists():
            raise ValueError(f"path {str(self.root)!r} does not exist")

    def saved_pages(self) -> Iterator[Path]:
        """Files under `root` in a stable order (a single file is its own archive)."""
        candidates = [self.root] if self.root.is_file() else sorted(p for p in self.root.rglob("*") if p.is_file())
        for candidate in candidates:
            if candidate.suffix.lower() in HTML_SUFFIXES | TEXT_SUFFIXES:
                yield candidate
            else:
                self.skip(candidate.as_uri(), "unsupported-type")

    async def start(self) -> AsyncIterator[Request]:
        for page in self.saved_pages():
            yield Request(page.resolve().as_uri(), callback=self.parse_saved_page)

    def skip(self, url: str, reason: str) -> None:
        self.logger.warning("Skipped %s: %s", url, reason)
        self.crawler.stats.inc_value(f"sinmun/files/skipped/{reason}")

    def parse_saved_page(self, response: Response) -> Iterator[Article]:
        raw = response.body
        if not raw.strip():
            self.skip(response.url, "empty")
            return
        if b"\x00" in raw[:_SNIFF_BYTES]:
            self.skip(response.url, "binary")
            return
        is_text_dump = Path(response.url).suffix.lower() in TEXT_SUFFIXES
        encoding = "utf-8-sig" if is_text_dump else getattr(response, "encoding", "utf-8")
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            self.skip(response.url, "undecodable")
            return
        if is_text_dump:
            yield locate_text_dump(text, response.url)
        else:
            yield locate_article(text, response.url, source="file")
