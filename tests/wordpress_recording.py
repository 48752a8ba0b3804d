"""Responses recorded from the test WordPress, replayed on loopback, so its crawl paths are tested everywhere.

`python -m tests.wordpress_recording` (with `.ci/wordpress.sh` running) crawls the scenarios
below on both test sites through `RecordingMiddleware` and writes every raw response (3xx and
404 included) to `tests/fixtures/wordpress-recorded/SITE.json.xz`, with the manifest's posts
(`posts.json`). `replay_site(site)` serves a recording from a free port on 127.0.0.1, the
recorded origin rewritten to its own; a request that was not recorded answers 404.
"""

from __future__ import annotations

import json
import lzma
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from tests.loopback import Page, serve

RECORDINGS = Path(__file__).resolve().parent / "fixtures" / "wordpress-recorded"
KEPT_HEADERS = ("Content-Type", "Link", "Location", "X-WP-Total", "X-WP-TotalPages")
#: The recorded range and categories (names and slugs mixed, as users write them).
SINCE, UNTIL = "2025-01-01", "2025-06-30"
CATEGORIES = "Science & Technology,korean-peninsula"
SCENARIOS = {
    "pretty": [
        *([f"discover={surface}", f"since={SINCE}", f"until={UNTIL}"] for surface in ("rest", "sitemap", "feed", "archive")),
        *([f"discover={surface}", f"since={SINCE}", f"until={UNTIL}", f"category={CATEGORIES}"] for surface in ("rest", "archive")),
        *([f"discover={surface}", "category=Nonexistent"] for surface in ("rest", "archive")),
    ],
    # Plain permalinks give sitemaps no dates to skip by: the sitemap would fetch every post.
    "plain": [
        *([f"discover={surface}", f"since={SINCE}", f"until={UNTIL}"] for surface in ("rest", "feed", "archive")),
        [f"discover=rest", f"since={SINCE}", f"until={UNTIL}", f"category={CATEGORIES}"],
    ],
}


class RecordingMiddleware:
    """Downloader middleware (next to the downloader) appending each raw response to `SINMUN_TEST_RECORDING`."""

    def __init__(self, path: str):
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Any) -> RecordingMiddleware:
        return cls(crawler.settings.get("SINMUN_TEST_RECORDING"))

    def process_response(self, request: Any, response: Any) -> Any:
        parsed = urlparse(response.url)
        record = {
            "target": parsed.path + (f"?{parsed.query}" if parsed.query else ""),
            "status": response.status,
            "headers": {name: response.headers.get(name).decode("latin-1") for name in KEPT_HEADERS if response.headers.get(name)},
            "body": response.body.decode("utf-8"),
        }
        with open(self.path, "a", encoding="utf-8") as file:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
        return response


def record(manifest_path: Path) -> None:
    """Crawl every scenario on the real test WordPress and keep what it answered."""
    manifest = json.loads(manifest_path.read_text())
    RECORDINGS.mkdir(parents=True, exist_ok=True)
    for site, scenarios in SCENARIOS.items():
        raw = Path(tempfile.mkdtemp()) / "responses.jsonl"
        for scenario in scenarios:
            command = [sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"url={manifest['sites'][site]['url']}"]
            command += [part for argument in scenario for part in ("-a", argument)]
            command += ["-O", str(raw.with_suffix(".parquet")), "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "COMPRESSION_ENABLED=False"]
            command += ["-s", f"SINMUN_TEST_RECORDING={raw}", "-s", 'DOWNLOADER_MIDDLEWARES={"tests.wordpress_recording.RecordingMiddleware": 950}']
            subprocess.run(command, cwd=Path(__file__).resolve().parents[1], check=True, capture_output=True)
        responses = {}
        for line in raw.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            responses[entry.pop("target")] = entry
        recording = {"origin": manifest["sites"][site]["url"], "responses": responses}
        with lzma.open(RECORDINGS / f"{site}.json.xz", "wt", encoding="utf-8", preset=9 | lzma.PRESET_EXTREME) as file:
            json.dump(recording, file, ensure_ascii=False, sort_keys=True)
    posts = [{"link": post["link"], "date": post["date"], "categories": post["categories"]} for post in manifest["published"]]
    (RECORDINGS / "posts.json").write_text(json.dumps(posts, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


def recorded_posts() -> list[dict[str, Any]]:
    """The test WordPress's published posts when the recording was made: links per site, local date, categories."""
    return json.loads((RECORDINGS / "posts.json").read_text(encoding="utf-8"))


def load_recording(site: str) -> dict[str, Any]:
    """`{"origin": recorded origin, "responses": {path?query: {"status", "headers", "body"}}}`."""
    with lzma.open(RECORDINGS / f"{site}.json.xz", "rt", encoding="utf-8") as file:
        return json.load(file)


@contextmanager
def replay_site(site: str) -> Iterator[tuple[str, str]]:
    """Serve the recording of `site` on loopback; yields (its URL, the recorded origin it stands for)."""
    recording = load_recording(site)
    recorded_origin, responses = recording["origin"], recording["responses"]

    def replayed(path: str, origin: str) -> Page:
        entry = responses.get(path, {"status": 404, "headers": {"Content-Type": "text/html"}, "body": "<html>Not recorded</html>"})

        def rewritten(text: str) -> str:
            return text.replace(recorded_origin, origin).replace(recorded_origin.replace("/", "\\/"), origin.replace("/", "\\/"))

        return entry["status"], {name: rewritten(value) for name, value in entry["headers"].items()}, rewritten(entry["body"]).encode("utf-8")

    with serve(replayed) as (url, _):
        yield url, recorded_origin


if __name__ == "__main__":
    record(Path(os.environ.get("SINMUN_WP_DIR", "/tmp/sinmun-wordpress")) / "manifest.json")
