"""`scrapy compact [DATASET]`: merge a dataset's small part files, per partition, into one.

Exact duplicate rows go (the same `url`, `version` and `content_hash`: the earliest fetch is
kept); every distinct version stays once; parts of an older schema version are rewritten to the
current one (new columns null, `version` 1). Each partition is rebuilt in a staging folder beside
the dataset and swapped in with one atomic folder exchange, so a reader lists the old files or the
new, never a mix; the old files are deleted afterwards. It refuses to start while a crawl holds
the dataset, and a crawl refuses to start while it runs.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.items import SCHEMA_VERSION
from crawler.layout import (
    DatasetError,
    DatasetLock,
    check_schema_version,
    exchange_dirs,
    internal_dir,
    new_run_id,
    part_name,
    part_schema,
    partition_dirs,
    record_schema_version,
    schema_version_of,
    sync_dir,
    write_part,
)
from crawler.state import StateStore

logger = logging.getLogger(__name__)

#: Rows with equal values here are one version stored twice.
VERSION_KEY = ["url", "version", "content_hash"]


@dataclass
class CompactionReport:
    partitions: int = 0
    files_before: int = 0
    files_after: int = 0
    rows_before: int = 0
    rows_after: int = 0

    def __str__(self) -> str:
        return (
            f"compacted {self.partitions} partition(s): {self.files_before} part file(s) -> {self.files_after}, "
            f"{self.rows_before} row(s) -> {self.rows_after} ({self.rows_before - self.rows_after} exact duplicate(s) removed)"
        )


def compact_dataset(root: Path, compression: str = "zstd") -> CompactionReport:
    """Compact every partition that has more than one part file or parts of an older schema."""
    if not internal_dir(root).is_dir():
        raise DatasetError(f"no dataset at {root} (no {internal_dir(root).name} folder)")
    check_schema_version(root)
    lock = DatasetLock(root)
    lock.acquire(exclusive=True, busy_message=f"a crawl is appending to dataset {root}: compact it when the crawl is done")
    store = StateStore(root, run_id=new_run_id())
    try:
        store.reconcile()
        for stale in root.parent.glob(f".{root.name}.compact-*"):
            shutil.rmtree(stale)
        staging = root.parent / f".{root.name}.compact-{store.run_id}"
        report = CompactionReport()
        for folder in list(partition_dirs(root)):
            parts = sorted(folder.glob("part-*.parquet"))
            if len(parts) > 1 or any(schema_version_of(pq.read_schema(part).metadata) < int(SCHEMA_VERSION) for part in parts):
                _compact_partition(store, root, folder, parts, staging / folder.relative_to(root), compression, report)
        record_schema_version(root)
        shutil.rmtree(staging, ignore_errors=True)
        return report
    finally:
        store.close()
        lock.release()


def _compact_partition(
    store: StateStore, root: Path, folder: Path, parts: list[Path], staged: Path, compression: str, report: CompactionReport
) -> None:
    table = pa.concat_tables([conform(pq.read_table(part)) for part in parts])
    merged = without_duplicates(table)
    new_part = write_part(staged, part_name(store.run_id, 0), merged, compression)
    exchange_dirs(staged, folder)  # now `folder` holds the merged part and `staged` the old ones
    sync_dir(folder.parent)
    with store.transaction() as db:
        store.forget_parts(db, parts)
        store.record_part(db, folder / new_part.name, merged.num_rows)
    shutil.rmtree(staged)
    report.partitions += 1
    report.files_before += len(parts)
    report.files_after += 1
    report.rows_before += table.num_rows
    report.rows_after += merged.num_rows


def conform(table: pa.Table) -> pa.Table:
    """A part of any schema version as the current part schema: missing columns null, `version` 1."""
    schema = part_schema()
    columns = [table.column(f.name) if f.name in table.column_names else pa.nulls(table.num_rows, f.type) for f in schema]
    conformed = pa.Table.from_arrays(columns, schema=schema)
    return conformed.set_column(schema.get_field_index("version"), schema.field("version"), pc.fill_null(conformed.column("version"), 1))


def without_duplicates(table: pa.Table) -> pa.Table:
    """Each (url, version, content_hash) once, its earliest fetch, ordered by url and version."""
    ordered = table.sort_by([("url", "ascending"), ("version", "ascending"), ("fetched_at", "ascending")])
    keyed = ordered.select(VERSION_KEY).append_column("_row", pa.array(range(ordered.num_rows), pa.int64()))
    first = keyed.group_by(VERSION_KEY, use_threads=False).aggregate([("_row", "min")]).column("_row_min")
    return ordered.take(pa.array(sorted(first.to_pylist()), pa.int64()))


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[DATASET]"

    def short_desc(self) -> str:
        return "Merge a dataset's part files per partition and drop exact duplicate rows (default: SINMUN_DATASET)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) > 1:
            raise UsageError("scrapy compact takes one dataset folder at most")
        root = Path(args[0] if args else self.settings.get("SINMUN_DATASET")).expanduser()
        try:
            report = compact_dataset(root, compression=self.settings.get("SINMUN_PARQUET_COMPRESSION", "zstd"))
        except DatasetError as error:
            print(f"scrapy compact: {error}", file=sys.stderr)
            self.exitcode = 2
            return
        print(f"{root}: {report}")
