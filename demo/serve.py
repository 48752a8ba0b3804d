"""Serve a folder of static pages on loopback, for the demo crawl and the end-to-end tests."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Keep the crawl's own log readable; Scrapy logs every request anyway."""


@contextmanager
def serve_directory(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `root` over HTTP on `host` (loopback only) and yield its base URL, e.g. `http://127.0.0.1:8123/`."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
