"""Where an appendable dataset keeps what: Hive partitions of part files, and a `_sinmun` folder readers skip.

    output/articles/site=example.org/year=2024/month=3/part-<run id>-00000.parquet
    output/articles/site=example.org/year=0/month=0/...      articles without a publication date
    output/articles/site=local/...                           articles without a site (local text dumps)
    output/articles/_sinmun/dataset.json, state.sqlite, lock, runs/

Part files are written under a hidden `.tmp` name and renamed when complete, so every visible
file is whole. `site` is not stored inside the part files: the partition path carries it, so
pandas, DuckDB and polars see one `site` column with one type. Partition values are never null
(a null partition breaks `pandas.read_parquet` on a folder), hence `year=0` and `site=local`.
The crawler side (state store, `scrapy compact`) and the writer in `pipelines/dataset.py` share
this module.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, unquote

import pyarrow as pa
import pyarrow.parquet as pq

from crawler import __version__
from crawler.items import ARTICLE_SCHEMA, SCHEMA_VERSION

#: The folder of a dataset that holds everything that is not article data; `_` makes readers skip it.
INTERNAL = "_sinmun"
PARTITION_KEYS = ("site", "year", "month")
#: Partition values for articles without a site or a publication date.
NO_SITE = "local"
NO_YEAR = 0
PART_SUFFIX = ".parquet"
TEMP_SUFFIX = ".tmp"


class DatasetError(Exception):
    """The dataset cannot be used as asked (newer schema, held by another process, not a dataset)."""


class DatasetBusy(DatasetError):
    """Another process holds the dataset (a compaction, or a crawl when compacting): try again when it is done."""


def new_run_id() -> str:
    """A sortable, unique run id: UTC start time and random hex (`20250101T120000Z-3fa9c1`)."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def dataset_root(settings: Any) -> Path | None:
    """The dataset a run appends to (`SINMUN_DATASET`), or None when it writes feeds (`-O`/`-o`/FEEDS)."""
    if settings.getdict("FEEDS"):
        return None
    value = settings.get("SINMUN_DATASET")
    return Path(value).expanduser() if value else None


def internal_dir(root: Path) -> Path:
    return root / INTERNAL


def side_files_dir(root: Path) -> Path:
    """The folder for a run's side files (summaries, rejects): inside `_sinmun`, so readers skip them."""
    return internal_dir(root) / "runs"


# --- schema -----------------------------------------------------------------------------------


def part_schema(schema: pa.Schema = ARTICLE_SCHEMA) -> pa.Schema:
    """The columns stored inside a part file: the Article schema without `site` (the partition holds it)."""
    return schema.remove(schema.get_field_index("site"))


def schema_version_of(metadata: dict[bytes, bytes] | None) -> int:
    """The schema version a part file was written with (1 before datasets recorded it in parts)."""
    return int((metadata or {}).get(b"sinmun.schema_version", b"1"))


def check_schema_version(root: Path) -> None:
    """Refuse a dataset written by a newer sinmun, whose columns this one would not know."""
    recorded = read_dataset_info(root).get("schema_version")
    if recorded is not None and int(recorded) > int(SCHEMA_VERSION):
        raise DatasetError(
            f"dataset {root} was written by a newer sinmun (schema version {recorded}; this sinmun "
            f"{__version__} knows up to {SCHEMA_VERSION}): upgrade sinmun to read or extend it"
        )


def read_dataset_info(root: Path) -> dict[str, Any]:
    path = internal_dir(root) / "dataset.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def record_schema_version(root: Path) -> None:
    """Mark the dataset as holding parts of this sinmun's schema version (after the check passed)."""
    info = read_dataset_info(root)
    if info.get("schema_version") == SCHEMA_VERSION:
        return
    info.update(schema_version=SCHEMA_VERSION, written_by=__version__, layout="site/year/month")
    write_atomically(internal_dir(root) / "dataset.json", (json.dumps(info, indent=2) + "\n").encode())


# --- partitions and part files ------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Partition:
    site: str
    year: int
    month: int

    @classmethod
    def of(cls, site: str | None, published: date | None) -> Partition:
        if published is None:
            return cls(site or NO_SITE, NO_YEAR, NO_YEAR)
        return cls(site or NO_SITE, published.year, published.month)

    def path(self, root: Path) -> Path:
        return root / f"site={quote(self.site, safe='')}" / f"year={self.year}" / f"month={self.month}"

    @property
    def site_value(self) -> str | None:
        """The `site` column's value for this partition (null for `site=local`)."""
        return None if self.site == NO_SITE else self.site


def partition_of_path(root: Path, part: Path) -> Partition:
    values = dict(segment.split("=", 1) for segment in part.relative_to(root).parent.parts)
    return Partition(unquote(values["site"]), int(values["year"]), int(values["month"]))


def part_name(run_id: str, sequence: int) -> str:
    return f"part-{run_id}-{sequence:05d}{PART_SUFFIX}"


def partition_dirs(root: Path) -> Iterator[Path]:
    """Every `site=/year=/month=` folder of the dataset (hidden and `_` folders are not partitions)."""
    for site_dir in sorted(root.glob("site=*")):
        for year_dir in sorted(site_dir.glob("year=*")):
            yield from sorted(path for path in year_dir.glob("month=*") if path.is_dir())


def visible_parts(root: Path) -> list[Path]:
    """The part files readers see, in a stable order."""
    return [path for folder in partition_dirs(root) for path in sorted(folder.glob(f"part-*{PART_SUFFIX}"))]


def leftover_temp_files(root: Path) -> list[Path]:
    """Half-written parts of runs that died before renaming them (`.part-*.tmp`)."""
    return [path for folder in partition_dirs(root) for path in folder.glob(f".part-*{TEMP_SUFFIX}")]


def write_part(folder: Path, name: str, table: pa.Table, compression: str = "zstd") -> Path:
    """Write `table` as `folder/name` under a hidden temporary name, fsync it, then rename it into place."""
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{name}{TEMP_SUFFIX}"
    with temp.open("wb") as file:
        pq.write_table(table, file, compression=compression)
        _sync(file)
    final = folder / name
    os.replace(temp, final)
    sync_dir(folder)
    return final


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all, under a temporary name of this writer's own: two runs that
    start on one new dataset both write `dataset.json`, and one's rename must not take the other's file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
    with temp.open("wb") as file:
        file.write(data)
        _sync(file)
    os.replace(temp, path)
    sync_dir(path.parent)


def _sync(file: IO[bytes]) -> None:
    file.flush()
    os.fsync(file.fileno())


def sync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a crash after it must not bring the old name back)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange_dirs(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), so a reader listing either
    sees the old files or the new, never a mix. Elsewhere two renames leave a moment with neither."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        error = ctypes.get_errno()
        if error not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the filesystem cannot exchange
            raise OSError(error, os.strerror(error), str(a))
    parked = b.with_name(f".{b.name}.exchange")
    os.rename(b, parked)
    os.rename(a, b)
    os.rename(parked, a)


# --- the lock ---------------------------------------------------------------------------------


class DatasetLock:
    """An advisory lock on `_sinmun/lock`: crawls share it, `scrapy compact` needs it alone.

    `flock` is released by the kernel when the process dies, kill -9 included, so a crashed run
    never leaves the dataset locked.
    """

    def __init__(self, root: Path):
        self.path = internal_dir(root) / "lock"
        self._file: IO[bytes] | None = None

    def acquire(self, *, exclusive: bool, busy_message: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("a+b")
        try:
            fcntl.flock(self._file, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            self._file = None
            raise DatasetBusy(busy_message) from None

    def acquire_for_crawl(self, root: Path) -> None:
        """The crawls' shared hold: refused while `scrapy compact` rewrites the dataset."""
        self.acquire(exclusive=False, busy_message=f"dataset {root} is being compacted (scrapy compact holds it): run the crawl when it is done")

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
