"""What a dataset has stored, so the next run fetches and writes only what is new or changed.

A SQLite file in the dataset's `_sinmun` folder rather than the dataset itself: ETags, HTTP
`Last-Modified`, failed URLs and run records are not article data, lookups by URL on every
request need an index, and a transaction makes "these part files are published, these articles
are stored" one commit. The part files stay the truth: a part published by a run that died
before committing is read back into the state by the next run (`reconcile`), so a crash never
marks an article stored that is not, and never stores one twice.

Used by the crawler side (conditional GET, resumed jobs, later incremental discovery) and by the
dataset writer in `pipelines/dataset.py`; one store per crawler (`state_for`).
"""

from __future__ import annotations

import json
import logging
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
CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, site TEXT, reason TEXT, run_id TEXT, failed_at TEXT);
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at TEXT, finished_at TEXT, finish_reason TEXT,
    ok INTEGER, stats TEXT);
CREATE TABLE IF NOT EXISTS run_sites (run_id TEXT, site TEXT, max_modified_at TEXT, PRIMARY KEY (run_id, site));
"""


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
        #: Validators of responses whose article is not stored yet: committed with the article.
        self.pending_validators: dict[str, Validators] = {}
        #: Unchanged refetches not yet recorded: (url, fetched_url, validators).
        self.pending_sightings: list[tuple[str, str | None, Validators | None]] = []

    def close(self) -> None:
        self.db.close()

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

    def record_failure(self, url: str, site: str | None, reason: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO failures (url, site, reason, run_id, failed_at) VALUES (?, ?, ?, ?, ?)",
                (url, site, reason, self.run_id, _now()),
            )

    def failed_urls(self, site: str | None = None) -> dict[str, str]:
        """URLs whose last fetch failed and that no run has stored since, with why: retry these."""
        query, args = ("SELECT url, reason FROM failures WHERE site = ?", (site,)) if site else ("SELECT url, reason FROM failures", ())
        return {row["url"]: row["reason"] for row in self.db.execute(query, args)}

    @staticmethod
    def _clear_failure(db: sqlite3.Connection, url: str, fetched_url: str | None) -> None:
        db.execute("DELETE FROM failures WHERE url IN (?, ?)", (url, fetched_url or url))

    # --- runs -----------------------------------------------------------------------------------

    def start_run(self) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO runs (run_id, started_at) VALUES (?, ?)", (self.run_id, _now()))

    def finish_run(self, finish_reason: str, ok: bool, max_modified: dict[str | None, datetime], stats: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, ok = ?, stats = ? WHERE run_id = ?",
                (_now(), finish_reason, int(ok), json.dumps(stats, default=str), self.run_id),
            )
            db.executemany(
                "INSERT OR REPLACE INTO run_sites (run_id, site, max_modified_at) VALUES (?, ?, ?)",
                [(self.run_id, site or "", _iso(moment)) for site, moment in max_modified.items()],
            )

    def high_water_mark(self, site: str | None, margin: timedelta) -> datetime | None:
        """The newest modification time seen by the last successful run of `site`, less `margin`.

        A REST `modified_after` from it cannot miss a post edited during or since that run, even
        with some clock skew between the site and this machine.
        """
        row = self.db.execute(
            """SELECT s.max_modified_at FROM run_sites s JOIN runs r USING (run_id)
               WHERE r.ok = 1 AND s.site = ? AND s.max_modified_at IS NOT NULL
               ORDER BY r.finished_at DESC LIMIT 1""",
            (site or "",),
        ).fetchone()
        return datetime.fromisoformat(row[0]) - margin if row else None

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


class DatasetDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, made safe for a dataset resumed after kill -9 with the same JOBDIR.

    `requests.seen` remembers every request scheduled, including those whose article was still
    in memory, not yet in a published part, when the process died; resuming would then never
    fetch them again. On resume this filter keeps only the fingerprints of pages whose article the
    dataset recorded during this job, so everything else is fetched again (an article that was
    stored meanwhile comes back unchanged and writes no row).
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetDupeFilter:
        dupefilter = super().from_crawler(crawler)
        folder = job_dir(crawler.settings)
        store = state_for(crawler)
        if folder and store is not None:
            started = job_started(Path(folder))
            recorded = {dupefilter.fingerprinter.fingerprint(Request(url)) for url in store.seen_since(started)}
            forgotten = len(dupefilter._fingerprints - recorded)
            dupefilter._fingerprints &= recorded
            if forgotten:
                logger.info("Resuming job %s: %d request(s) seen but not stored will be made again", folder, forgotten)
        return dupefilter


def job_started(folder: Path) -> datetime:
    """When the job in JOBDIR `folder` first started (recorded there on its first run)."""
    marker = folder / "sinmun-job.json"
    if marker.exists():
        return datetime.fromisoformat(json.loads(marker.read_text(encoding="utf-8"))["started_at"])
    started = datetime.now(timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"started_at": started.isoformat()}) + "\n", encoding="utf-8")
    return started
