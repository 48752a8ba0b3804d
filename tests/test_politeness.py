"""Polite by default: robots.txt is obeyed and every request says who is crawling and how to reach them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler import settings
from tests.conftest import run_crawl

PAGES = {
    "/robots.txt": "User-agent: *\nDisallow: /private/\n",
    "/": (
        '<html><head><meta name="generator" content="WordPress 6.4"></head><body>'
        '<article><h2 class="entry-title"><a href="/2021/10/10/public/">Public</a></h2></article>'
        '<article><h2 class="entry-title"><a href="/private/secret/">Secret</a></h2></article>'
        "</body></html>"
    ),
    "/2021/10/10/public/": (
        '<html><head><meta name="generator" content="WordPress 6.4"></head><body><article>'
        '<h1 class="entry-title">Public</h1><div class="entry-content"><p>Allowed text.</p></div>'
        "</article></body></html>"
    ),
    "/private/secret/": (
        '<html><body><h1 class="entry-title">Secret</h1><div class="entry-content"><p>No.</p></div></body></html>'
    ),
}


@pytest.fixture
def recording_site() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    requests: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append((self.path, self.headers.get("User-Agent", "")))
            page = PAGES.get(self.path)
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt") else "text/html")
            self.end_headers()
            self.wfile.write((page or "not found").encode())

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    server.shutdown()
    server.server_close()


def test_defaults_are_polite():
    assert settings.ROBOTSTXT_OBEY is True
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert settings.HTTPCACHE_ENABLED is False


def test_robots_txt_disallowed_pages_are_never_fetched(recording_site, tmp_path):
    url, requests = recording_site
    result = run_crawl("wordpress", tmp_path / "out.parquet", "-a", f"url={url}")
    assert result.returncode == 0, result.log
    paths = [path for path, _ in requests]
    assert paths[0] == "/robots.txt"
    assert "/2021/10/10/public/" in paths
    assert "/private/secret/" not in paths
    assert [row["title"] for row in result.rows] == ["Public"]


def test_user_agent_names_sinmun_and_the_contact_setting(recording_site, tmp_path):
    url, requests = recording_site
    run_crawl("wordpress", tmp_path / "out.parquet", "-a", f"url={url}", settings={"SINMUN_CONTACT": "mailto:team@example.org"})
    agents = {agent for _, agent in requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("sinmun/") and "mailto:team@example.org" in agent
