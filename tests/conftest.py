"""Shared fixtures: real crawls run as `scrapy crawl` subprocesses against loopback servers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory):
    """The bundled demo site, built and served on 127.0.0.1 for the whole session."""
    from demo.build import build_site
    from demo.serve import serve_directory

    root = tmp_path_factory.mktemp("demo-site")
    build_site(root)
    with serve_directory(root) as url:
        yield url


@pytest.fixture(scope="session")
def demo_crawl(demo_site, tmp_path_factory) -> CrawlResult:
    """One real `scrapy crawl wordpress` of the demo site, shared by the tests that read its output."""
    return run_crawl("wordpress", tmp_path_factory.mktemp("demo-out") / "demo.parquet", "-a", f"url={demo_site}")


def scrapy_command(*args: str, settings: dict[str, str] | None = None) -> list[str]:
    """`python -m scrapy ARGS -s NAME=VALUE...` with the fast test settings, run from the repository root."""
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in {**FAST, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_dataset_crawl(spider: str, dataset: Path, *args: str, settings: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`scrapy crawl SPIDER ARGS -s SINMUN_DATASET=DATASET` (no -O): a run that appends to the dataset."""
    command = scrapy_command("crawl", spider, *args, settings={"SINMUN_DATASET": str(dataset), **(settings or {})})
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, env=os.environ.copy())


def crawl_stats(log: str) -> dict[str, Any]:
    """The `sinmun/...` and downloader counts from the stats dump at the end of a crawl's log."""
    return {key: int(value) for key, value in re.findall(r"'((?:sinmun|downloader)/[\w/.-]+)': (\d+),?$", log, re.MULTILINE)}


@pytest.fixture(scope="session")
def demo_dataset(demo_site, tmp_path_factory) -> Path:
    """A dataset holding one real crawl of the demo site (read-only for the tests that share it)."""
    dataset = tmp_path_factory.mktemp("demo-dataset") / "articles"
    process = run_dataset_crawl("wordpress", dataset, "-a", f"url={demo_site}")
    assert process.returncode == 0, process.stderr
    return dataset
