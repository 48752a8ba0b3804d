"""Benchmark (not a test): appending to the dataset, the unchanged re-run, loading and compaction.

    .venv/bin/python benchmarks/bench_dataset.py [--rows 20000] [--part-rows 5000]

Feeds synthetic ~3 KB articles, published over 60 months of one site, through `DatasetPipeline`
as a crawl would (a part file per partition every `--part-rows` rows), then the same articles
again (all unchanged: no row written), then `load()` and `scrapy compact`'s `compact_dataset`.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_parquet import article  # noqa: E402
from crawler.commands.compact import compact_dataset  # noqa: E402
from crawler.layout import visible_parts  # noqa: E402
from pipelines.dataset import DatasetPipeline, load  # noqa: E402


def crawl(dataset: Path, rows: int, part_rows: int) -> float:
    """One simulated run over `rows` articles; its duration in seconds."""
    crawler = get_crawler(settings_dict={"SINMUN_DATASET": str(dataset), "SINMUN_DATASET_PART_ROWS": part_rows})
    crawler.stats.open_spider()
    pipeline = DatasetPipeline.from_crawler(crawler)
    started = time.perf_counter()
    pipeline.open_spider()
    for number in range(rows):
        item = replace(article(number), published=date(2020 + number % 60 // 12, number % 12 + 1, 1))
        try:
            pipeline.process_item(item)
        except DropItem:  # unchanged
            pass
    pipeline.close_spider()
    pipeline.spider_closed(None, "finished")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--part-rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        dataset = Path(folder) / "articles"
        first = crawl(dataset, args.rows, args.part_rows)
        parts = len(visible_parts(dataset))
        print(f"append     {args.rows} rows in {first:.1f} s ({args.rows / first:,.0f} rows/s), {parts} part files")
        again = crawl(dataset, args.rows, args.part_rows)
        print(f"unchanged  {args.rows} rows in {again:.1f} s ({args.rows / again:,.0f} rows/s), {len(visible_parts(dataset)) - parts} new files")
        started = time.perf_counter()
        loaded = load(dataset)
        print(f"load       {len(loaded)} rows in {time.perf_counter() - started:.1f} s (pandas, latest versions)")
        started = time.perf_counter()
        report = compact_dataset(dataset)
        print(f"compact    {report} in {time.perf_counter() - started:.1f} s")
    print(f"peak RSS   {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
