"""README command 1: serve the demo WordPress on loopback, crawl it with the `wordpress` spider, summarise.

    python -m demo.run [--output output/demo.parquet]

The spider takes the site's cheapest surface, its REST API; `python -m demo.serve` serves the
same site for crawls of the other surfaces (`-a discover=sitemap|feed|archive`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from demo.serve import serve_demo

REPO = Path(__file__).resolve().parents[1]


def crawl(site_url: str, output: Path) -> None:
    """Run the real `scrapy crawl wordpress` against the served site; stop with its exit code if it fails."""
    command = [sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"url={site_url}", "-O", str(output)]
    returncode = subprocess.run(command, cwd=REPO).returncode
    if returncode:
        print(f"the demo crawl failed (exit code {returncode}); its log is above", file=sys.stderr)
        raise SystemExit(returncode)


def print_summary(output: Path) -> None:
    table = pq.read_table(output, columns=["title", "published", "categories"])
    published = [day for day in table.column("published").to_pylist() if day is not None]
    print(f"\n{table.num_rows} articles written to {output}")
    if published:
        print(f"published from {min(published)} to {max(published)}")
    for title in sorted(table.column("title").to_pylist())[:5]:
        print(f"  - {title}")
    rejects = output.with_name(f"{output.stem}.rejects.jsonl")
    if rejects.exists():
        print(f"rejected items with their reasons: {rejects} ({len(rejects.read_text().splitlines())} lines)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "output" / "demo.parquet")
    args = parser.parse_args()
    with serve_demo() as site_url:
        print(f"demo site served at {site_url}")
        crawl(site_url, args.output)
    print_summary(args.output)


if __name__ == "__main__":
    main()
