"""Shared fixtures: real crawls run as `scrapy crawl` subprocesses against loopback servers."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
import tempfile
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed_precious_guideline.txt"

#: Fuzz properties (tests/test_fuzz_*.py) run a few seconds each by default; set
#: SINMUN_FUZZ_EXAMPLES=N to run N examples of every one of them instead.
FUZZ_EXAMPLES = os.environ.get("SINMUN_FUZZ_EXAMPLES")
#: Per example: far above what any input costs (milliseconds), far below the minutes a
#: super-linear blow-up on a generated input of some kilobytes takes.
FUZZ_DEADLINE_MS = 5000


def fuzz_settings(examples: int) -> hypothesis_settings:
    """Settings of one fuzz property: `examples` examples (or SINMUN_FUZZ_EXAMPLES), each within the deadline."""
    return hypothesis_settings(
        max_examples=int(FUZZ_EXAMPLES) if FUZZ_EXAMPLES else examples,
        deadline=FUZZ_DEADLINE_MS,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


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


def scrapy_command(*args: str, settings: dict[str, str] | None = None) -> list[str]:
    """`scrapy ARGS -s NAME=VALUE...` with the FAST settings, as a subprocess command line."""
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(spider: str, output: Path, *args: str, settings: dict[str, str] | None = None) -> CrawlResult:
    """`scrapy crawl SPIDER ARGS -O OUTPUT` from the repository root, as a user runs it."""
    command = scrapy_command("crawl", spider, *args, "-O", str(output), settings=settings)
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


@pytest.fixture(scope="module")
def item_stages() -> list[Any]:
    """The boilerplate, dates (zone Asia/Pyongyang) and validation stages, as a crawl runs them."""
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from pipelines.stages import BoilerplatePipeline, DatesPipeline, ValidatePipeline

    crawler = get_crawler(Spider, settings_dict={"SINMUN_TIMEZONE": "Asia/Pyongyang"})
    crawler.spider = Spider(name="stages")
    crawler.stats.open_spider()
    return [BoilerplatePipeline(), DatesPipeline.from_crawler(crawler), ValidatePipeline()]


def through_stages(item: Any, stages: list[Any]) -> Any:
    """`item` after `stages` in order, or the `Rejected` that stopped it."""
    from pipelines.rejects import Rejected

    try:
        for stage in stages:
            item = stage.process_item(item)
    except Rejected as rejected:
        return rejected
    return item


#: Credentials the moto server accepts; tests pass them as settings, never from the environment.
S3_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server (moto) on 127.0.0.1 with a `sinmun` bucket; yields its endpoint URL."""
    boto3 = pytest.importorskip("boto3")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, **S3_CREDENTIALS).create_bucket(Bucket="sinmun")
    try:
        yield endpoint
    finally:
        server.stop()


def run_dataset_crawl(spider: str, dataset: Path, *args: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`scrapy crawl SPIDER ARGS -s SINMUN_DATASET=DATASET` (no -O): a run that appends to the dataset."""
    command = scrapy_command("crawl", spider, *args, settings={"SINMUN_DATASET": str(dataset), **(settings or {})})
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, env=os.environ.copy())


def crawl_stats(log: str) -> dict[str, Any]:
    """The `sinmun/...` and downloader counts from the stats dump at the end of a crawl's log."""
    return {key: int(value) for key, value in re.findall(r"'((?:sinmun|downloader)/[\w/.-]+)': (\d+),?$", log, re.MULTILINE)}


@pytest.fixture(scope="session")
def static_demo_site(tmp_path_factory):
    """The demo's pages only, served as static files (with `Last-Modified`): crawled page by page
    through its archive, the path where conditional GET and resumed jobs matter."""
    from demo.build import build_site
    from demo.serve import serve_directory

    root = tmp_path_factory.mktemp("static-demo-site")
    build_site(root)
    with serve_directory(root) as url:
        yield url


@pytest.fixture(scope="session")
def demo_dataset(demo_site, tmp_path_factory) -> Path:
    """A dataset holding one real crawl of the demo site (read-only for the tests that share it)."""
    dataset = tmp_path_factory.mktemp("demo-dataset") / "articles"
    process = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}")
    assert process.returncode == 0, process.stderr
    return dataset


@dataclass
class ScratchWordPress:
    """A real WordPress of the test session's own (same content as the shared one), which tests may change."""

    url: str
    folder: Path

    def change_posts(self, add: int = 0, edit: int = 0, scheduled: int = 0) -> dict[str, list[str]]:
        """Publish `add` new posts (with an earlier date), edit the text of the `edit` oldest ones, and publish
        `scheduled` posts last edited two days ago (see tests/wordpress/change_posts.php); their links."""
        script = REPO / "tests" / "wordpress" / "change_posts.php"
        env = {**os.environ, "SINMUN_SITE": "pretty", "SINMUN_SITE_URL": self.url.rstrip("/")}
        arguments = [str(add), str(edit), str(scheduled)]
        process = subprocess.run(["php", str(script), *arguments], capture_output=True, text=True, env=env, timeout=120)
        assert process.returncode == 0, process.stderr
        return json.loads(process.stdout)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def scratch_wordpress():
    """A WordPress started for the tests that add and edit posts (`.ci/wordpress.sh` with its own folder
    and ports, about 10 s), stopped afterwards; never the shared one on 8081/8082."""
    if os.geteuid() != 0 or not Path("/usr/share/wordpress/wp-load.php").exists() or not shutil.which("php"):
        message = "a scratch WordPress needs root and the packages of .ci/wordpress.sh (run it once)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="sinmun-wp-scratch-", dir="/tmp"))
    folder.chmod(0o755)  # mariadbd and php-fpm run as other users
    ports = [_free_port(), _free_port()]
    env = {**os.environ, "SINMUN_WP_DIR": str(folder), "SINMUN_WP_PRETTY_PORT": str(ports[0]), "SINMUN_WP_PLAIN_PORT": str(ports[1])}
    script = REPO / ".ci" / "wordpress.sh"
    try:
        started = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, timeout=600)
        assert started.returncode == 0, f"{started.stderr}\n{(folder / 'setup.log').read_text() if (folder / 'setup.log').exists() else ''}"
        yield ScratchWordPress(url=f"http://127.0.0.1:{ports[0]}/", folder=folder)
    finally:
        subprocess.run(["bash", str(script), "stop"], capture_output=True, env=env, timeout=120)
        for port in ports:
            Path(f"/etc/wordpress/config-sinmun-{port}.php").unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
