"""Benchmark (not a test): sinmun's peak memory crawling a site of 10,000 and of 50,000 articles.

    .venv/bin/python benchmarks/bench_memory.py [--quick] [--articles 10000 50000]

The same site and crawl as benchmarks/bench_crawl.py (nginx on loopback, `scrapy crawl wordpress`
with every pipeline and Parquet output, 32 concurrent requests); each size in its own process, whose
peak resident memory (the kernel's ru_maxrss of the finished crawl: its largest process) is compared
with the smallest size's; the peak of all its processes at once (the crawl and its extraction workers,
sampled from /proc) is shown beside it. The target: under 20% growth from 10,000 to 50,000 articles. `--quick` is 1,000 and 5,000.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_crawl import crawl_once, machine  # noqa: E402
from benchmarks.loopback_site import generate, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 5,000 articles (checks the harness)")
    parser.add_argument("--articles", type=int, nargs="+", help="site sizes to crawl (default 10,000 and 50,000)")
    args = parser.parse_args()
    sizes = sorted(args.articles or ([1000, 5000] if args.quick else [10_000, 50_000]))
    generate(sizes[-1])  # one pool of post pages serves every size, so only the listing differs
    print(f"sizes {', '.join(map(str, sizes))}; {machine()}")
    print(f"{'articles':>9} {'exported':>9} {'seconds':>8} {'peak RSS MB':>12} {'growth':>7} {'all processes MB':>17}")
    smallest: float | None = None
    for size in sizes:
        with serve(size, pool=sizes[-1]) as url, tempfile.TemporaryDirectory(prefix="sinmun-bench-") as folder:
            run = crawl_once("sinmun", url, Path(folder))
        smallest = smallest or run.peak_rss_mb
        print(f"{size:>9} {run.articles:>9} {run.wall:8.1f} {run.peak_rss_mb:12.1f} {run.peak_rss_mb / smallest - 1:7.1%} {run.peak_tree_mb:17.1f}", flush=True)


if __name__ == "__main__":
    main()
