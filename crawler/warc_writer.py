"""Keep what a crawl fetched as a WARC (`-s SINMUN_WARC=PATH`), to prove later what a page said and re-extract it.

A downloader middleware placed next to the downloader (after HTTP compression, before the
stats), so it sees each response as it came off the wire (still gzip-encoded when the server
sent it so, redirects and error pages included) with the request as it was sent. It writes a
request record and a response record for every HTTP(S) response, through warcio, and a
`warcinfo` record opening each file. `NAME.warc.gz` is gzipped per record, as WARC readers
expect; any other name is plain WARC. Past `SINMUN_WARC_MAX_SIZE` the next file is
`NAME-00001.warc.gz`, and so on. A file is written under a hidden `.partial` name and renamed
when it is complete (at rotation or when the spider closes), so a reader never sees half a
record; `scrapy crawl files -a path=NAME.warc.gz` reads it back.
"""

from __future__ import annotations

import logging
import os
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__

logger = logging.getLogger(__name__)

#: Headers of the hop, not of the page: Scrapy has already undone the chunking they describe.
_HOP_HEADERS = frozenset({b"transfer-encoding", b"connection", b"keep-alive"})


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        if name.lower() not in _HOP_HEADERS
        for value in values
    ]


def rotated_path(path: Path, number: int) -> Path:
    """`out.warc.gz`, then `out-00001.warc.gz`, `out-00002.warc.gz`, ..."""
    if number == 0:
        return path
    name = path.name
    suffix = next((ending for ending in (".warc.gz", ".warc") if name.endswith(ending)), path.suffix)
    return path.with_name(f"{name[: len(name) - len(suffix)]}-{number:05d}{suffix}")


class WarcWriterMiddleware:
    """Downloader middleware: every HTTP(S) response the crawl fetched, and its request, into `SINMUN_WARC`."""

    def __init__(self, path: Path, max_size: int):
        self.path = path
        self.max_size = max_size
        self.number = 0
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self.records = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcWriterMiddleware:
        configured = crawler.settings.get("SINMUN_WARC")
        if not configured:
            raise NotConfigured
        middleware = cls(Path(configured).expanduser(), crawler.settings.getint("SINMUN_WARC_MAX_SIZE"))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    @property
    def _partial(self) -> Path:
        target = rotated_path(self.path, self.number)
        return target.with_name(f".{target.name}.partial")

    def _open(self) -> WARCWriter:
        target = rotated_path(self.path, self.number)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._file = self._partial.open("wb")
        self._writer = WARCWriter(self._file, gzip=target.name.endswith(".gz"))
        info = {"software": f"sinmun/{__version__} (Scrapy)", "format": "WARC File Format 1.1"}
        self._writer.write_record(self._writer.create_warcinfo_record(target.name, info))
        return self._writer

    def _publish(self) -> None:
        if self._file is None:
            return
        self._file.close()
        os.replace(self._partial, rotated_path(self.path, self.number))
        logger.info("WARC written: %s", rotated_path(self.path, self.number))
        self._file = self._writer = None

    def process_response(self, request: Request, response: Response) -> Response:
        if urlparse(response.url).scheme in ("http", "https"):
            self.write(request, response)
        return response

    def write(self, request: Request, response: Response) -> None:
        """A response record and, concurrent to it, the request record."""
        if self._file is not None and self._file.tell() >= self.max_size:
            self._publish()
            self.number += 1
        writer = self._writer or self._open()
        reason = HTTPStatus(response.status).phrase if response.status in HTTPStatus._value2member_map_ else ""
        response_headers = StatusAndHeaders(f"{response.status} {reason}".strip(), _header_pairs(response.headers), protocol="HTTP/1.1")
        response_record = writer.create_warc_record(
            response.url,
            "response",
            payload=BytesIO(response.body),
            http_headers=response_headers,
            warc_headers_dict={"WARC-IP-Address": str(response.ip_address)} if response.ip_address else None,
        )
        parsed = urlparse(request.url)
        target = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
        request_pairs = [("Host", parsed.netloc), *((name, value) for name, value in _header_pairs(request.headers) if name.lower() != "host")]
        request_record = writer.create_warc_record(
            request.url,
            "request",
            payload=BytesIO(request.body),
            http_headers=StatusAndHeaders(f"{request.method} {target} HTTP/1.1", request_pairs, is_http_request=True),
        )
        writer.write_request_response_pair(request_record, response_record)
        self.records += 2

    def spider_closed(self, spider: Any) -> None:
        self._publish()
