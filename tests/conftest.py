"""Shared fixtures: real crawls run as `scrapy crawl` subprocesses against loopback servers."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed_precious_guideline.txt"

#: Loopback servers answer at once: no need for politeness delays in tests.
FAST = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO"}


@dataclass
class CrawlResult:
    output: Path
    returncode: int
    log: str

    @property
    def table(self) -> pa.Table:
        return pq.read_table(self.output)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.table.to_pylist()

    @property
    def summary(self) -> dict[str, Any]:
        return json.loads(self.output.with_name(f"{self.output.stem}.summary.json").read_text())

    @property
    def rejects(self) -> list[dict[str, Any]]:
        path = self.output.with_name(f"{self.output.stem}.rejects.jsonl")
        return [json.loads(line) for line in path.read_text().splitlines()]


def run_crawl(spider: str, output: Path, *args: str, settings: dict[str, str] | None = None) -> CrawlResult:
    """`scrapy crawl SPIDER ARGS -O OUTPUT` from the repository root, as a user runs it."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *args, "-O", str(output)]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    process = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, env=os.environ.copy())
    return CrawlResult(output=output, returncode=process.returncode, log=process.stderr)


@dataclass
class Fetched:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


def fetch(url: str, headers: dict[str, str] | None = None) -> Fetched:
    """GET `url` on loopback as a crawler would, without following redirects; an error status is returned, not raised."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


@pytest.fixture(scope="session")
def demo_site():
    """The bundled demo site served on 127.0.0.1 for the whole session, as a live WordPress:
    its pages, REST API, feeds and sitemaps (`demo.serve.serve_demo`)."""
    from demo.serve import serve_demo

    with serve_demo() as url:
        yield url


@pytest.fixture(scope="session")
def demo_crawl(demo_site, tmp_path_factory) -> CrawlResult:
    """One real `scrapy crawl wordpress` of the demo site, shared by the tests that read its output."""
    return run_crawl("wordpress", tmp_path_factory.mktemp("demo-out") / "demo.parquet", "-a", f"url={demo_site}")
