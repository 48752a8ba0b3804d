"""Backfill from local archives: saved pages and mirrors, text dumps, WARC and WACZ web archives become Articles."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from parsel import Selector
from scrapy import Request, Spider, signals
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.url import file_uri_to_path

from crawler import wordpress_api as api
from crawler.archives import Capture, DistinctVersions, Ignored, RecordLocation, is_archive, page_captures, read_page
from crawler.arguments import TOOL_ARGUMENTS, Argument, some_of, spider_arguments
from crawler.decoding import UndecodableError, decode_html, decode_text
from crawler.items import Article
from crawler.locate import declared_language, locate_article, locate_text_dump, parse_page
from crawler.mirrors import MirrorTrace, is_mirror_tool_file, is_mirror_tool_index, mirror_trace, original_url
from crawler.pagekinds import non_article_kind
from crawler.sites import detect_profile
from crawler.workers import ExtractionWorkers

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt"})
#: Page kinds that `-a include=` can ask for, by the names the wordpress spider uses.
INCLUDABLE = {"pages": "page"}
#: Files every site serves that are no article.
SITE_FILES = frozenset({"robots.txt"})
#: Skips that an archive or a mirror makes by the thousand: logged at DEBUG, counted all the same.
_EXPECTED_SKIPS = frozenset({"unsupported-type", "mirror-tool-file", "site-file", "same-version"})


def _existing_path(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise ValueError(f"path {str(path)!r} does not exist")
    return path


def _base_url(value: str) -> str:
    parsed = urlparse(value.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError("expected the site's address, e.g. https://example.org/")
    return parsed._replace(path=parsed.path if parsed.path.endswith("/") else parsed.path + "/", query="", fragment="").geturl()


def _included_kinds(value: str) -> frozenset[str]:
    """The page kinds to keep, in the wordpress spider's words (`posts` are always kept)."""
    return frozenset(INCLUDABLE[name] for name in some_of("posts", *INCLUDABLE)(value) if name in INCLUDABLE)


def _saved_name(path: Path) -> str:
    """The file name without the query string wget keeps in it (`index.html?p=112`)."""
    return path.name.split("?", 1)[0].lower()


class FilesSpider(Spider):
    """`scrapy crawl files -a path=DIR_OR_FILE`: every saved page, mirror and web archive under `path`.

    Files and records that are not articles, or cannot be read, are skipped with a reason,
    counted under `sinmun/files/skipped/<reason>` and never written.
    """

    name = "files"
    arguments = (
        Argument(
            "path",
            "a folder (searched recursively) or one file: saved .html/.htm pages, .txt text dumps, .warc, .warc.gz, .wacz",
            parse=_existing_path,
            required=True,
            metavar="DIR_OR_FILE",
        ),
        Argument(
            "base_url",
            "the saved site's address, for root-relative canonical links and pages saved without their host folder",
            parse=_base_url,
            metavar="https://example.org/",
        ),
        Argument("include", "also keep WordPress pages (posts are always kept)", parse=_included_kinds, default=frozenset(), metavar="pages"),
        Argument("timezone", "IANA zone for naive dates on the saved pages", metavar="Asia/Pyongyang"),
    )
    custom_settings = {
        # Local files: there is no server to be polite to.
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "DOWNLOAD_HANDLERS": {"archive": "crawler.archives.ArchiveRecordDownloadHandler"},
        # An archive holds many captures of a page: each distinct version is kept.
        "SINMUN_KEEP_VERSIONS": True,
    }

    def __init__(self, **kwargs: Any):
        values = spider_arguments(type(self), kwargs)
        super().__init__(**{name: value for name, value in kwargs.items() if name in TOOL_ARGUMENTS})
        self.root: Path = values["path"]
        self.base_url: str | None = values["base_url"]
        self.included_kinds: frozenset[str] = values["include"]
        self.timezone: str | None = values["timezone"]
        self.archived_sites: dict[str, tuple[str, str | None]] = {}  # home page capture -> (family, language)

    # --- what there is to read ---------------------------------------------------------------

    def input_files(self) -> Iterator[Path]:
        """Files under `root` in a stable order, streamed (a single file is its own archive)."""
        if not self.root.is_dir():
            yield self.root
            return
        for folder, subfolders, names in os.walk(self.root, onerror=self.folder_failed):
            subfolders.sort()
            for name in sorted(names):
                yield Path(folder, name)

    def folder_failed(self, error: OSError) -> None:
        self.skip(Path(error.filename or self.root).as_uri(), "unreadable", str(error))

    async def start(self) -> AsyncIterator[Request]:
        versions = DistinctVersions()
        for request in self.requests(versions):
            if self.crawler.engine.needs_backout():
                await self.crawler.signals.wait_for(signals.scheduler_empty)
            yield request
        for reason, count in versions.finish().items():
            self.crawler.stats.inc_value(f"sinmun/files/skipped/{reason}", count)

    def requests(self, versions: DistinctVersions) -> Iterator[Request]:
        max_size = self.settings.getint("SINMUN_MAX_FILE_SIZE")
        for path in self.input_files():
            uri = path.absolute().as_uri()
            if not path.exists():
                if path.is_symlink():
                    self.skip(uri, "broken-link", f"points to {os.readlink(path)!r}, which does not exist")
                else:
                    self.skip(uri, "unreadable", "removed while the folder was read")
                continue
            if not os.access(path, os.R_OK):
                self.skip(uri, "unreadable", "permission denied")
                continue
            if self.root.is_dir() and is_mirror_tool_file(path, self.root):
                self.skip(uri, "mirror-tool-file")
            elif is_archive(path):
                yield from self.archive_requests(path, versions, max_size)
            elif _saved_name(path).endswith(tuple(HTML_SUFFIXES | TEXT_SUFFIXES)):
                if _saved_name(path) in SITE_FILES:
                    self.skip(uri, "site-file")
                elif (size := path.stat().st_size) > max_size:
                    self.skip(uri, "too-large", f"{size:,} bytes, over SINMUN_MAX_FILE_SIZE ({max_size:,})")
                else:
                    yield Request(uri, callback=self.parse_saved_page, errback=self.file_failed)
            else:
                self.skip(uri, "unsupported-type")

    def archive_requests(self, path: Path, versions: DistinctVersions, max_size: int) -> Iterator[Request]:
        """One request per distinct HTML page or REST listing captured in the archive, read as the archive streams by."""
        stats = self.crawler.stats
        captures = 0
        home_pages: dict[str, str] = {}  # host -> where its home page's capture is: REST posts take their site's family from it
        try:
            for record in page_captures(path, max_size):
                stats.inc_value("sinmun/archive/records")
                if isinstance(record, Ignored):
                    if record.why == "too-large":
                        self.skip(path.as_uri(), "too-large", "an archived page over SINMUN_MAX_FILE_SIZE")
                    else:
                        stats.inc_value(f"sinmun/archive/ignored/{record.why}")
                    continue
                captures += 1
                parsed = urlparse(record.url)
                if record.rest_route is None and parsed.path in ("", "/") and not parsed.query:
                    home_pages.setdefault(parsed.netloc, record.location.as_url())
                if record.rest_route == "wp/v2/pages" and "page" not in self.included_kinds:
                    self.skip(record.url, "page", expected=True)
                    continue
                refused = versions.admit(record)
                if refused == "same-version":
                    self.skip(record.url, refused, f"captured {record.captured_at:%Y-%m-%d %H:%M:%S}")
                elif refused is None:
                    yield self.capture_request(record, home_pages.get(parsed.netloc))
        except Exception as error:  # warcio, gzip and zip errors have no common base
            self.skip(path.as_uri(), "unreadable", f"{type(error).__name__}: {error}")
            return
        if not captures:
            self.logger.warning("%s holds no HTML page or REST listing captured with status 200: nothing to read", path)

    def capture_request(self, capture: Capture, home_page: str | None) -> Request:
        """A page goes to `parse_archived_page`; a REST listing, with its site's home page, to `parse_archived_rest_listing`."""
        cb_kwargs: dict[str, Any] = {"captured_at": capture.captured_at.isoformat()}
        if capture.rest_route is not None:
            cb_kwargs["home_page"] = home_page
        callback = self.parse_archived_page if capture.rest_route is None else self.parse_archived_rest_listing
        return Request(capture.location.as_url(), callback=callback, errback=self.file_failed, cb_kwargs=cb_kwargs)

    # --- skipping ---------------------------------------------------------------------------

    def skip(self, url: str, reason: str, detail: str = "", *, expected: bool = False) -> None:
        """Count and log a file or record left out; what an archive holds by the thousand
        (images, listings, repeated captures) is `expected` and logged at DEBUG only."""
        level = logging.DEBUG if expected or reason in _EXPECTED_SKIPS else logging.WARNING
        self.logger.log(level, "Skipped %s: %s%s", url, reason, f" ({detail})" if detail else "")
        self.crawler.stats.inc_value(f"sinmun/files/skipped/{reason}")

    def file_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.skip(request.url, "unreadable", failure.getErrorMessage())

    # --- reading ----------------------------------------------------------------------------

    async def parse_saved_page(self, response: Response) -> AsyncIterator[Article]:
        path = Path(file_uri_to_path(response.url))
        raw = response.body
        if not raw.strip():
            self.skip(response.url, "empty")
            return
        is_text_dump = _saved_name(path).endswith(tuple(TEXT_SUFFIXES))
        try:
            text = decode_text(raw) if is_text_dump else decode_html(raw)
        except UndecodableError as error:
            self.skip(response.url, error.reason, str(error))
            return
        if is_text_dump:
            trace = mirror_trace(path, self.root, "", self.base_url)
            article = locate_text_dump(text, response.url)
            if trace.page_url:
                article.url, article.site = trace.page_url, urlparse(trace.page_url).hostname
            yield article
            return
        if is_mirror_tool_index(text[:4096]):
            self.skip(response.url, "mirror-tool-file")
            return
        trace = mirror_trace(path, self.root, text, self.base_url)
        async for article in self.located(text, response.url, trace, self.base_url):
            yield article

    async def parse_archived_page(self, response: Response, captured_at: str) -> AsyncIterator[Article]:
        raw = response.body
        if not raw.strip():
            self.skip(response.url, "empty")
            return
        content_type = response.headers.get("Content-Type")
        try:
            text = decode_html(raw, content_type.decode("latin-1") if content_type else None)
        except UndecodableError as error:
            self.skip(response.url, error.reason, str(error))
            return
        # The record's own URL is where the page was: `base_url` is for mirrors.
        trace = MirrorTrace(response.url, datetime.fromisoformat(captured_at))
        async for article in self.located(text, response.url, trace, None):
            yield article

    def parse_archived_rest_listing(self, response: Response, captured_at: str, home_page: str | None) -> Iterator[Article]:
        """The posts of a REST listing, as the wordpress spider makes them, captured when the listing was."""
        try:
            posts = response.json()
        except ValueError as error:
            self.skip(response.url, "undecodable", f"not JSON: {error}")
            return
        if not isinstance(posts, list):
            self.skip(response.url, "not-a-listing", "the REST answer is no list of posts")
            return
        family, language = self.archived_site(home_page, response.url)
        for post in posts:
            if api.is_protected(post):
                self.crawler.stats.inc_value("sinmun/skipped/password-protected")
                continue
            article = api.article_from_post(post, listing_url=response.url, site_family=family, language=language)
            article.source, article.fetched_at = "file", datetime.fromisoformat(captured_at)
            yield article

    def archived_site(self, home_page: str | None, listing_url: str) -> tuple[str, str | None]:
        """The site's family and language from its archived home page, as the wordpress spider
        reads them from the live one (read once a run); without it, the API's host says what it can."""
        if home_page is None:
            return ("wordpress_com" if api.is_wordpress_com_api(listing_url) else "wordpress"), None
        if home_page not in self.archived_sites:
            url, headers, body = read_page(RecordLocation.from_url(home_page))
            content_type = headers.get("Content-Type", [b""])[0].decode("latin-1")
            selector = Selector(text=decode_html(body, content_type or None))
            self.archived_sites[home_page] = (detect_profile(selector, url).name, declared_language(selector))
        return self.archived_sites[home_page]

    async def located(self, html: str, fetched_url: str, trace: MirrorTrace, base_url: str | None) -> AsyncIterator[Article]:
        """The page's Article, located in an extraction worker when the crawl has them, unless the
        page says it is no article (a listing, an archive...)."""
        workers = ExtractionWorkers.of(self.crawler)
        article, kind = await workers.run(locate_file_page, html, fetched_url, trace, base_url, self.included_kinds)
        if kind is not None:
            self.skip(trace.page_url or fetched_url, kind, expected=True)
            return
        yield article


def locate_file_page(
    html: str, fetched_url: str, trace: MirrorTrace, base_url: str | None, included_kinds: Collection[str]
) -> tuple[Article | None, str | None]:
    """(the saved page's Article, None), or (None, the kind of page it is) when it is no article: a
    listing, an archive, a search page... One parse serves the family, the kind, the URL and locating."""
    selector = parse_page(html)
    if selector is None:  # no tree to ask: the cleaning stage rejects it with the parser's reason
        return locate_article(html, fetched_url, source="file"), None
    page_url = trace.page_url or fetched_url
    profile = detect_profile(selector, page_url)
    kind = non_article_kind(selector, profile, page_url, included=included_kinds)
    if kind is not None:
        return None, kind
    article = locate_article(html, fetched_url, source="file", profile=profile, parsed=selector)
    article.url = original_url(selector, trace, fetched_url, base_url)
    article.site = urlparse(article.url).hostname or None
    if trace.captured_at is not None:
        article.fetched_at = trace.captured_at
    return article, None
