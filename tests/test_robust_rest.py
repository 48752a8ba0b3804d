"""REST posts of any shape: one malformed post is one reject with its reason, and its neighbours are kept."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from crawler import wordpress_api as api
from crawler.items import Article
from pipelines.rejects import Rejected
from pipelines.stages import BoilerplatePipeline, ValidatePipeline
from tests.conftest import run_crawl

PROSE = "The delegation was welcomed at the airport by officials of the ministry."


def post(number: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": number,
        "date": "2021-10-10T10:30:00",
        "date_gmt": "2021-10-10T01:30:00",
        "modified": "2021-10-11T09:00:00",
        "modified_gmt": "2021-10-11T00:00:00",
        "link": f"http://127.0.0.1/{number}/",
        "title": {"rendered": f"Post {number}"},
        "content": {"rendered": f"<p>{PROSE} Post {number}.</p>", "protected": False},
        "_embedded": {"author": [{"name": "KCNA Desk"}], "wp:term": [[{"taxonomy": "category", "name": "Ideology"}]]},
        **fields,
    }


def article(value: Any) -> Article:
    return api.article_from_post(value, listing_url="https://example.org/wp-json/wp/v2/posts", site_family="wordpress", language=None)


ODD_FIELDS = [
    {"title": None},
    {"title": {"rendered": 5}},
    {"title": ["Post"]},
    {"content": []},
    {"content": None},
    {"content": {"rendered": {"html": "<p>x</p>"}, "protected": "yes"}},
    {"date_gmt": "not a date"},
    {"date_gmt": "0000-00-00 00:00:00"},
    {"date_gmt": 20211010},
    {"modified_gmt": {"value": "2021-10-11"}},
    {"date": 20211010, "modified": ["2021-10-11"]},
    {"link": 5},
    {"link": "https://[oops/"},
    {"link": None},
    {"_embedded": None},
    {"_embedded": "author"},
    {"_embedded": {"author": "KCNA Desk", "wp:term": "category"}},
    {"_embedded": {"author": ["KCNA Desk", None, {"name": 5}, {"name": None}]}},
    {"_embedded": {"wp:term": [None, "x", 5, [None, "x", {"taxonomy": "category", "name": None}, {"taxonomy": 5}]]}},
]


@pytest.mark.parametrize("fields", ODD_FIELDS, ids=lambda fields: json.dumps(fields)[:60])
def test_a_post_with_a_field_of_the_wrong_type_is_an_article_with_that_field_missing(fields):
    located = article(post(1, **fields))
    assert isinstance(located.url, str)
    assert located.published_raw is None or isinstance(located.published_raw, str)
    assert located.modified_raw is None or isinstance(located.modified_raw, str)
    assert located.title is None or isinstance(located.title, str)
    assert located.body_html is None or isinstance(located.body_html, str)
    assert all(isinstance(name, str) and name for name in [*located.authors, *located.categories, *located.tags])
    for instant in (located.published_at, located.modified_at):
        assert instant is None or instant.tzinfo is timezone.utc


@pytest.mark.parametrize("value", [None, 5, "post", [], [post(1)], True])
def test_a_listing_entry_that_is_no_object_is_an_article_validation_rejects(value):
    assert not api.is_protected(value)
    with pytest.raises(Rejected) as rejected:
        ValidatePipeline().process_item(BoilerplatePipeline().process_item(article(value)))
    assert rejected.value.code == "missing-url"


@pytest.mark.parametrize(("fields", "reason"), [({"title": None}, "missing-title"), ({"content": []}, "missing-body"), ({"link": 5}, "missing-url")])
def test_a_post_without_a_usable_title_body_or_link_is_rejected_with_its_reason(fields, reason):
    with pytest.raises(Rejected) as rejected:
        ValidatePipeline().process_item(BoilerplatePipeline().process_item(article(post(1, **fields))))
    assert rejected.value.code == reason


def test_a_date_gmt_with_an_offset_is_honoured():
    assert article(post(1, date_gmt="2021-10-10T09:00:00+09:00")).published_at == datetime(2021, 10, 10, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("value", ["0000-00-00 00:00:00", "not a date", "", "0001-01-01T00:00:00+14:00"])
def test_a_date_gmt_that_is_no_instant_is_none(value):
    assert article(post(1, date_gmt=value)).published_at is None


def test_a_plain_string_title_and_content_are_read_as_their_html():
    located = article(post(1, title="Party&#8217;s Anniversary", content="<p>Text.</p>"))
    assert (located.title, located.body_html) == ("Party’s Anniversary", "<p>Text.</p>")


def test_a_protected_flag_inside_odd_content_is_no_crash():
    assert not api.is_protected(post(1, content=["protected"]))
    assert api.is_protected(post(1, content={"rendered": "", "protected": True}))


# --- the API root in Link headers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "root"),
    [
        (['<https://example.com/wp-json/>; rel="https://api.w.org/"'], "https://example.com/wp-json/"),
        ([b'<https://example.com/wp-json/a,b/>; rel="https://api.w.org/"'], "https://example.com/wp-json/a,b/"),
        (['<https://example.com/wp-json/>; rel="alternate https://api.w.org/"'], "https://example.com/wp-json/"),
        (['<https://example.com/wp-json/>; REL="https://api.w.org/"'], "https://example.com/wp-json/"),
        (['<https://example.com/wp-json/>; rel = "https://api.w.org/"'], "https://example.com/wp-json/"),
        (["<https://example.com/wp-json/>; rel='https://api.w.org/'"], "https://example.com/wp-json/"),
        (["<https://example.com/wp-json/>; rel=https://api.w.org/"], "https://example.com/wp-json/"),
        (
            ['<https://example.com/wp-json/wp/v2/posts/7>; rel="alternate"; type="application/json", <https://example.com/wp-json/>; rel="https://api.w.org/"'],
            "https://example.com/wp-json/",
        ),
        (['<https://example.com/?p=7>; rel=shortlink', b'<https://example.com/wp-json/>; rel="https://api.w.org/"'], "https://example.com/wp-json/"),
        (['<https://example.com/?p=7>; rel=shortlink'], None),
        (['<https://example.com/wp-json/>; title="https://api.w.org/"'], None),
        (["", "<", ";;;", "<<<<>"], None),
    ],
)
def test_the_api_root_is_read_from_any_link_header_shape(values, root):
    assert api.api_root_from_link_header(values) == root


# --- end to end: one bad post on a listing page loses nothing else ------------------------------


class _RestSite(BaseHTTPRequestHandler):
    """A home page announcing its API, and one listing page of posts, some malformed."""

    listing: list[Any] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        origin = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/":
            self._answer(200, "text/html", b'<html lang="en"><head></head><body></body></html>', Link=f'<{origin}/wp-json/>; rel="https://api.w.org/"')
        elif self.path.startswith("/wp-json/wp/v2/posts"):
            posts = [{**entry, "link": entry["link"].replace("http://127.0.0.1", origin)} if isinstance(entry.get("link"), str) else entry for entry in self.listing]
            self._answer(200, "application/json", json.dumps(posts).encode(), **{"X-WP-Total": str(len(posts)), "X-WP-TotalPages": "1"})
        else:
            self._answer(404, "text/plain", b"not found")

    def _answer(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture
def rest_site() -> Iterator[str]:
    _RestSite.listing = [
        post(1),
        post(2, date_gmt="not a date"),
        post(3, title=None),
        post(4, date_gmt="0000-00-00 00:00:00", content=[]),
        post(5, date_gmt="2021-10-10T09:00:00+09:00"),
        post(6, _embedded=None, link=5),
        post(7),
    ]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RestSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_malformed_posts_on_a_listing_page_are_rejected_and_their_neighbours_kept(rest_site, tmp_path):
    result = run_crawl("wordpress", tmp_path / "out.parquet", "-a", f"url={rest_site}", "-a", "discover=rest")
    assert result.returncode == 0, result.log
    assert sorted(row["title"] for row in result.rows) == ["Post 1", "Post 2", "Post 5", "Post 7"]
    assert sorted(reject["reason"] for reject in result.rejects) == ["missing-body", "missing-title", "missing-url"]
    by_title = {row["title"]: row for row in result.rows}
    assert by_title["Post 5"]["published_at"] == datetime(2021, 10, 10, 0, 0, tzinfo=timezone.utc)
    assert by_title["Post 2"]["published"].isoformat() == "2021-10-10"
