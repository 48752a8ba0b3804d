"""README command 1: build the demo site, serve it on loopback, crawl it with the `wordpress` spider, summarise.

    python -m demo.run [--output output/demo.parquet]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from demo.build import build_site
from demo.serve import serve_directory

REPO = Path(__file__).resolve().parents[1]


def crawl(site_url: str, output: Path) -> None:
    """Run the real `scrapy crawl wordpress` against the served site."""
    command = [sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"url={site_url}", "-O", str(output)]
    subprocess.run(command, cwd=REPO, check=True)


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
        print(f"rejected items with their reasons: {rejects} ({sum(1 for _ in rejects.open())} lines)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "output" / "demo.parquet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sinmun-demo-") as site_dir:
        build_site(Path(site_dir))
        with serve_directory(Path(site_dir)) as site_url:
            print(f"demo site served at {site_url}")
            crawl(site_url, args.output)
    print_summary(args.output)


if __name__ == "__main__":
    main()
