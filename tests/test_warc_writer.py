"""`-s SINMUN_WARC=PATH`: a crawl keeps what it fetched as a WARC, and the files spider re-extracts the same articles from it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import run_crawl

#: What differs between a live crawl and a re-extraction from its WARC: how the page was found and when it was read.
DIFFERS = ("source", "fetched_at")
#: A surface that fetches the article pages (the default, REST, keeps the articles in JSON listings).
PAGES = "discover=archive"


@pytest.fixture(scope="module")
def recorded(demo_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("recorded")
    started = datetime.now(timezone.utc)
    crawl = run_crawl("wordpress", out / "live.parquet", "-a", f"url={demo_site}", "-a", PAGES, settings={"SINMUN_WARC": str(out / "live.warc.gz")})
    return crawl, out / "live.warc.gz", started


@pytest.fixture(scope="module")
def reread(recorded, tmp_path_factory):
    _, warc, _ = recorded
    return run_crawl("files", tmp_path_factory.mktemp("reread") / "reread.parquet", "-a", f"path={warc}")


@pytest.fixture(scope="module")
def recorded_rest(demo_site, tmp_path_factory):
    """The default crawl, through the REST API: its WARC holds JSON listings, not article pages."""
    out = tmp_path_factory.mktemp("recorded-rest")
    crawl = run_crawl("wordpress", out / "live.parquet", "-a", f"url={demo_site}", settings={"SINMUN_WARC": str(out / "live.warc.gz")})
    return crawl, out / "live.warc.gz"


def comparable(rows):
    return sorted(({name: value for name, value in row.items() if name not in DIFFERS} for row in rows), key=lambda row: row["url"])


def records(path):
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            yield record.rec_type, record.rec_headers, record.http_headers


def test_every_response_is_recorded_with_its_request(recorded):
    crawl, warc, _ = recorded
    assert crawl.returncode == 0, crawl.log
    kinds = [kind for kind, _, _ in records(warc)]
    assert kinds[0] == "warcinfo"
    assert kinds.count("response") == crawl.summary["requests"] == kinds.count("request")
    assert not list(warc.parent.glob(".*.partial"))


def test_responses_keep_their_status_headers_and_concurrent_request(recorded):
    _, warc, _ = recorded
    by_id = {headers.get_header("WARC-Record-ID"): (kind, headers, http) for kind, headers, http in records(warc)}
    responses = [(headers, http) for kind, headers, http in by_id.values() if kind == "response"]
    robots = next(http for headers, http in responses if headers.get_header("WARC-Target-URI").endswith("/robots.txt"))
    assert robots.get_statuscode() == "200" and robots.get_header("Content-Type").startswith("text/plain")
    for kind, headers, http in by_id.values():
        if kind == "request":
            assert by_id[headers.get_header("WARC-Concurrent-To")][0] == "response"
            assert http.get_header("User-Agent").startswith("sinmun/")


def test_reading_the_warc_back_gives_the_same_rows_but_source_and_fetched_at(recorded, reread):
    crawl, _, _ = recorded
    assert reread.returncode == 0, reread.log

    assert len(reread.rows) == len(crawl.rows) == 32
    assert comparable(reread.rows) == comparable(crawl.rows)


def test_reread_rows_carry_the_capture_time(recorded, reread):
    _, _, started = recorded
    assert all(started <= row["fetched_at"] <= datetime.now(timezone.utc) for row in reread.rows)
    assert {row["source"] for row in reread.rows} == {"file"}


def test_a_size_limit_rotates_the_warc_into_numbered_files(demo_site, tmp_path):
    warc = tmp_path / "warcs" / "crawl.warc.gz"
    crawl = run_crawl(
        "wordpress", tmp_path / "live.parquet", "-a", f"url={demo_site}", "-a", PAGES, settings={"SINMUN_WARC": str(warc), "SINMUN_WARC_MAX_SIZE": "60000"}
    )
    files = sorted(path.name for path in warc.parent.iterdir())
    assert files[0] == "crawl-00001.warc.gz" and files[-1] == "crawl.warc.gz" and len(files) > 2
    assert sum(kind == "response" for path in warc.parent.iterdir() for kind, _, _ in records(path)) == crawl.summary["requests"]
    reread = run_crawl("files", tmp_path / "reread.parquet", "-a", f"path={warc.parent}")
    assert sorted(row["url"] for row in reread.rows) == sorted(row["url"] for row in crawl.rows)


def test_a_warc_of_a_rest_crawl_gives_the_same_rows_from_its_json_listings(recorded_rest, tmp_path):
    crawl, warc = recorded_rest
    assert crawl.returncode == 0, crawl.log
    assert crawl.summary["requests"] <= 5  # home, robots.txt, the listings: no article page was fetched
    reread = run_crawl("files", tmp_path / "reread.parquet", "-a", f"path={warc}")
    assert reread.returncode == 0, reread.log
    assert len(reread.rows) == len(crawl.rows) == 32
    assert comparable(reread.rows) == comparable(crawl.rows)
    assert {row["source"] for row in reread.rows} == {"file"}
