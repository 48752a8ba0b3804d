"""Serve the demo site on loopback as a live WordPress: its pages, REST API, feeds and sitemaps.

    python -m demo.serve [--port 8000] [--host 127.0.0.1] [--per-page 10]

serves it until Ctrl-C and prints its URL, for a user's own crawls. `serve_demo()` does the
same inside a `with` block (the demo crawl and the tests); `serve_directory()` serves a folder
of static pages, such as the one `python -m demo.build` writes.

Every surface comes from the same `Site`: the HTML pages are `demo.build.render_site()`'s,
byte for byte; `/wp-json/` (and `?rest_route=`), the feeds and `/wp-sitemap.xml` are built
per request, because their links are absolute and need the origin the client used.
"""

from __future__ import annotations

import argparse
import functools
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseServer
from urllib.parse import parse_qsl, unquote, urlsplit

from demo import feeds, rest, sitemaps
from demo.build import Listing, listings, not_found_page, render_site, robots_txt
from demo.content import ARTICLES, DemoArticle
from demo.reply import HTML, Reply, api_link
from demo.site import Site

#: A feed URL: an archive's base, `feed/`, and optionally the format (`/feed/atom/`, `/category/x/feed/`).
_FEED_PATH = re.compile(r"^(?P<base>/(?:.+/)?)feed(?:/(?P<format>rss2|rss|atom))?/?$")
_PAGED_ARCHIVE = re.compile(r"page/\d+/$")
_SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:]+\](:\d+)?$")


class DemoWordPress:
    """The demo site as a WordPress server answers it, one request at a time (thread-safe: read-only)."""

    def __init__(self, per_page: int = 10, articles: Iterable[DemoArticle] = ARTICLES):
        articles = tuple(articles)
        self.site = Site.from_articles(articles)
        self.per_page = per_page
        pages = render_site(per_page, articles).items()
        self.pages = {"/" + relative.removesuffix("index.html"): text.encode("utf-8") for relative, text in pages if relative.endswith("index.html")}
        self.listings: dict[str, Listing] = {listing.base: listing for listing in listings(self.site)}
        self.shortlinks = {("p", str(post.id)): post.path for post in self.site.posts} | {("page_id", str(page.id)): page.path for page in self.site.pages}
        self.alternates = self._alternates()
        self.not_found = not_found_page(self.site).encode("utf-8")

    def _alternates(self) -> dict[str, str]:
        """Path -> REST route of what the page shows, which WordPress announces in a `Link` header."""
        site = self.site
        routes = {post.path: f"wp/v2/posts/{post.id}" for post in site.posts}
        routes |= {page.path: f"wp/v2/pages/{page.id}" for page in site.pages}
        routes |= {term.path: f"wp/v2/categories/{term.id}" for term in site.categories if term.count}
        routes |= {term.path: f"wp/v2/tags/{term.id}" for term in site.tag_terms}
        routes |= {user.path: f"wp/v2/users/{user.id}" for user in site.users}
        return routes

    def answer(self, target: str, origin: str, request_headers: Mapping[str, str]) -> Reply:
        """The reply to `GET target` (path and query) from a client that reached the site at `origin`."""
        parts = urlsplit(target)
        path = unquote(parts.path) or "/"
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = dict(pairs)
        if "rest_route" in query:
            return rest.answer(self.site, origin, query["rest_route"], pairs)
        if path == "/wp-json" or path.startswith("/wp-json/"):
            return rest.answer(self.site, origin, path.removeprefix("/wp-json"), pairs)
        if path == "/robots.txt":
            return Reply.text(200, "text/plain; charset=utf-8", robots_txt(f"{origin}{sitemaps.INDEX_PATH}"), (api_link(origin),))
        if path == sitemaps.INDEX_PATH:
            return sitemaps.index(self.site, origin)
        if match := sitemaps.SITEMAP_PATH.match(path):
            return sitemaps.sitemap(self.site, origin, match["provider"], int(match["page"])) or self._not_found(origin)
        if feed := self._feed(path, query):
            listing, feed_format = feed
            return feeds.answer(
                self.site,
                listing,
                feed_format,
                self._paged(query),
                per_page=self.per_page,
                origin=origin,
                self_url=f"{origin}{target}",
                request_headers=request_headers,
                alternate=self._alternate_url(origin, listing.base),
            )
        if path == "/" and (permalink := next((self.shortlinks[pair] for pair in pairs if pair in self.shortlinks), None)):
            return Reply.redirect(f"{origin}{permalink}")
        if (page := self.pages.get(path)) is not None:
            return Reply(200, HTML, page, self._page_links(path, origin))
        if not path.endswith("/") and f"{path}/" in self.pages:
            return Reply.redirect(f"{origin}{path}/" + (f"?{parts.query}" if parts.query else ""))
        return self._not_found(origin)

    def _feed(self, path: str, query: Mapping[str, str]) -> tuple[Listing, str] | None:
        if path == "/" and query.get("feed") in feeds.FORMATS:
            return self.listings["/"], feeds.FORMATS[query["feed"]]
        match = _FEED_PATH.match(path)
        if match is None or match["base"] not in self.listings:
            return None
        return self.listings[match["base"]], feeds.FORMATS[match["format"] or "feed"]

    @staticmethod
    def _paged(query: Mapping[str, str]) -> int:
        """`?paged=N`; like WordPress, anything that is not a positive number is page 1."""
        value = query.get("paged", "1")
        return int(value) if value.isdigit() and int(value) > 0 else 1

    def _alternate_url(self, origin: str, path: str) -> str | None:
        route = self.alternates.get(_PAGED_ARCHIVE.sub("", path))
        return f"{origin}/wp-json/{route}" if route else None

    def _page_links(self, path: str, origin: str) -> tuple[tuple[str, str], ...]:
        links = [api_link(origin)]
        if alternate := self._alternate_url(origin, path):
            links.append(("Link", f'<{alternate}>; rel="alternate"; type="application/json"'))
        if path in self.alternates and self.alternates[path].startswith("wp/v2/posts/"):
            links.append(("Link", f"<{origin}/?p={self.alternates[path].rsplit('/', 1)[1]}>; rel=shortlink"))
        return tuple(links)

    def _not_found(self, origin: str) -> Reply:
        return Reply(404, HTML, self.not_found, (api_link(origin),))


class _DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server: Scrapy reuses its connections
    timeout = 30  # an idle keep-alive connection does not hold a thread for ever
    server: _DemoServer

    def do_GET(self) -> None:
        self._send(self._reply(), with_body=True)

    def do_HEAD(self) -> None:
        self._send(self._reply(), with_body=False)

    def _reply(self) -> Reply:
        host = self.headers.get("Host", "")
        if not _SAFE_HOST.match(host):
            address, port = self.server.server_address[:2]
            host = f"{address}:{port}"
        return self.server.demo.answer(self.path, f"http://{host}", self.headers)

    def _send(self, reply: Reply, *, with_body: bool) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.status != 304:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if with_body and reply.status != 304:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Keep the crawl's own log readable; Scrapy logs every request anyway."""


class _DemoServer(ThreadingHTTPServer):
    block_on_close = False  # shutting down does not wait for clients' idle keep-alive connections

    def __init__(self, address: tuple[str, int], demo: DemoWordPress):
        super().__init__(address, _DemoHandler)
        self.demo = demo


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Keep the crawl's own log readable; Scrapy logs every request anyway."""


def _url(server: BaseServer) -> str:
    host, port = server.server_address[:2]  # type: ignore[attr-defined]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


@contextmanager
def _serving(server: ThreadingHTTPServer) -> Iterator[str]:
    """Run `server` on a background thread for the `with` block; yield its base URL."""
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield _url(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_demo(host: str = "127.0.0.1", port: int = 0, per_page: int = 10, articles: Iterable[DemoArticle] = ARTICLES) -> Iterator[str]:
    """Serve the demo WordPress on `host` (loopback by default) and yield its base URL, e.g. `http://127.0.0.1:8123/`;
    `articles` other than the demo's make a site of another size (benchmarks/bench_requests.py)."""
    with _serving(_DemoServer((host, port), DemoWordPress(per_page, articles))) as url:
        yield url


@contextmanager
def serve_directory(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `root` over HTTP on `host` (loopback only) and yield its base URL, e.g. `http://127.0.0.1:8123/`."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    with _serving(ThreadingHTTPServer((host, port), handler)) as url:
        yield url


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.serve", description="Serve the demo WordPress site (pages, REST API, feeds, sitemaps).")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback only)")
    parser.add_argument("--per-page", type=int, default=10, help="posts per archive and feed page (default: 10)")
    args = parser.parse_args(argv)
    if args.per_page < 1:
        parser.error("--per-page must be at least 1")
    try:
        server = _DemoServer((args.host, args.port), DemoWordPress(args.per_page))
    except OSError as error:
        parser.error(f"cannot listen on {args.host}:{args.port}: {error.strerror}")
    url = _url(server)
    print(f"Demo WordPress site at {url}", flush=True)
    print(f"  REST API  {url}wp-json/wp/v2/posts\n  sitemaps  {url}wp-sitemap.xml\n  feeds     {url}feed/ and {url}feed/atom/")
    print(f"Crawl it:  .venv/bin/scrapy crawl wordpress -a url={url} -O output/demo.parquet\nCtrl-C stops the server.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
