"""What a dataset has stored, so the next run fetches and writes only what is new or changed.

A SQLite file in the dataset's `_sinmun` folder rather than the dataset itself: ETags, HTTP
`Last-Modified`, failed URLs and run records are not article data, lookups by URL on every
request need an index, and a transaction makes "these part files are published, these articles
are stored" one commit. The part files stay the truth: a part published by a run that died
before committing is read back into the state by the next run (`reconcile`), so a crash never
marks an article stored that is not, and never stores one twice.

Used by the crawler side (conditional GET, resumed jobs, incremental discovery) and by the
dataset writer in `pipelines/dataset.py`; one store per crawler (`state_for`).
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.job import job_dir

from crawler.layout import (
    internal_dir,
    dataset_root,
    leftover_temp_files,
    new_run_id,
    partition_of_path,
    visible_parts,
)

logger = logging.getLogger(__name__)

#: Seconds a process waits for another one's publishing transaction before giving up.
BUSY_TIMEOUT = 300.0

_TABLES = """
CREATE TABLE IF NOT EXISTS articles (      -- the latest stored version of each URL
    url TEXT PRIMARY KEY, site TEXT, fetched_url TEXT, version INTEGER NOT NULL, content_hash TEXT,
    modified_at TEXT, etag TEXT, last_modified TEXT, stored_at TEXT, last_seen TEXT, last_run TEXT);
CREATE INDEX IF NOT EXISTS articles_by_fetched_url ON articles (fetched_url);
CREATE INDEX IF NOT EXISTS articles_by_site ON articles (site);
CREATE TABLE IF NOT EXISTS parts (path TEXT PRIMARY KEY, run_id TEXT, rows INTEGER, published_at TEXT);
CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, site TEXT, reason TEXT, run_id TEXT, failed_at TEXT, surface TEXT);
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at TEXT, finished_at TEXT, finish_reason TEXT,
    ok INTEGER, stats TEXT, coverage TEXT);
CREATE TABLE IF NOT EXISTS run_sites (run_id TEXT, site TEXT, max_modified_at TEXT, PRIMARY KEY (run_id, site));
"""
#: Columns added after the first datasets were written: (table, column, type), added to older state files.
_ADDED_COLUMNS = (("failures", "surface", "TEXT"), ("runs", "coverage", "TEXT"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).isoformat() if value is not None else None


@dataclass(frozen=True)
class StoredArticle:
    """What the state knows of one URL: its latest stored version and how to ask whether it changed."""

    url: str
    site: str | None
    fetched_url: str | None
    version: int
    content_hash: str | None
    modified_at: datetime | None
    etag: str | None
    last_modified: str | None
    last_seen: datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredArticle:
        return cls(
            url=row["url"],
            site=row["site"],
            fetched_url=row["fetched_url"],
            version=row["version"],
            content_hash=row["content_hash"],
            modified_at=datetime.fromisoformat(row["modified_at"]) if row["modified_at"] else None,
            etag=row["etag"],
            last_modified=row["last_modified"],
            last_seen=datetime.fromisoformat(row["last_seen"]) if row["last_seen"] else None,
        )


@dataclass(frozen=True)
class FailedFetch:
    """Why an article page could not be fetched, and the surface that listed it (its `source` when retried)."""

    reason: str
    surface: str | None = None


@dataclass(frozen=True)
class Validators:
    """A response's `ETag` and `Last-Modified`, for the next run's conditional GET."""

    etag: str | None
    last_modified: str | None


class StateStore:
    """The dataset's `_sinmun/state.sqlite`: stored articles, published parts, failures and runs."""

    def __init__(self, root: Path, run_id: str | None = None):
        self.root = root
        self.run_id = run_id or new_run_id()
        self.path = internal_dir(root) / "state.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a publishing run
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_TABLES)
        self._add_missing_columns()
        #: Validators of responses whose article is not stored yet: committed with the article.
        self.pending_validators: dict[str, Validators] = {}
        #: Unchanged refetches not yet recorded: (url, fetched_url, validators).
        self.pending_sightings: list[tuple[str, str | None, Validators | None]] = []

    def close(self) -> None:
        self.db.close()

    def _add_missing_columns(self) -> None:
        with self.transaction() as db:
            for table, column, kind in _ADDED_COLUMNS:
                if column not in {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (`BEGIN IMMEDIATE`): runs on one dataset publish in turn."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- what is stored ---------------------------------------------------------------------

    def lookup(self, url: str) -> StoredArticle | None:
        row = self.db.execute("SELECT * FROM articles WHERE url = ?", (url,)).fetchone()
        return StoredArticle.from_row(row) if row else None

    def lookup_fetched(self, fetched_url: str) -> StoredArticle | None:
        """The stored article last fetched from this URL (what a conditional GET asks about)."""
        row = self.db.execute("SELECT * FROM articles WHERE fetched_url = ? ORDER BY last_seen DESC", (fetched_url,)).fetchone()
        return StoredArticle.from_row(row) if row else None

    def known(self, site: str | None = None) -> Iterator[StoredArticle]:
        """Every stored URL (of one site), with its modification time, ETag and Last-Modified."""
        query, args = ("SELECT * FROM articles WHERE site = ? ORDER BY url", (site,)) if site else ("SELECT * FROM articles ORDER BY url", ())
        for row in self.db.execute(query, args):
            yield StoredArticle.from_row(row)

    def store_version(self, db: sqlite3.Connection, row: dict[str, Any], part: str, validators: Validators | None) -> None:
        """Record a stored article row (inside the transaction that published its part)."""
        now = _now()
        db.execute(
            """INSERT INTO articles (url, site, fetched_url, version, content_hash, modified_at, etag, last_modified,
                                     stored_at, last_seen, last_run)
               VALUES (:url, :site, :fetched_url, :version, :content_hash, :modified_at, :etag, :last_modified, :now, :now, :run)
               ON CONFLICT (url) DO UPDATE SET site = excluded.site, fetched_url = excluded.fetched_url,
                   version = excluded.version, content_hash = excluded.content_hash, modified_at = excluded.modified_at,
                   etag = excluded.etag, last_modified = excluded.last_modified, stored_at = excluded.stored_at,
                   last_seen = excluded.last_seen, last_run = excluded.last_run
               WHERE excluded.version >= articles.version""",
            {
                "url": row["url"],
                "site": row.get("site"),
                "fetched_url": row.get("fetched_url"),
                "version": row["version"],
                "content_hash": row.get("content_hash"),
                "modified_at": _iso(row.get("modified_at")),
                "etag": validators.etag if validators else None,
                "last_modified": validators.last_modified if validators else None,
                "now": now,
                "run": self.run_id,
            },
        )
        self._clear_failure(db, row["url"], row.get("fetched_url"))

    def note_unchanged(self, url: str, fetched_url: str | None, validators: Validators | None) -> None:
        """An unchanged refetch (equal hash, or a 304): recorded with the next publication, not one commit each."""
        self.pending_sightings.append((url, fetched_url, validators))

    def commit_sightings(self, db: sqlite3.Connection) -> None:
        """Record the unchanged refetches noted so far (inside a write transaction)."""
        now = _now()
        for url, fetched_url, validators in self.pending_sightings:
            db.execute(
                """UPDATE articles SET last_seen = ?, last_run = ?, fetched_url = COALESCE(?, fetched_url),
                       etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE url = ?""",
                (now, self.run_id, fetched_url, validators and validators.etag, validators and validators.last_modified, url),
            )
            self._clear_failure(db, url, fetched_url)
        self.pending_sightings.clear()

    def seen_since(self, moment: datetime) -> list[str]:
        """URLs (canonical and fetched) stored or seen unchanged since `moment`."""
        rows = self.db.execute("SELECT url, fetched_url FROM articles WHERE last_seen >= ?", (moment.isoformat(),))
        return [url for row in rows for url in (row["url"], row["fetched_url"]) if url]

    # --- failures -----------------------------------------------------------------------------

    def record_failure(self, url: str, site: str | None, reason: str, surface: str | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO failures (url, site, reason, run_id, failed_at, surface) VALUES (?, ?, ?, ?, ?, ?)",
                (url, site, reason, self.run_id, _now(), surface),
            )

    def forget_failure(self, url: str) -> None:
        """`url` is gone (404, 410): not worth retrying; a listing that names it again will."""
        with self.transaction() as db:
            self._clear_failure(db, url, None)

    def failed_urls(self, site: str | None = None) -> dict[str, FailedFetch]:
        """URLs whose last fetch failed and that no run has stored since, with why: retry these."""
        query = "SELECT url, reason, surface FROM failures" + (" WHERE site = ?" if site else "") + " ORDER BY url"
        return {row["url"]: FailedFetch(row["reason"], row["surface"]) for row in self.db.execute(query, (site,) if site else ())}

    @staticmethod
    def _clear_failure(db: sqlite3.Connection, url: str, fetched_url: str | None) -> None:
        db.execute("DELETE FROM failures WHERE url IN (?, ?)", (url, fetched_url or url))

    # --- runs -----------------------------------------------------------------------------------

    def start_run(self) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO runs (run_id, started_at) VALUES (?, ?)", (self.run_id, _now()))

    def finish_run(
        self, finish_reason: str, ok: bool, max_modified: dict[str | None, datetime], stats: dict[str, Any], coverage: str | None = None
    ) -> None:
        """Record how the run ended. `coverage` (a `CrawlScope.coverage`) is given only when the run's discovery
        read its whole scope: then `max_modified`, the newest modification it saw per site, becomes a high-water mark."""
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, ok = ?, stats = ?, coverage = ? WHERE run_id = ?",
                (_now(), finish_reason, int(ok), json.dumps(stats, default=str), coverage, self.run_id),
            )
            db.executemany(
                "INSERT OR REPLACE INTO run_sites (run_id, site, max_modified_at) VALUES (?, ?, ?)",
                [(self.run_id, site or "", _iso(moment)) for site, moment in max_modified.items()],
            )

    def high_water_mark(self, site: str | None, margin: timedelta, coverage: str) -> datetime | None:
        """The newest modification time that successful runs of this `coverage` saw on `site`, less `margin`.

        Such a run read its whole scope, so everything modified before the mark is stored (or was
        rejected): a REST `modified_after` from it cannot miss a post edited during or since those
        runs, even with some clock skew between the site and this machine. None before the first one.
        """
        rows = self.db.execute(
            """SELECT s.max_modified_at FROM run_sites s JOIN runs r USING (run_id)
               WHERE r.ok = 1 AND r.coverage = ? AND s.site = ? AND s.max_modified_at IS NOT NULL""",
            (coverage, site or ""),
        ).fetchall()
        return max(datetime.fromisoformat(row[0]) for row in rows) - margin if rows else None

    # --- parts ----------------------------------------------------------------------------------

    def record_part(self, db: sqlite3.Connection, part: Path, rows: int) -> None:
        db.execute(
            "INSERT OR REPLACE INTO parts (path, run_id, rows, published_at) VALUES (?, ?, ?, ?)",
            (self.relative(part), self.run_id, rows, _now()),
        )

    def forget_parts(self, db: sqlite3.Connection, parts: list[Path]) -> None:
        db.executemany("DELETE FROM parts WHERE path = ?", [(self.relative(part),) for part in parts])

    def relative(self, part: Path) -> str:
        return part.relative_to(self.root).as_posix()

    def reconcile(self) -> int:
        """Bring the state in line with the published parts; returns how many parts were read back.

        Runs inside a write transaction: any process that is publishing holds it, so a visible part
        missing from the state belongs to a run that died between rename and commit, and a hidden
        `.tmp` part to one that died while writing. The first is read back, the second deleted.
        """
        with self.transaction() as db:
            for temp in leftover_temp_files(self.root):
                logger.info("Removing %s, left by a run that did not finish writing it", temp)
                temp.unlink(missing_ok=True)
            recorded = {row["path"] for row in db.execute("SELECT path FROM parts")}
            visible = {self.relative(part): part for part in visible_parts(self.root)}
            orphans = [visible[path] for path in sorted(visible.keys() - recorded)]
            for part in orphans:
                self._read_back(db, part)
            db.executemany("DELETE FROM parts WHERE path = ?", [(path,) for path in recorded - visible.keys()])
        if orphans:
            logger.warning("Read %d part file(s) back into the state: a run stopped between publishing and committing", len(orphans))
        return len(orphans)

    def _read_back(self, db: sqlite3.Connection, part: Path) -> None:
        site = partition_of_path(self.root, part).site_value
        columns = ["url", "fetched_url", "version", "content_hash", "modified_at"]
        table = pq.read_table(part, columns=[name for name in columns if name in pq.read_schema(part).names])
        for row in table.to_pylist():
            self.store_version(db, {**row, "site": site, "version": row.get("version") or 1}, self.relative(part), None)
        self.record_part(db, part, table.num_rows)


_stores: weakref.WeakKeyDictionary[Any, StateStore] = weakref.WeakKeyDictionary()


def state_for(crawler: Any) -> StateStore | None:
    """The state store of the dataset this crawler appends to (one per crawler), or None with `-O`."""
    root = dataset_root(crawler.settings)
    if root is None:
        return None
    if crawler not in _stores:
        _stores[crawler] = StateStore(root)
    return _stores[crawler]


def crawl_state(crawler: Any) -> StateStore | None:
    """The state store that this crawl's dataset components (pipeline, conditional GET) opened, or None:
    the spider reads what the dataset holds only when the crawl writes to it."""
    return _stores.get(crawler)


class DatasetDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, made safe for a dataset resumed after kill -9 with the same JOBDIR.

    What JOBDIR saved cannot be trusted after kill -9: `requests.seen` and the request queue are
    written through buffers, and both remember requests whose article was still in memory, not
    yet in a published part, when the process died; resumed as is, those articles would never be
    fetched again, and queued listings would be read twice. So a resumed dataset job starts
    discovery over: the saved queue and fingerprints are dropped, and only the article pages whose
    article the dataset recorded during this job are not fetched again (`sinmun_article` requests;
    an article stored meanwhile by another run comes back unchanged and writes no row).
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        #: Fingerprints of article pages stored during this job, before it was resumed.
        self.stored: set[bytes | str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetDupeFilter:
        folder = job_dir(crawler.settings)
        root = dataset_root(crawler.settings)
        resumed = bool(folder and root and (Path(folder) / JOB_MARKER).exists())
        if resumed:
            assert folder is not None
            for saved in (Path(folder) / "requests.seen", Path(folder) / "requests.queue"):
                if saved.is_dir():
                    shutil.rmtree(saved)
                else:
                    saved.unlink(missing_ok=True)
        dupefilter = super().from_crawler(crawler)
        store = state_for(crawler)
        if folder and store is not None:
            started = job_started(Path(folder))
            dupefilter.stored = {dupefilter.fingerprinter.fingerprint(Request(url)) for url in store.seen_since(started)}
        if resumed:
            logger.info("Resuming job %s: discovery starts again; %d article page(s) stored by this job will not be fetched again", folder, len(dupefilter.stored))
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("sinmun_article") and self.fingerprinter.fingerprint(request) in self.stored:
            return True
        return super().request_seen(request)


#: Written in JOBDIR by a dataset job's first run: when the job started.
JOB_MARKER = "sinmun-job.json"


def job_started(folder: Path) -> datetime:
    """When the job in JOBDIR `folder` first started (recorded there on its first run)."""
    marker = folder / JOB_MARKER
    if marker.exists():
        return datetime.fromisoformat(json.loads(marker.read_text(encoding="utf-8"))["started_at"])
    started = datetime.now(timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"started_at": started.isoformat()}) + "\n", encoding="utf-8")
    return started
