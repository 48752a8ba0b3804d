"""Progress and logs: a bar on a terminal, periodic lines elsewhere, one line per dropped item, no deprecation warnings."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from crawler.progress import progress_line
from tests.conftest import REPO, SEED, scrapy_command

STUB = {"SPIDER_MODULES": "tests.stub_spiders"}


def test_a_progress_line_with_a_total_has_count_total_rate_and_eta():
    assert progress_line(120, 230, 40.0) == "120/230 articles (52%), 3.00 articles/s, ETA 00:36"


def test_a_progress_line_without_a_total_has_count_and_rate():
    assert progress_line(1200, None, 400.0) == "1200 articles, 3.00 articles/s"


def crawl(*args: str, settings: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(scrapy_command("crawl", *args, settings=settings), cwd=REPO, capture_output=True, text=True, timeout=120)


def test_without_a_terminal_progress_is_logged_every_interval_against_the_expected_total(tmp_path):
    settings = {**STUB, "SINMUN_PROGRESS_INTERVAL": "0.3"}
    process = crawl("discovery-stub", "-a", "articles=8", "-a", "pause=0.2", "-a", "expected=8", "-O", str(tmp_path / "o.parquet"), settings=settings)
    lines = re.findall(r"INFO: Progress: (\d+)/8 articles \(\d+%\), .* articles/s, ETA (\S+)", process.stderr)
    assert len(lines) >= 2, process.stderr[-3000:]
    assert [int(done) for done, _ in lines] == sorted(int(done) for done, _ in lines)


def test_without_a_known_total_progress_logs_the_rate(tmp_path):
    settings = {**STUB, "SINMUN_PROGRESS_INTERVAL": "0.3"}
    process = crawl("discovery-stub", "-a", "articles=5", "-a", "pause=0.2", "-O", str(tmp_path / "o.parquet"), settings=settings)
    assert re.search(r"INFO: Progress: \d+ articles, .* articles/s\n", process.stderr), process.stderr[-3000:]


def run_on_a_terminal(command: list[str]) -> str:
    """Run `command` with stderr on a pseudo-terminal, as in an interactive shell; return what it drew."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # 24 rows, 120 columns
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    drawn = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        drawn += chunk
    process.wait(timeout=120)
    os.close(controller)
    return drawn.decode("utf-8", "replace")


def test_on_a_terminal_a_bar_shows_count_total_and_eta(tmp_path):
    command = scrapy_command("crawl", "discovery-stub", "-a", "articles=6", "-a", "expected=6", "-O", str(tmp_path / "o.parquet"), settings=STUB)
    drawn = run_on_a_terminal(command)
    assert re.search(r"discovery-stub: 100%\|.*\| 6/6 \[\d\d:\d\d<00:00, .*(articles/s|s/ articles)\]", drawn), drawn[-2000:]
    assert "Spider closed (finished)" in drawn  # log lines still reach the terminal, above the bar


def test_on_a_terminal_without_a_total_the_bar_shows_the_rate(tmp_path):
    command = scrapy_command("crawl", "discovery-stub", "-a", "articles=3", "-O", str(tmp_path / "o.parquet"), settings=STUB)
    # tqdm shows a rate under one article a second as seconds an article (the worker's start-up counts)
    assert re.search(r"discovery-stub: 3 articles \[\d\d:\d\d, .*(articles/s|s/ articles)\]", run_on_a_terminal(command))


@pytest.fixture(scope="module")
def files_crawl_log(tmp_path_factory) -> str:
    archive = tmp_path_factory.mktemp("archive")
    shutil.copy(SEED, archive / "seed.txt")
    (archive / "title-only.txt").write_text("A title and nothing else\n", encoding="utf-8")
    output = tmp_path_factory.mktemp("out") / "o.parquet"
    return crawl("files", "-a", f"path={archive}", "-O", str(output), settings={"LOG_LEVEL": "DEBUG"}).stderr


def test_a_dropped_item_is_logged_as_one_line_with_its_url_and_reason(files_crawl_log):
    (line,) = [line for line in files_crawl_log.splitlines() if "Dropped" in line]
    assert re.search(r"WARNING: Dropped file:///\S+/title-only\.txt: missing-body: no body found on file:///\S+/title-only\.txt$", line)
    assert "A title and nothing else" not in files_crawl_log.split(line, 1)[1].split("\n", 2)[1]


def test_our_code_raises_no_deprecation_warning(files_crawl_log):
    ours = [line for line in files_crawl_log.splitlines() if "Warning" in line and re.search(r"/(crawler|pipelines)/", line)]
    assert ours == []


def test_a_crawl_logs_no_deprecation_warning_at_all_with_the_files_spider(files_crawl_log):
    assert "DeprecationWarning" not in files_crawl_log


def test_progress_can_be_turned_off(tmp_path: Path):
    settings = {**STUB, "SINMUN_PROGRESS": "off", "SINMUN_PROGRESS_INTERVAL": "0.1"}
    process = crawl("discovery-stub", "-a", "articles=3", "-a", "pause=0.2", "-O", str(tmp_path / "o.parquet"), settings=settings)
    assert process.returncode == 0 and "Progress:" not in process.stderr
