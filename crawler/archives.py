"""Read web archives (.warc, .warc.gz, .wacz) record by record, so a backfill can come from a capture.

Wayback Machine and Common Crawl downloads come as WARC, Webrecorder captures as WACZ (a zip
holding `archive/*.warc.gz`). Reading is two passes over streams, never the whole file in
memory: `page_captures` walks an archive's records and yields a `Capture` (where the record is,
its original URL, capture time and payload digest) for each HTML page captured with status
200 (and each WordPress REST listing, where a crawl through the API keeps its articles), and the `archive:` download handler reads one such record back when the spider's request
for it comes up, so every page goes through Scrapy's scheduler (with its backpressure) and
callbacks like a fetched one, its request a plain URL. `DistinctVersions` keeps each distinct
payload once: a revisit record, or a second capture of an unchanged page, is the version
already read.

warcio reads the records: FastWARC parses about three times faster (12,700 against 3,800
records/s on a 507 MB .warc.gz here), but the files spider spends 20 to 130 ms a page locating
the article (benchmarks/bench_files.py), so the reader is under 3 % of a backfill either way, and warcio also writes the
WARCs of `SINMUN_WARC` (crawler/warc_writer.py): one library, the Webrecorder reference.
"""

from __future__ import annotations

import base64
import hashlib
import struct
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, quote, urlencode, urlparse

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.http import HtmlResponse, Request
from scrapy.utils.asyncio import run_in_thread
from w3lib.url import file_uri_to_path
from warcio.archiveiterator import ArchiveIterator

from crawler.wordpress_api import listing_route

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
#: The scheme of requests for one archived record: `archive://localhost/abs/file.wacz?member=...&offset=N`
#: (a host, as w3lib folds `scheme:///` to `scheme:/` for schemes it does not know).
SCHEME = "archive"
HTML_TYPES = ("text/html", "application/xhtml+xml")
JSON_TYPE = "application/json"
#: A WACZ keeps its WARC files here.
WACZ_WARC_FOLDER = "archive/"
#: Headers that describe the transfer, not the page: the body handed on is already decoded.
_TRANSFER_HEADERS = ("Content-Encoding", "Transfer-Encoding", "Content-Length")
_ZIP_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True)
class RecordLocation:
    """Where one record starts: a WARC file, or a WARC member of a WACZ, and a byte offset."""

    archive: Path
    offset: int
    member: str | None = None

    def as_url(self) -> str:
        query = {"offset": self.offset} | ({"member": self.member} if self.member else {})
        return f"{SCHEME}://localhost{quote(str(self.archive.resolve()))}?{urlencode(query)}"

    @classmethod
    def from_url(cls, url: str) -> RecordLocation:
        parsed = urlparse(url)
        query = parse_qs(parsed.query)
        member = query.get("member", [None])[0]
        return cls(Path(file_uri_to_path(f"file://{parsed.path}")), int(query["offset"][0]), member)


@dataclass(frozen=True)
class Capture:
    """An HTML page as the archive holds it (a response record, or a revisit of one), or a
    WordPress REST listing (`rest_route` names its route): a crawl through the API keeps its
    articles in those, not in pages."""

    location: RecordLocation
    url: str
    captured_at: datetime
    payload_digest: str
    revisit: bool = False
    rest_route: str | None = None


@dataclass(frozen=True)
class Ignored:
    """A record that is no page to read: `why` is its record type, `status`, `not-html` or `too-large`."""

    why: str


class _WholeArchiveIterator(ArchiveIterator):
    """warcio's record iterator, which stops quietly where a gzip member is cut short (a broken
    download, a disk error): this one raises instead, so the archive is counted unreadable."""

    def close(self) -> None:
        decompressor = self.reader.decompressor if self.reader else None
        cut = decompressor is not None and not decompressor.eof
        super().close()
        if cut:
            raise ValueError("the archive ends inside a record: truncated or corrupt")


def _warc_streams(path: Path) -> Iterator[tuple[str | None, IO[bytes]]]:
    """(WACZ member name or None, stream) for each WARC in the archive, in name order."""
    if not path.name.lower().endswith(".wacz"):
        with path.open("rb") as stream:
            yield None, stream
        return
    with zipfile.ZipFile(path) as wacz:
        members = sorted(
            name for name in wacz.namelist() if name.startswith(WACZ_WARC_FOLDER) and name.lower().endswith((".warc", ".warc.gz"))
        )
        if not members:
            raise ValueError(f"{path.name} holds no {WACZ_WARC_FOLDER}*.warc.gz: not a WACZ")
        for member in members:
            with wacz.open(member) as stream:
                yield member, stream


def _captured_at(record: Any) -> datetime:
    stamp = record.rec_headers.get_header("WARC-Date") or ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"record {record.rec_headers.get_header('WARC-Record-ID')} has no valid WARC-Date: {stamp!r}") from None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _is_html(content_type: str | None) -> bool:
    return _media_type(content_type) in HTML_TYPES


def _payload_digest(record: Any) -> str:
    """The record's WARC-Payload-Digest, or one computed from its payload when the writer left it out."""
    declared = record.rec_headers.get_header("WARC-Payload-Digest")
    if declared:
        return declared
    return "sha1:" + base64.b32encode(hashlib.sha1(record.raw_stream.read()).digest()).decode("ascii")  # noqa: S324 (WARC's digest)


def page_captures(path: Path, max_size: int) -> Iterator[Capture | Ignored]:
    """Every record of the archive at `path`, as a `Capture` of an HTML page or a REST listing
    (status 200, or a revisit of one) or as `Ignored`. Streams: one record at a time, whatever
    the archive's size."""
    for member, stream in _warc_streams(path):
        records = _WholeArchiveIterator(stream)
        for record in records:
            kind = record.rec_type
            if kind not in ("response", "revisit", "resource"):
                yield Ignored(kind)
                continue
            headers = record.http_headers
            if kind == "resource":
                status, content_type = "200", record.rec_headers.get_header("Content-Type")
            else:
                status = headers.get_statuscode() if headers else ""
                content_type = headers.get_header("Content-Type") if headers else None
            if kind == "revisit":
                ok = status in ("200", "304")
                html = content_type is None or _is_html(content_type)
            else:
                ok, html = status == "200", _is_html(content_type)
            url = record.rec_headers.get_header("WARC-Target-URI")
            rest_route = listing_route(url) if ok and kind == "response" and _media_type(content_type) == JSON_TYPE else None
            if not ok or not (html or rest_route):
                yield Ignored("status" if not ok else "not-html")
                continue
            length = int(record.rec_headers.get_header("Content-Length") or 0)
            if length > max_size:
                yield Ignored("too-large")
                continue
            yield Capture(
                location=RecordLocation(path, records.get_record_offset(), member),
                url=url,
                captured_at=_captured_at(record),
                payload_digest=_payload_digest(record),
                revisit=kind == "revisit",
                rest_route=rest_route,
            )


class DistinctVersions:
    """Each distinct payload once, over all the archives of a run.

    A capture whose payload digest was already read is that version again (`same-version`): a
    second capture of an unchanged page, or a revisit record, which holds no payload of its own
    but names its original's digest. A revisit met before its original waits for it; one whose
    original never comes is `revisit-unresolved`.
    """

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.waiting: Counter[str] = Counter()

    def admit(self, capture: Capture) -> str | None:
        """None when the capture is a new version to read, else why it is not."""
        if capture.payload_digest in self.read:
            return "same-version"
        if capture.revisit:
            self.waiting[capture.payload_digest] += 1
            return "revisit-waiting"
        self.read.add(capture.payload_digest)
        return None

    def finish(self) -> Counter[str]:
        """What became of the revisits that waited: `same-version` or `revisit-unresolved`."""
        outcome: Counter[str] = Counter()
        for digest, count in self.waiting.items():
            outcome["same-version" if digest in self.read else "revisit-unresolved"] += count
        return outcome


@contextmanager
def _record_stream(location: RecordLocation) -> Iterator[IO[bytes]]:
    """A stream positioned at the record. A WACZ stores its WARCs uncompressed (the WACZ
    spec), so the member's bytes are found in the zip file itself; a compressed member is
    decompressed up to the offset, slowly but correctly."""
    with location.archive.open("rb") as raw:
        if location.member is None:
            raw.seek(location.offset)
            yield raw
            return
        with zipfile.ZipFile(raw) as wacz:
            info = wacz.getinfo(location.member)
            if info.compress_type == zipfile.ZIP_STORED:
                raw.seek(info.header_offset)
                fields = _ZIP_LOCAL_HEADER.unpack(raw.read(_ZIP_LOCAL_HEADER.size))
                name_length, extra_length = fields[-2], fields[-1]
                raw.seek(info.header_offset + _ZIP_LOCAL_HEADER.size + name_length + extra_length + location.offset)
                yield raw
                return
            with wacz.open(info) as member:
                member.seek(location.offset)
                yield member


def read_page(location: RecordLocation) -> tuple[str, dict[str, list[bytes]], bytes]:
    """(original URL, HTTP headers, decoded payload) of the response record at `location`."""
    with _record_stream(location) as stream:
        record = next(iter(ArchiveIterator(stream)))
        url = record.rec_headers.get_header("WARC-Target-URI")
        body = record.content_stream().read()
        headers: dict[str, list[bytes]] = {}
        for name, value in (record.http_headers.headers if record.http_headers else []):
            if name.title() not in _TRANSFER_HEADERS:
                headers.setdefault(name, []).append(value.encode("latin-1", "replace"))
        if record.rec_type == "resource":
            headers["Content-Type"] = [record.rec_headers.get_header("Content-Type", "text/html").encode("latin-1", "replace")]
    return url, headers, body


class ArchiveRecordDownloadHandler(BaseDownloadHandler):
    """Scrapy download handler for `archive:` URLs: the response is the archived page, read
    from disk in a thread, with its original URL; nothing touches the network."""

    async def download_request(self, request: Request) -> HtmlResponse:
        url, headers, body = await run_in_thread(read_page, RecordLocation.from_url(request.url))
        return HtmlResponse(url=url, status=200, headers=headers, body=body, request=request)
