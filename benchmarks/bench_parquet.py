"""Benchmark (not a test): the Parquet exporter against pyarrow's own `write_table` on the same rows, and its memory.

    .venv/bin/python benchmarks/bench_parquet.py [--quick] [--rows 10000 100000 300000] [--runs 3]

The same ~3 KB articles, built before the clock starts, are written by `ParquetItemExporter` (what
a crawl's feed does: `Article` items one at a time, row groups of 1,000, zstd) and by pyarrow alone
(the same rows, already dicts: `Table.from_pylist` with the schema, `pq.write_table`, same
compression and row groups). Each write runs in a fresh process, the writers taking turns; the
ratio of rows per second is the median of the pairs' (target: at least 0.8x). The peak resident
memory (ru_maxrss) is the exporter's with items made one at a time, as a crawl hands them over:
flat while the row count grows 30-fold, a row group at a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from itemadapter import ItemAdapter  # noqa: E402

from crawler.items import ARTICLE_SCHEMA, Article  # noqa: E402
from pipelines.parquet import DEFAULT_ROW_GROUP_SIZE, ParquetItemExporter  # noqa: E402

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


def write_with_exporter(items: list[Any], path: Path) -> None:
    with path.open("wb") as file:
        exporter = ParquetItemExporter(file)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()


def write_with_pyarrow(rows: list[Any], path: Path) -> None:
    """pyarrow alone on the same rows, already dicts: one table, `write_table`."""
    table = pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)
    pq.write_table(table, path, compression="zstd", row_group_size=DEFAULT_ROW_GROUP_SIZE)


def stream_to_exporter(rows: int, path: Path) -> None:
    """Items made one at a time as a crawl makes them, so the peak memory is the exporter's own."""
    write_with_exporter((article(number) for number in range(rows)), path)  # type: ignore[arg-type]


WRITERS = {"exporter": write_with_exporter, "pyarrow": write_with_pyarrow}


def measure(writer: str, rows: int) -> dict[str, float]:
    """Write `rows` articles with `writer` (`stream`: the exporter, items made as it goes; the
    others: built before the clock starts); runs inside the child process."""
    items: list[Any] = [] if writer == "stream" else [article(number) for number in range(rows)]
    if writer == "pyarrow":
        items = [ItemAdapter(item).asdict() for item in items]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.parquet"
        started = time.perf_counter()
        if writer == "stream":
            stream_to_exporter(rows, path)
        else:
            WRITERS[writer](items, path)
        elapsed = time.perf_counter() - started
        size = path.stat().st_size
    return {
        "writer": writer,
        "rows": rows,
        "seconds": round(elapsed, 3),
        "rows_per_second": round(rows / elapsed),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "file_mb": round(size / 2**20, 1),
    }


def child(writer: str, rows: int) -> dict[str, float]:
    output = subprocess.run([sys.executable, __file__, "--child", writer, str(rows)], check=True, capture_output=True, text=True)
    return json.loads(output.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 rows, one run each")
    parser.add_argument("--rows", type=int, nargs="+", help="sizes (default 10,000, 100,000 and 300,000)")
    parser.add_argument("--runs", type=int, help="runs of each writer at each size; the median is shown (default 3)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], int(args.child[1]))))
        return
    sizes = args.rows or ([10_000] if args.quick else [10_000, 100_000, 300_000])
    runs = args.runs or (1 if args.quick else 3)
    print(f"{'rows':>8} {'exporter s':>11} {'pyarrow s':>10} {'exporter/pyarrow':>17} {'peak RSS MB, streamed':>22} {'file MB':>8}")
    for rows in sizes:
        results: dict[str, list[dict[str, float]]] = {writer: [] for writer in (*WRITERS, "stream")}
        for _ in range(runs):  # interleaved, so a change in the machine's load touches both
            for writer in results:
                results[writer].append(child(writer, rows))
        seconds = {writer: statistics.median(result["seconds"] for result in found) for writer, found in results.items()}
        ratio = statistics.median(e["rows_per_second"] / p["rows_per_second"] for e, p in zip(results["exporter"], results["pyarrow"]))
        peak = statistics.median(result["peak_rss_mb"] for result in results["stream"])
        print(f"{rows:>8} {seconds['exporter']:11.2f} {seconds['pyarrow']:10.2f} {ratio:16.2f}x {peak:22.1f} {results['exporter'][-1]['file_mb']:8.1f}")


if __name__ == "__main__":
    main()
