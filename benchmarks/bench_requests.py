"""Benchmark (not a test): what a scheduled run costs in requests, whatever the site's size.

    .venv/bin/python benchmarks/bench_requests.py [--posts 100 1000 5000]

For each size, serves the demo WordPress grown to that many posts on loopback (its articles
repeated under new slugs and dates, each body made unique), backfills it into a fresh dataset
through REST (`scrapy crawl wordpress`, as a user runs it), then runs again on the unchanged site
through REST, sitemaps and feeds. Prints the listing requests per 100 posts of the backfill and
every run's total requests and rows written (issue 9: at most 5 on an unchanged site).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.layout import side_files_dir  # noqa: E402
from demo.content import ARTICLES, DemoArticle  # noqa: E402
from demo.serve import serve_demo  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]


def grown(posts: int) -> list[DemoArticle]:
    """`posts` articles from the demo's, a few hours apart, each with a body of its own."""
    exportable = [article for article in ARTICLES if not article.expect_rejected]
    first = min(article.published_at for article in exportable)
    return [
        replace(
            article,
            slug=f"{article.slug}-{number}",
            published=(first + timedelta(hours=7 * number)).isoformat(),
            modified=None,
            paragraphs=(f"Report number {number} of the series.", *article.paragraphs),
        )
        for number, article in ((number, exportable[number % len(exportable)]) for number in range(posts))
    ]


def crawl(site_url: str, dataset: Path, surface: str) -> tuple[dict, float]:
    """One `scrapy crawl wordpress` run appending to `dataset`: its run summary and duration."""
    before = set(side_files_dir(dataset).glob("*.summary.json"))
    command = [sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"url={site_url}", "-a", f"discover={surface}", "-s", f"SINMUN_DATASET={dataset}", *FAST]
    started = time.perf_counter()
    process = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"the {surface} crawl failed (exit code {process.returncode}):\n{process.stderr[-3000:]}")
    [summary] = set(side_files_dir(dataset).glob("*.summary.json")) - before
    return json.loads(summary.read_text(encoding="utf-8")), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[100, 1000, 5000])
    args = parser.parse_args()
    print("posts  run                      requests  rows  time")
    for posts in args.posts:
        with tempfile.TemporaryDirectory() as folder, serve_demo(articles=grown(posts)) as site_url:
            dataset = Path(folder) / "articles"
            backfill, elapsed = crawl(site_url, dataset, "rest")
            listings = backfill["discovery"]["rest/requests"]
            rows = backfill["new"] + backfill["updated"]
            print(f"{posts:>5}  REST backfill            {backfill['requests']:>8}  {rows:>4}  {elapsed:.1f} s"
                  f"   ({listings} listing requests: {100 * listings / posts:.2f} per 100 posts)")
            for surface in ("rest", "sitemap", "feed"):
                again, elapsed = crawl(site_url, dataset, surface)
                print(f"{posts:>5}  unchanged, {surface:<8}      {again['requests']:>8}  {again['new'] + again['updated']:>4}  {elapsed:.1f} s")


if __name__ == "__main__":
    main()
