"""`scrapy crawl files` over WARC and WACZ captures of the demo site: exactly the articles, each distinct version once."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import run_crawl

FIRST_CRAWL = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
SECOND_CRAWL = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)
#: The sentence the site's editor rewrote between the two crawls.
EDIT = ("The children swim in the sea", "The children swim in the warm sea")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Capturer:
    """Fetches pages from a loopback server and writes them as a crawler would, with warcio."""

    def __init__(self, stream: io.BufferedWriter):
        self.writer = WARCWriter(stream, gzip=True)
        self.writer.write_record(self.writer.create_warcinfo_record("demo.warc.gz", {"software": "sinmun tests"}))

    def fetch(self, url: str) -> tuple[int, list[tuple[str, str]], bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (loopback only)
                return answer.status, list(answer.headers.items()), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, list(error.headers.items()), error.read()

    def capture(self, url: str, moment: datetime) -> object:
        status, headers, body = self.fetch(url)
        http_headers = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Not Found'}", headers, protocol="HTTP/1.0")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http_headers, warc_headers_dict={"WARC-Date": _stamp(moment)}
        )
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True)
        )
        self.writer.write_request_response_pair(request, record)
        return record

    def revisit(self, original: object, moment: datetime, digest: str | None = None) -> None:
        """The page again, unchanged: a revisit record naming the original's payload digest."""
        headers = original.rec_headers  # type: ignore[attr-defined]
        url = headers.get_header("WARC-Target-URI")
        record = self.writer.create_revisit_record(
            url,
            digest or headers.get_header("WARC-Payload-Digest"),
            url,
            headers.get_header("WARC-Date"),
            http_headers=original.http_headers,  # type: ignore[attr-defined]
        )
        record.rec_headers.replace_header("WARC-Date", _stamp(moment))
        self.writer.write_record(record)


@pytest.fixture(scope="module")
def site_paths():
    from demo.build import render_site

    return sorted(render_site())


@pytest.fixture(scope="module")
def capture(site_paths, tmp_path_factory):
    """Two crawls of the demo into one WARC: every page, then an unchanged page again (a revisit),
    an edited page captured anew, a revisit of a payload this archive lacks, and a 404."""
    from demo.build import build_site, expected_articles
    from demo.serve import serve_directory

    site = tmp_path_factory.mktemp("captured-site")
    build_site(site)
    articles = expected_articles()
    edited = next(article["path"] for article in articles if EDIT[0] in article["body"])
    unchanged = next(article["path"] for article in articles if article["path"] != edited)
    warc = tmp_path_factory.mktemp("warc") / "demo.warc.gz"
    with serve_directory(site) as origin, warc.open("wb") as stream:
        capturer = Capturer(stream)
        originals = {}
        for number, path in enumerate(site_paths):
            url = origin + (path[: -len("index.html")] if path.endswith("index.html") else path)
            originals[url] = capturer.capture(url, FIRST_CRAWL + timedelta(seconds=number))
        origin = origin.rstrip("/")
        capturer.revisit(originals[origin + unchanged], SECOND_CRAWL)
        page = site / edited.strip("/") / "index.html"
        page.write_text(page.read_text(encoding="utf-8").replace(*EDIT), encoding="utf-8")
        capturer.capture(origin + edited, SECOND_CRAWL + timedelta(seconds=1))
        capturer.revisit(originals[origin + unchanged], SECOND_CRAWL + timedelta(seconds=2), digest="sha1:UNKNOWNPAYLOADOFANEARLIERCRAWL")
        capturer.capture(origin + "/no-such-page/", SECOND_CRAWL + timedelta(seconds=3))
    return {"warc": warc, "origin": origin, "edited": origin + edited, "unchanged": origin + unchanged, "articles": articles}


def make_wacz(warc: Path, wacz: Path) -> Path:
    """A WACZ as Webrecorder's tools pack one: the WARC stored uncompressed under archive/."""
    with zipfile.ZipFile(wacz, "w") as archive:
        archive.write(warc, f"archive/{warc.name}", compress_type=zipfile.ZIP_STORED)
        archive.writestr("pages/pages.jsonl", json.dumps({"format": "json-pages-1.0", "id": "pages"}) + "\n", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}), compress_type=zipfile.ZIP_DEFLATED)
    return wacz


@pytest.fixture(scope="module", params=["warc", "wacz"])
def archive_crawl(request, capture, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"{request.param}-out")
    path = capture["warc"] if request.param == "warc" else make_wacz(capture["warc"], out / "demo.wacz")
    return run_crawl("files", out / "archive.parquet", "-a", f"path={path}")


def test_an_archive_gives_every_article_and_the_edited_one_twice(archive_crawl, capture):
    assert archive_crawl.returncode == 0, archive_crawl.log
    expected = sorted([capture["origin"] + article["path"] for article in capture["articles"]] + [capture["edited"]])
    assert sorted(row["url"] for row in archive_crawl.rows) == expected


def test_each_version_has_its_own_text_and_capture_time(archive_crawl, capture):
    versions = sorted((row["fetched_at"], row["body"]) for row in archive_crawl.rows if row["url"] == capture["edited"])
    (first_at, first), (second_at, second) = versions
    assert first_at.date() == FIRST_CRAWL.date() and second_at == SECOND_CRAWL + timedelta(seconds=1)
    assert EDIT[0] in first and EDIT[1] not in first
    assert second == first.replace(*EDIT)


def test_capture_time_is_fetched_at_and_the_record_url_is_fetched_url(archive_crawl, capture):
    unchanged = next(row for row in archive_crawl.rows if row["url"] == capture["unchanged"])
    assert FIRST_CRAWL <= unchanged["fetched_at"] < SECOND_CRAWL  # the revisit added no version
    assert unchanged["fetched_url"] == capture["unchanged"] and unchanged["site"] == "127.0.0.1"


def test_revisits_are_the_version_already_read_or_counted_unresolved(archive_crawl):
    skipped = archive_crawl.summary["files_skipped_by_reason"]
    assert skipped["same-version"] == 1
    assert skipped["revisit-unresolved"] == 1


def test_listings_and_error_pages_in_an_archive_are_not_articles(archive_crawl):
    skipped = archive_crawl.summary["files_skipped_by_reason"]
    assert skipped["listing"] >= 1 and skipped["category-archive"] >= 1 and skipped["page"] == 1
    reasons = sorted((record["reason"], record["url"].rstrip("/").rsplit("/", 1)[-1]) for record in archive_crawl.rejects)
    assert reasons == [("missing-body", "all-boilerplate"), ("missing-body", "empty-entry")]


def test_a_corrupt_archive_is_counted_and_logged_and_loses_nothing_before_it(capture, tmp_path):
    data = capture["warc"].read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2] + b"\x00garbage" * 100)
    result = run_crawl("files", tmp_path / "cut.parquet", "-a", f"path={tmp_path / 'cut.warc.gz'}")
    assert result.returncode == 0, result.log
    assert result.summary["files_skipped_by_reason"]["unreadable"] == 1
    assert "cut.warc.gz: unreadable" in result.log
    assert 5 < len(result.rows) < 32
