"""Where a run's files go and how they appear there: complete or not at all, with their side files beside them.

Local files are written to a hidden `.NAME.*.partial` file, locked while its run lives, and
renamed into place once complete; a partial whose run was killed is removed by the next run
writing the same target. Side files (rejects, summary) go where the output goes, local or
object storage, through Scrapy's own feed storages, and never where a Parquet reader looks:
beside a `-O` file, or, for a run appending to the dataset, in its `_sinmun/runs/` folder,
named by the run id its part files carry.
"""

from __future__ import annotations

import fcntl
import glob
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path, PurePath, PurePosixPath
from typing import IO, Any
from urllib.parse import urlparse

from scrapy import signals
from scrapy.utils.misc import build_from_crawler, load_object
from w3lib.url import file_uri_to_path

from crawler.extensions import EXIT_FAILED, EXIT_OK, RunVerdict
from crawler.layout import dataset_root, side_files_dir
from crawler.state import crawl_state

logger = logging.getLogger(__name__)

#: Side file kinds: file suffix, and the setting that puts the file elsewhere.
SIDE_FILES = {
    "rejects": (".rejects.jsonl", "SINMUN_REJECTS_PATH"),
    "summary": (".summary.json", "SINMUN_SUMMARY_PATH"),
}
#: Without any feed, side files go here.
DEFAULT_FOLDER = "output"


def is_local(uri: str) -> bool:
    """A path or file:// URI (a one-letter scheme is a Windows drive), as opposed to s3://, gs://, ftp://."""
    scheme = urlparse(uri).scheme
    return scheme in ("", "file") or len(scheme) == 1


def local_path(uri: str) -> Path:
    return Path(file_uri_to_path(uri) if uri.startswith("file:") else uri)


def is_templated(uri: str) -> bool:
    """A feed URI with `%(time)s`, `%(batch_id)d`, ...: it names a new file per run or per batch."""
    return "%(" in uri


def run_id(started: datetime) -> str:
    """The run's start written as Scrapy writes `%(time)s`, so side files sort and match their outputs."""
    return started.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace(":", "-")


def main_output(feeds: Mapping[str, Any]) -> str | None:
    """The first feed that is a file or an object (not stdout): the one side files follow."""
    for uri in map(str, feeds):
        if uri != "-" and not uri.startswith("stdout:"):
            return uri
    return None


def dataset_run_id(crawler: Any) -> str | None:
    """The run id of a crawl that appends to the dataset (its part files carry it), or None."""
    store = crawl_state(crawler)
    return store.run_id if store is not None else None


def side_file_uri(settings: Any, spider_name: str, kind: str, started: datetime, dataset_run: str | None = None) -> str:
    """Where this run's side file of `kind` (`rejects` or `summary`) goes: the one place that decides it.

    `out.parquet` -> `out.summary.json` beside it (`s3://b/out.parquet` -> `s3://b/out.summary.json`).
    A templated URI (`out/%(time)s.parquet`, batches) names many files in a folder that readers
    read whole, and polars and DuckDB refuse a folder holding anything but Parquet, hidden or
    `_` names included; so the side files go beside that folder, named for it and for the run's
    start: `out-2025-01-31T06-00-00+00-00.summary.json`. Without a feed, a run appends to the
    dataset: `DATASET/_sinmun/runs/RUN.summary.json`, RUN being `dataset_run` (the run id of its
    part files; else the start); without a dataset either, `output/SPIDER.KIND`.
    `SINMUN_REJECTS_PATH` / `SINMUN_SUMMARY_PATH` win when set.
    """
    suffix, setting = SIDE_FILES[kind]
    if configured := settings.get(setting):
        return str(configured)
    output = main_output(settings.getdict("FEEDS"))
    if output is None and (root := dataset_root(settings)) is not None:
        return str(side_files_dir(root) / f"{dataset_run or run_id(started)}{suffix}")
    if output is None:
        return str(Path(DEFAULT_FOLDER) / f"{spider_name}{suffix}")
    if is_local(output):
        return str(_side_path(local_path(output), spider_name, suffix, started))
    parsed = urlparse(output)
    return parsed._replace(path=str(_side_path(PurePosixPath(parsed.path), spider_name, suffix, started))).geturl()


def _side_path(output: PurePath, spider_name: str, suffix: str, started: datetime) -> PurePath:
    if not is_templated(str(output)):
        return output.with_name(f"{output.stem}{suffix}")
    folder = next(parent for parent in output.parents if not is_templated(str(parent)))
    if not folder.name:  # the template starts at the top (`%(time)s.parquet`): no folder to stand beside
        return folder / f"{spider_name}-{run_id(started)}{suffix}"
    return folder.with_name(f"{folder.name}-{run_id(started)}{suffix}")


# --- local files: complete or absent ------------------------------------------------------------


def failed_path(target: Path) -> Path:
    """Where a failed run's output of `target` is kept: hidden beside it, so readers skip it."""
    return target.with_name(f".{target.name}.failed")


def _partial_pattern(target: Path) -> str:
    return str(target.with_name(f".{glob.escape(target.name)}.*.partial"))


def _current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def remove_stale_partials(target: Path) -> list[Path]:
    """Remove the partial files of `target` that no live run holds (a killed run's leftovers)."""
    removed = []
    for candidate in map(Path, glob.glob(_partial_pattern(target))):
        try:
            fd = os.open(candidate, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a live run is writing it
        else:
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
        finally:
            os.close(fd)
    for path in removed:
        logger.info("Removed %s, left by an earlier run that did not finish", path)
    return removed


class PartialFile:
    """A hidden temporary file beside `target`, locked until it is published, kept as failed, or discarded.

    The lock (`flock`, released by the kernel when the process dies, even by `kill -9`) tells
    a later run which partials are stale.
    """

    def __init__(self, target: Path, path: Path, lock_fd: int, file: IO[bytes]):
        self.target = target
        self.path = path
        self.file = file
        self._lock_fd: int | None = lock_fd

    @classmethod
    def create(cls, target: Path) -> PartialFile:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(target)
        while True:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
            fcntl.flock(fd, fcntl.LOCK_EX)
            # Another run's cleanup may have removed the file between mkstemp and flock: then start again.
            try:
                if os.path.samestat(os.stat(name), os.fstat(fd)):
                    break
            except FileNotFoundError:
                pass
            os.close(fd)
        os.chmod(name, 0o666 & ~_current_umask())  # mkstemp's 0600 would outlive the rename
        # The lock lives on its own descriptor, so closing the written file does not release it.
        lock_fd = os.dup(fd)
        return cls(target, Path(name), lock_fd, os.fdopen(fd, "wb"))

    def publish(self) -> Path:
        """Rename the complete file into place under the target's name."""
        return self._settle(self.target)

    def keep_as_failed(self) -> Path:
        """Keep a failed run's output hidden beside the target (replacing an earlier failed one)."""
        return self._settle(failed_path(self.target))

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)
        self._release()

    def _settle(self, destination: Path) -> Path:
        self.file.close()
        os.replace(self.path, destination)
        self._release()
        return destination

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


# --- side files -----------------------------------------------------------------------------------


class SideFile:
    """A run's side file at `uri`: a `PartialFile` locally, else Scrapy's feed storage for the scheme.

    Side files are always written, also when the run failed: they say why. So for object
    storage this uses Scrapy's own storage classes (`FEED_STORAGES_BASE`: S3 through botocore,
    GCS, FTP, with their `AWS_*`/`GCS_*` settings), never a verdict-aware one.
    """

    def __init__(self, crawler: Any, spider: Any, uri: str):
        self.uri = uri
        self._partial: PartialFile | None = None
        self._storage: Any = None
        if is_local(uri):
            self._partial = PartialFile.create(local_path(uri))
            self.file: IO[bytes] = self._partial.file
        else:
            storage_class = load_object(crawler.settings.getdict("FEED_STORAGES_BASE")[urlparse(uri).scheme])
            self._storage = build_from_crawler(storage_class, crawler, uri, feed_options={"overwrite": True})
            self.file = self._storage.open(spider)

    def write_line(self, text: str) -> None:
        self.file.write(text.encode("utf-8") + b"\n")

    def close(self) -> Any:
        """Publish the file; returns a Deferred while an upload is still running."""
        if self._partial is not None:
            self._partial.publish()
            return None
        return self._storage.store(self.file)


# --- the run summary ------------------------------------------------------------------------------


def _prefixed(stats: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    return {key[len(prefix) :]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}


def summarise(stats: Mapping[str, Any], finish_reason: str, failure: str | None = None) -> dict[str, Any]:
    """The few numbers that tell whether a crawl worked, from Scrapy's stats and the run verdict.

    A run that appends to the dataset also says what it did there: `new` and `updated` articles
    (rows written: versions 1, and later versions), `unchanged` ones (not fetched again because the
    dataset holds them as they are, answered 304, or fetched with the stored text).
    """
    started = stats.get("start_time")
    elapsed = (datetime.now(timezone.utc) - started).total_seconds() if isinstance(started, datetime) else None
    in_dataset = "sinmun/dataset/run_id" in stats
    return {
        "ok": failure is None,
        "failure": failure,
        "exit_code": EXIT_OK if failure is None else EXIT_FAILED,
        "finish_reason": finish_reason,
        "articles": stats.get("item_scraped_count", 0),
        "dataset": stats.get("sinmun/dataset/path"),
        "run_id": stats.get("sinmun/dataset/run_id"),
        "new": stats.get("sinmun/dataset/new", 0) if in_dataset else None,
        "updated": stats.get("sinmun/dataset/updated", 0) if in_dataset else None,
        "unchanged": stats.get("sinmun/dataset/unchanged", 0) + stats.get("sinmun/discovery/unchanged", 0) if in_dataset else None,
        "rejected": stats.get("sinmun/rejected", 0),
        "rejected_by_reason": _prefixed(stats, "sinmun/rejected/"),
        "files_skipped_by_reason": _prefixed(stats, "sinmun/files/skipped/"),
        "pages_skipped_by_reason": _prefixed(stats, "sinmun/skipped/"),
        "discovery": _prefixed(stats, "sinmun/discovery/"),
        "unparsed_dates": _prefixed(stats, "sinmun/dates/unparsed/"),
        "requests": stats.get("downloader/request_count", 0),
        "responses_by_status": _prefixed(stats, "downloader/response_status_count/"),
        "errors": stats.get("log_count/ERROR", 0),
        "elapsed_seconds": round(elapsed, 3) if elapsed is not None else None,
        "started": run_id(started) if isinstance(started, datetime) else None,
        "rejects_path": stats.get("sinmun/rejects_path"),
    }


def summary_line(summary: Mapping[str, Any]) -> str:
    """The summary as one log line: what a scheduler's log shows for each run."""
    verdict = "ok" if summary["ok"] else f"failed ({summary['failure']})"
    if summary["run_id"] is not None:
        done = f"{summary['new']} new, {summary['updated']} updated, {summary['unchanged']} unchanged"
    else:
        done = f"{summary['articles']} article(s) written"
    elapsed = f"{summary['elapsed_seconds']:.1f} s" if summary["elapsed_seconds"] is not None else "? s"
    return (
        f"Run summary: {verdict}, {done}, {summary['rejected']} rejected, {summary['requests']} request(s), "
        f"{summary['errors']} error(s), {elapsed}, exit code {summary['exit_code']}"
    )


class RunSummary:
    """Writes the run summary (JSON) where `side_file_uri` says when the spider closes, failed runs included."""

    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunSummary:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> Any:
        stats = self.crawler.stats.get_stats()
        verdict = self.crawler.get_extension(RunVerdict)
        summary = summarise(stats, reason, verdict.failure if verdict else None)
        started = stats.get("start_time") or datetime.now(timezone.utc)
        uri = side_file_uri(self.crawler.settings, spider.name, "summary", started, dataset_run_id(self.crawler))
        side_file = SideFile(self.crawler, spider, uri)
        side_file.file.write(json.dumps(summary, indent=2, default=str).encode("utf-8") + b"\n")
        logger.info("%s; written to %s", summary_line(summary), side_file.uri)
        return side_file.close()
