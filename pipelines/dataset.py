"""The appendable dataset: without `-O`, articles go to Hive-partitioned Parquet at SINMUN_DATASET.

`DatasetPipeline` (the last stage) keeps only what is new or changed: an article whose
`content_hash` equals the stored one is counted as unchanged and written nowhere (its sighting is
recorded with the next publication); a changed one becomes the next `version`. Rows are buffered and published every `SINMUN_DATASET_PART_ROWS`
rows or `SINMUN_DATASET_PART_SECONDS` seconds, one part file per partition, each written under a
hidden name and renamed when complete; then, in the same state transaction, the state records
them. When the run ends it records the newest modification it saw per site, which becomes the
next run's high-water mark if the run worked and its discovery read its whole scope
(`sinmun/discovery/complete`). `load()` reads a dataset back for notebooks, one row per article.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.discovery.scope import CrawlScope
from crawler.extensions import run_verdict
from crawler.items import ARTICLE_SCHEMA
from crawler.layout import (
    NO_SITE,
    NO_YEAR,
    DatasetError,
    DatasetLock,
    Partition,
    check_schema_version,
    part_name,
    part_schema,
    record_schema_version,
    write_part,
)
from crawler.state import StateStore, state_for
from pipelines.parquet import article_rows_to_table
from pipelines.rejects import Skipped

logger = logging.getLogger(__name__)

DEFAULT_PART_ROWS = 5000
DEFAULT_PART_SECONDS = 300.0


class DatasetPipeline:
    """Appends new and changed articles to the dataset; disabled when the run writes `-O`/`-o` feeds."""

    def __init__(self, crawler: Any, store: StateStore):
        self.crawler = crawler
        self.stats = crawler.stats
        self.store = store
        self.root = store.root
        settings = crawler.settings
        self.part_rows = settings.getint("SINMUN_DATASET_PART_ROWS", DEFAULT_PART_ROWS)
        self.part_seconds = settings.getfloat("SINMUN_DATASET_PART_SECONDS", DEFAULT_PART_SECONDS)
        self.compression = settings.get("SINMUN_PARQUET_COMPRESSION", "zstd")
        if self.part_rows < 1:
            raise ValueError(f"SINMUN_DATASET_PART_ROWS must be at least 1, got {self.part_rows}")
        self.lock = DatasetLock(self.root)
        self.buffer: list[dict[str, Any]] = []
        self.buffer_started = time.monotonic()
        self.sequence = 0
        #: The newest `modified_at` seen per site in this run: the next run's high-water mark.
        self.max_modified: dict[str | None, datetime] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetPipeline:
        store = state_for(crawler)
        if store is None:
            raise NotConfigured("the run writes feeds (-O/-o), not the dataset")
        pipeline = cls(crawler, store)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        check_schema_version(self.root)
        self.lock.acquire_for_crawl(self.root)
        record_schema_version(self.root)
        self.store.reconcile()
        self.store.start_run()
        self.stats.set_value("sinmun/dataset/path", str(self.root))
        self.stats.set_value("sinmun/dataset/run_id", self.store.run_id)
        logger.info("Appending to dataset %s (run %s)", self.root, self.store.run_id)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        row = {name: adapter.get(name) for name in ARTICLE_SCHEMA.names}  # shallow: asdict() recurses into every value
        self._note_modified(row)
        validators = self.store.pending_validators.pop(row.get("fetched_url") or "", None)
        stored = self.store.lookup(row["url"])
        if stored is not None and stored.content_hash == row.get("content_hash"):
            self.store.note_unchanged(row["url"], row.get("fetched_url"), validators)
            self.stats.inc_value("sinmun/dataset/unchanged")
            self._publish_when_due()
            raise Skipped("unchanged", f"{row['url']} has the content of version {stored.version}")
        row["_validators"] = validators
        self.buffer.append(row)
        self._publish_when_due()
        return item

    def _publish_when_due(self) -> None:
        pending = len(self.buffer) + len(self.store.pending_sightings)
        if pending >= self.part_rows or (pending and time.monotonic() - self.buffer_started >= self.part_seconds):
            self.publish()

    def close_spider(self) -> None:
        self.publish()

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.stats.get_stats()
        verdict = run_verdict(self.crawler)  # judged before this handler runs: extensions connect first
        ok = verdict.ok if verdict is not None else reason == "finished" and not stats.get("sinmun/discovery/failure")
        coverage = CrawlScope.from_settings(self.crawler.settings).coverage if stats.get("sinmun/discovery/complete") else None
        dataset_stats = {key: value for key, value in stats.items() if key.startswith("sinmun/dataset/")}
        self.store.finish_run(reason, ok, self.max_modified, dataset_stats, coverage)
        self.lock.release()
        self.store.close()

    def _note_modified(self, row: dict[str, Any]) -> None:
        modified = row.get("modified_at") or row.get("published_at")
        if modified is not None and (row.get("site") not in self.max_modified or modified > self.max_modified[row.get("site")]):
            self.max_modified[row.get("site")] = modified

    def publish(self) -> None:
        """Write the buffered rows as part files, then commit what they hold to the state, in one transaction.

        Versions are decided inside the transaction, so two runs appending the same article at once
        store it once: the second finds the first's version and counts its row as unchanged.
        """
        rows, self.buffer = self.buffer, []
        self.buffer_started = time.monotonic()
        if not rows and not self.store.pending_sightings:
            return
        with self.store.transaction() as db:
            self.store.commit_sightings(db)
            by_partition: dict[Partition, list[dict[str, Any]]] = defaultdict(list)
            for row in rows:
                stored = self.store.lookup(row["url"])
                if stored is not None and stored.content_hash == row.get("content_hash"):
                    self.stats.inc_value("sinmun/dataset/unchanged")
                    continue
                row["version"] = stored.version + 1 if stored else 1
                self.stats.inc_value("sinmun/dataset/updated" if stored else "sinmun/dataset/new")
                by_partition[Partition.of(row.get("site"), row.get("published"))].append(row)
            self.sequence += 1
            for partition, partition_rows in sorted(by_partition.items()):
                table = article_rows_to_table(partition_rows, part_schema())
                part = write_part(partition.path(self.root), part_name(self.store.run_id, self.sequence), table, self.compression)
                self.store.record_part(db, part, table.num_rows)
                for row in partition_rows:
                    self.store.store_version(db, row, self.store.relative(part), row.pop("_validators"))
                self.stats.inc_value("sinmun/dataset/parts")
                self.stats.inc_value("sinmun/dataset/rows", table.num_rows)
        if by_partition:
            logger.info("Published %d row(s) in %d part file(s) of %s", sum(map(len, by_partition.values())), len(by_partition), self.root)


# --- reading ----------------------------------------------------------------------------------

PARTITIONING = ds.partitioning(pa.schema([("site", pa.string()), ("year", pa.int32()), ("month", pa.int32())]), flavor="hive")


def load(
    path: str | Path = "output/articles",
    latest: bool = True,
    since: date | str | None = None,
    until: date | str | None = None,
    sites: list[str] | str | None = None,
    columns: list[str] | None = None,
    to: str = "pandas",
) -> Any:
    """A dataset as one table: pandas by default, `to="arrow"` or `to="polars"` on request.

    One row per article, its latest version when `latest` (every stored version otherwise);
    `since`/`until` (inclusive dates) filter on `published` (undated articles are left out then);
    `sites` keeps those sites only; `columns` picks columns (Article's order). Parts written with
    an older schema load with the newer columns null; a dataset of a newer sinmun is refused.
    """
    if to not in ("pandas", "arrow", "polars"):
        raise ValueError(f"to={to!r}: expected 'pandas', 'arrow' or 'polars'")
    root = Path(path).expanduser()
    if not root.is_dir():
        raise DatasetError(f"no dataset at {root}")
    check_schema_version(root)
    wanted = list(columns) if columns is not None else ARTICLE_SCHEMA.names
    unknown = [name for name in wanted if name not in ARTICLE_SCHEMA.names]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(unknown)}: see docs/schema.md")
    dataset = ds.dataset(root, schema=dataset_schema(), format="parquet", partitioning=PARTITIONING)
    needed = list(dict.fromkeys([*wanted, *(["url", "version"] if latest else [])]))
    table = dataset.to_table(columns=[name for name in needed if name != "site"] + ["site"], filter=_filter(since, until, sites))
    table = table.set_column(table.schema.get_field_index("site"), "site", _site_column(table.column("site")))
    if latest:
        table = latest_versions(table)
    table = table.select(wanted).cast(pa.schema([ARTICLE_SCHEMA.field(name) for name in wanted]))
    if to == "arrow":
        return table
    if to == "polars":
        import polars  # an extra of the notebooks, not of the crawler

        return polars.from_arrow(table)
    return table.to_pandas()


def dataset_schema() -> pa.Schema:
    """What a reader of the part files sees: the stored columns plus the partition keys."""
    return part_schema().append(pa.field("site", pa.string())).append(pa.field("year", pa.int32())).append(pa.field("month", pa.int32()))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _filter(since: date | str | None, until: date | str | None, sites: list[str] | str | None) -> ds.Expression | None:
    conditions = []
    if since is not None:
        start = _as_date(since)
        conditions += [ds.field("year") >= start.year, ds.field("published") >= pa.scalar(start, pa.date32())]
    if until is not None:
        end = _as_date(until)
        conditions += [(ds.field("year") <= end.year) & (ds.field("year") != NO_YEAR), ds.field("published") <= pa.scalar(end, pa.date32())]
    if sites is not None:
        names = [sites] if isinstance(sites, str) else list(sites)
        conditions.append(ds.field("site").isin([name or NO_SITE for name in names]))
    combined = None
    for condition in conditions:
        combined = condition if combined is None else combined & condition
    return combined


def _site_column(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """The partition's `site`, with `site=local` back to the null the schema promises."""
    return pc.if_else(pc.equal(values, NO_SITE), pa.scalar(None, pa.string()), values)


def latest_versions(table: pa.Table) -> pa.Table:
    """Keep each URL's highest version (once, should exact duplicates not be compacted yet)."""
    keys = pa.table(
        {
            "url": table.column("url"),
            "_version": pc.fill_null(table.column("version"), 1),  # parts of schema 1 had no versions
            "_row": pa.array(range(table.num_rows), pa.int64()),
        }
    )
    newest = keys.group_by("url").aggregate([("_version", "max")]).rename_columns(["url", "_version"])
    matching = keys.join(newest, ["url", "_version"], join_type="inner")
    first = matching.group_by("url").aggregate([("_row", "min")]).column("_row_min")
    return table.take(pa.array(sorted(first.to_pylist()), pa.int64()))
