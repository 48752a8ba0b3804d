"""Benchmark (not a test): the Parquet exporter's throughput, and that its memory stays flat as rows grow.

    .venv/bin/python benchmarks/bench_parquet.py [--rows 10000 100000 300000]

Each size runs in a fresh process, so the peak resident memory (ru_maxrss) of one size is not
inflated by another; flat memory means the peak barely moves while the row count grows 30-fold.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.items import Article  # noqa: E402
from pipelines.parquet import ParquetItemExporter  # noqa: E402

PARAGRAPH = (
    "The respected Kim Jong Un has conducted energetic ideological and theoretical activities while leading "
    "the Workers’ Party of Korea, and October 10, Juche 110 (2021) was the 76th founding anniversary of the WPK. "
)


def article(number: int) -> Article:
    return Article(
        url=f"https://example.org/{number}/",
        site="example.org",
        title=f"Article {number}",
        body="\n\n".join(PARAGRAPH * 2 for _ in range(6)),  # ~3 KB, a typical article
        categories=["Ideology", "Narrated"],
        tags=["WPK"],
        published=date(2021, 10, 10),
        published_precision="datetime",
        published_at=datetime(2021, 10, 10, 1, 30, tzinfo=timezone.utc),
        date_mentions=[{"text": "October 10, Juche 110 (2021)", "start": 120, "end": 148, "iso": "2021-10-10", "precision": "day"}],
        fetched_at=datetime.now(timezone.utc),
        content_hash=f"{number:064x}",
    )


def measure(rows: int) -> dict[str, float]:
    """Export `rows` articles to a temporary file; runs inside the child process."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.parquet"
        started = time.perf_counter()
        with path.open("wb") as file:
            exporter = ParquetItemExporter(file)
            exporter.start_exporting()
            for number in range(rows):
                exporter.export_item(article(number))
            exporter.finish_exporting()
        elapsed = time.perf_counter() - started
        size = path.stat().st_size
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(rows / elapsed),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "file_mb": round(size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 300_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    print(f"{'rows':>8} {'seconds':>8} {'rows/s':>8} {'peak RSS MB':>12} {'file MB':>8}")
    for rows in args.rows:
        output = subprocess.run([sys.executable, __file__, "--child", str(rows)], check=True, capture_output=True, text=True)
        result = json.loads(output.stdout)
        print(f"{result['rows']:>8} {result['seconds']:>8} {result['rows_per_second']:>8} {result['peak_rss_mb']:>12} {result['file_mb']:>8}")


if __name__ == "__main__":
    main()
