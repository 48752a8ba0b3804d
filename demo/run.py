"""README command 1: serve the demo WordPress on loopback, crawl it into the dataset twice, summarise.

    python -m demo.run [--port 8000] [--dataset output/articles]

The `wordpress` spider takes the site's cheapest surface, its REST API, and appends to the
dataset; the second run asks only for what changed since the first and writes no row. The
dataset keeps articles by URL, so the demo is always served on one port (a later `make demo`
finds everything stored already). `python -m demo.serve` serves the same site for crawls of the
other surfaces (`-a discover=sitemap|feed|archive`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from crawler.layout import side_files_dir
from demo.serve import serve_demo
from pipelines.dataset import load

REPO = Path(__file__).resolve().parents[1]


def crawl(site_url: str, dataset: Path) -> dict[str, Any]:
    """Run the real `scrapy crawl wordpress` against the served site, appending to `dataset`; its run summary.
    Stops with the crawl's exit code, and its log, if it fails."""
    before = set(side_files_dir(dataset).glob("*.summary.json"))
    command = [sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"url={site_url}", "-s", f"SINMUN_DATASET={dataset}"]
    process = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if process.returncode:
        print(process.stderr, file=sys.stderr)
        print(f"the demo crawl failed (exit code {process.returncode}); its log is above", file=sys.stderr)
        raise SystemExit(process.returncode)
    [summary] = set(side_files_dir(dataset).glob("*.summary.json")) - before
    return json.loads(summary.read_text(encoding="utf-8")) | {"path": str(summary)}


def print_run(number: int, summary: dict[str, Any]) -> None:
    print(
        f"run {number}: {summary['new']} new, {summary['updated']} updated, {summary['unchanged']} unchanged, "
        f"{summary['rejected']} rejected; {summary['requests']} requests, {summary['elapsed_seconds']:.1f} s "
        f"(summary: {summary['path']})"
    )


def print_dataset(dataset: Path) -> None:
    articles = load(dataset, columns=["title", "published", "version"])
    published = articles["published"].dropna()
    print(f"\n{len(articles)} articles in {dataset}", end="")
    print(f", published from {published.min()} to {published.max()}" if len(published) else "")
    for title in sorted(articles["title"])[:5]:
        print(f"  - {title}")
    print("Read it with pipelines.dataset.load, pandas, DuckDB or polars; notebooks/explore.ipynb plots it.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="port to serve the demo on (default: 8000; keep one per dataset)")
    parser.add_argument("--dataset", type=Path, default=REPO / "output" / "articles", help="the dataset to append to")
    args = parser.parse_args()
    with ExitStack() as serving:
        try:
            site_url = serving.enter_context(serve_demo(port=args.port))
        except OSError as error:
            raise SystemExit(f"cannot serve the demo on 127.0.0.1:{args.port} ({error.strerror}): stop what listens there, or give --port") from None
        print(f"demo site served at {site_url}; crawling it into {args.dataset} twice")
        print_run(1, crawl(site_url, args.dataset))
        print_run(2, crawl(site_url, args.dataset))
    print_dataset(args.dataset)


if __name__ == "__main__":
    main()
