"""Parquet output: a streaming feed exporter and a local storage that never leaves half-written files.

The exporter knows nothing about sites: it writes whatever `ARTICLE_SCHEMA` says, a row group
at a time, so memory stays flat however long the crawl. Storage (local, s3://, ...) stays
Scrapy's business; for local paths `AtomicFileFeedStorage` writes beside the target and renames
into place only once the file is complete and the run verdict says the run worked.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import is_dataclass
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import FileFeedStorage

from crawler.extensions import run_verdict
from crawler.items import ARTICLE_SCHEMA
from pipelines.outputs import PartialFile, is_templated, local_path

logger = logging.getLogger(__name__)

DEFAULT_ROW_GROUP_SIZE = 1000
#: What building a table raises for a value its column cannot hold (pyarrow's errors are
#: ValueError and TypeError subclasses; a lone surrogate is a UnicodeEncodeError).
REFUSALS = (pa.ArrowException, TypeError, ValueError, OverflowError)
#: What UTF-8 cannot encode, so a string column cannot hold: a lone surrogate.
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT32 = range(-(2**31), 2**31)


def item_row(item: Any) -> dict[str, Any]:
    """`item`'s fields as a shallow dict, what the exporter and validation read. (ItemAdapter's
    `asdict` copies every value deeply, at ten times the cost of writing the row.)"""
    if isinstance(item, dict):
        return dict(item)
    if is_dataclass(item) and hasattr(item, "__dict__"):
        return dict(vars(item))
    return dict(ItemAdapter(item).items())


def _column(rows: list[dict[str, Any]], field: pa.Field) -> list[Any]:
    """`field`'s values, checked for what pyarrow would take but not hold: a string for a list
    (stored as its characters), an instant whose UTC falls outside years 1-9999 (written, never
    read back)."""
    name = field.name  # read once: a pyarrow property read per row costs more than the row
    values = [row.get(name) for row in rows]
    if pa.types.is_list(field.type):
        for value in values:
            if isinstance(value, (str, bytes)):
                raise TypeError(f"{name} must be a list, not {type(value).__name__} {value!r:.60}")
    elif pa.types.is_timestamp(field.type):
        for value in values:
            # only an instant in year 1 or 9999 can have its UTC outside them
            if isinstance(value, datetime) and value.year in (1, 9999) and value.tzinfo is not None:
                try:
                    value.astimezone(timezone.utc)
                except OverflowError as error:
                    raise OverflowError(f"{name} {value.isoformat()} is outside years 1-9999 in UTC") from error
    return values


def article_rows_to_table(rows: list[dict[str, Any]], schema: pa.Schema = ARTICLE_SCHEMA) -> pa.Table:
    """Build a table of `schema` from item dicts; columns an item lacks are null.

    Raises one of `REFUSALS` when a row holds a value its column cannot (a null in a
    non-nullable column included): the whole table or nothing.
    """
    columns = {field.name: _column(rows, field) for field in schema}
    table = pa.Table.from_pydict(columns, schema=schema)
    for field in schema:
        if not field.nullable and table.column(field.name).null_count:
            raise ValueError(f"{field.name} is null, and the schema does not allow it")
    return table


def _holds_text(value: Any) -> bool:
    return type(value) is str and (value.isascii() or _SURROGATE.search(value) is None)


def _plain_check(arrow_type: pa.DataType) -> Callable[[Any], bool]:
    """A check that a value (not None) is one a crawl makes and `arrow_type` plainly holds; False
    means "ask Arrow", never "refused"."""
    if pa.types.is_string(arrow_type):
        return _holds_text
    if pa.types.is_int32(arrow_type):
        return lambda value: type(value) is int and value in _INT32
    if pa.types.is_date32(arrow_type):
        return lambda value: type(value) is date
    if pa.types.is_timestamp(arrow_type):
        # years 1 and 9999 are left to Arrow and `_column`: their UTC may fall outside
        return lambda value: type(value) is datetime and 1 < value.year < 9999 and type(value.tzinfo) in (type(None), timezone, ZoneInfo)
    if pa.types.is_list(arrow_type):
        holds_item = _plain_check(arrow_type.value_type)
        return lambda value: type(value) is list and all(part is not None and holds_item(part) for part in value)
    if pa.types.is_struct(arrow_type):
        members = [(member.name, _plain_check(member.type)) for member in arrow_type]
        names = {name for name, _ in members}
        return lambda value: (
            type(value) is dict
            and value.keys() <= names
            and all((part := value.get(name)) is None or holds(part) for name, holds in members)
        )
    return lambda value: False


@cache
def _plain_checks(schema: pa.Schema) -> tuple[tuple[str, bool, Callable[[Any], bool]], ...]:
    return tuple((field.name, field.nullable, _plain_check(field.type)) for field in schema)


def row_refusal(row: Mapping[str, Any], schema: pa.Schema = ARTICLE_SCHEMA) -> Exception | None:
    """Why `schema` cannot hold `row` (the error `article_rows_to_table` raises for it), or None.

    The values a crawl makes (text, lists of text, dates, instants, small integers, date mentions)
    are checked directly, without a one-row table per item; any other value is left to the table
    builder, so the refusals are exactly its own.
    """
    if all(
        holds(value) if (value := row.get(name)) is not None else nullable for name, nullable, holds in _plain_checks(schema)
    ):
        return None
    try:
        article_rows_to_table([row], schema)
    except REFUSALS as error:
        return error
    return None


class ParquetItemExporter(BaseItemExporter):
    """Writes items to Parquet in row groups of `SINMUN_PARQUET_ROW_GROUP_SIZE` rows (zstd).

    An empty crawl still writes a valid file with every column, because the writer is
    opened with the explicit schema in `start_exporting`. An item the schema cannot hold is
    refused alone (logged at ERROR and counted as `sinmun/export/refused`); the rest of its row
    group is written, and `finish_exporting` always closes the file with its footer.
    """

    def __init__(
        self,
        file: IO[bytes],
        *,
        row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
        compression: str = "zstd",
        schema: pa.Schema = ARTICLE_SCHEMA,
        stats: Any = None,
        **kwargs: Any,
    ):
        super().__init__(dont_fail=True, **kwargs)
        if row_group_size < 1:
            raise ValueError(f"row_group_size must be at least 1, got {row_group_size}")
        self.file = file
        self.schema = schema
        self.row_group_size = row_group_size
        self.compression = compression
        self.stats = stats
        self._rows: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, file: IO[bytes], *args: Any, **kwargs: Any) -> ParquetItemExporter:
        settings = crawler.settings
        kwargs.setdefault("row_group_size", settings.getint("SINMUN_PARQUET_ROW_GROUP_SIZE", DEFAULT_ROW_GROUP_SIZE))
        kwargs.setdefault("compression", settings.get("SINMUN_PARQUET_COMPRESSION", "zstd"))
        kwargs.setdefault("stats", crawler.stats)
        return cls(file, *args, **kwargs)

    def start_exporting(self) -> None:
        self._writer = pq.ParquetWriter(self.file, self.schema, compression=self.compression)

    def export_item(self, item: Any) -> None:
        self._rows.append(item_row(item))
        if len(self._rows) >= self.row_group_size:
            self._flush()

    def finish_exporting(self) -> None:
        assert self._writer is not None, "finish_exporting called before start_exporting"
        try:
            self._flush()
        finally:
            self._writer.close()
            self._writer = None

    def _flush(self) -> None:
        if not self._rows:
            return
        assert self._writer is not None, "export_item called before start_exporting"
        rows, self._rows = self._rows, []
        table = self._table(rows)
        if table.num_rows:
            self._writer.write_table(table, row_group_size=self.row_group_size)

    def _table(self, rows: list[dict[str, Any]]) -> pa.Table:
        """The row group as a table; when the schema cannot hold it, without the rows it cannot hold."""
        try:
            return article_rows_to_table(rows, self.schema)
        except REFUSALS:
            pass
        kept = []
        for row in rows:
            if (error := row_refusal(row, self.schema)) is None:
                kept.append(row)
                continue
            logger.error("Parquet exporter refused the item %s: %s", row.get("url") or row.get("fetched_url"), error)
            if self.stats is not None:
                self.stats.inc_value("sinmun/export/refused")
        return article_rows_to_table(kept, self.schema)


class AtomicFileFeedStorage(FileFeedStorage):
    """Local feed storage that publishes a file only when it is complete and the run worked.

    Each file is written to a hidden, locked `.NAME.*.partial` beside the target (a killed
    run's partials are removed by the next run on the same target). When the run verdict says
    the run worked, the file is renamed into place; when it failed, the target keeps its
    previous content byte for byte, and the new file is kept as `.NAME.failed` beside it, or
    discarded when it is one of many named by a templated URI (a folder that readers read
    whole must hold nothing else). Batches finished mid-crawl wait, complete and hidden, for
    the verdict at the end.
    Appending (`-o`) copies the existing file first, which suits line formats; Parquet cannot
    be appended to, so that is refused (by the `crawl` command before the crawl starts).
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Any = None):
        super().__init__(uri, feed_options=feed_options)
        self.feed_options = feed_options or {}
        self.crawler = crawler
        #: False for one of the files a templated feed URI names (`%(batch_id)d`, `%(time)s`).
        self.is_feed_target = True
        self._partial: PartialFile | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, uri: str, *, feed_options: dict[str, Any] | None = None) -> AtomicFileFeedStorage:
        storage = cls(uri, feed_options=feed_options, crawler=crawler)
        targets = {local_path(str(feed)).absolute() for feed in crawler.settings.getdict("FEEDS") if not is_templated(str(feed))}
        storage.is_feed_target = Path(storage.path).absolute() in targets
        return storage

    @staticmethod
    def refusal(uri: str, feed_options: dict[str, Any]) -> str | None:
        """Why this feed cannot be written, known before any request; None when it can."""
        if is_templated(uri) or feed_options.get("overwrite") or feed_options.get("format") != "parquet":
            return None
        target = local_path(uri)
        if target.exists() and target.stat().st_size > 0:
            return f"cannot append to Parquet file {target}: use -O (overwrite) instead of -o, or write each run to its own file"
        return None

    def open(self, spider: Any) -> IO[bytes]:
        if reason := self.refusal(self.path, self.feed_options):
            raise ValueError(reason)
        target = Path(self.path)
        self._partial = PartialFile.create(target)
        if self.write_mode == "ab" and target.exists():
            with target.open("rb") as existing:
                shutil.copyfileobj(existing, self._partial.file)
        return self._partial.file

    def store(self, file: IO[bytes]) -> None:
        file.close()
        verdict = run_verdict(self.crawler) if self.crawler is not None else None
        if verdict is None or verdict.judged:
            self.settle()
        else:  # a batch finished mid-crawl: publish it with the others once the run is judged
            self.crawler.signals.connect(self.settle, signal=signals.feed_exporter_closed, weak=False)

    def settle(self) -> None:
        """Publish the complete file, or keep it as failed when the run verdict says the run failed."""
        partial, self._partial = self._partial, None
        if partial is None:
            return
        verdict = run_verdict(self.crawler) if self.crawler is not None else None
        if verdict is None or verdict.ok:
            partial.publish()
        elif self.is_feed_target:
            kept = partial.keep_as_failed()
            logger.warning("The crawl failed: %s keeps its previous content; this run's output is in %s", partial.target, kept)
        else:
            partial.discard()
            logger.warning("The crawl failed: %s not written (this run's batch discarded)", partial.target)
