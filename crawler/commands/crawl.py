"""`scrapy crawl` with exit codes a scheduler can trust: 0 the run worked, 1 it failed, 2 it was asked wrongly.

Scrapy's own command exits 0 whatever happened. This one takes the same options, refuses bad
spider arguments, impossible outputs (`-o` onto a Parquet file) and a dataset it cannot append to
(written by a newer sinmun, or being compacted) before the first request, and after the crawl
asks the `RunVerdict`. Whenever it exits non-zero it prints one line
saying why on stderr (also with `--nolog` or `--logfile`), for cron mail and the journal.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.arguments import validate_spider_arguments
from crawler.extensions import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run_verdict
from crawler.layout import DatasetBusy, DatasetError, DatasetLock, check_schema_version, dataset_root

logger = logging.getLogger(__name__)


def hold_dataset(settings: BaseSettings) -> DatasetLock | None:
    """The dataset a run without `-O` appends to, checked and held (shared, like every crawl) for the whole
    run, so a newer schema or a running compaction is refused before the engine starts; None with `-O`."""
    root = dataset_root(settings)
    if root is None:
        return None
    check_schema_version(root)
    lock = DatasetLock(root)
    lock.acquire_for_crawl(root)
    return lock


def dataset_outcome(error: DatasetError) -> tuple[int, str]:
    """A dataset that is busy fails the run (try again later); one the run cannot use is a usage error."""
    return (EXIT_FAILED, f"failed: {error}") if isinstance(error, DatasetBusy) else (EXIT_USAGE, f"error: {error}")


def feed_refusals(settings: BaseSettings) -> Iterator[str]:
    """Why a configured feed cannot be written, from its storage class's optional `refusal(uri, feed_options)`."""
    storages = settings.getwithbase("FEED_STORAGES")
    for uri, feed_options in settings.getdict("FEEDS").items():
        path = storages.get(urlparse(str(uri)).scheme) or storages.get("file")
        refusal = getattr(load_object(path), "refusal", None) if path else None
        if refusal is not None and (reason := refusal(str(uri), feed_options)):
            yield reason


class Command(ScrapyCrawlCommand):
    """Replaces Scrapy's `crawl` (COMMANDS_MODULE): same options, trustworthy exit code."""

    def __init__(self) -> None:
        super().__init__()
        self.bootstrap_error: BaseException | None = None

    def short_desc(self) -> str:
        return "Run a spider; exit 0 when the run worked, 1 when it failed, 2 when it could not start as asked"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        assert self.crawler_process is not None and self.settings is not None
        loader = self.crawler_process.spider_loader
        try:
            spidercls = loader.load(args[0])
        except KeyError:
            self.refuse(f"unknown spider {args[0]!r} (available: {', '.join(sorted(loader.list()))})")
            return
        try:
            validate_spider_arguments(spidercls, opts.spargs)
        except ValueError as error:
            self.refuse(str(error))
            return
        if reason := next(feed_refusals(self.settings), None):
            self.refuse(reason)
            return
        try:
            dataset = hold_dataset(self.settings)
        except DatasetError as error:
            self.exitcode, why = dataset_outcome(error)
            self.say(why)
            return
        try:
            crawler = self._create_crawler(spidercls)
            started = self.crawler_process.crawl(crawler, **opts.spargs)
            if isinstance(started, Deferred):
                started.addErrback(self.remember_bootstrap_failure)
            else:
                started.add_done_callback(self.remember_bootstrap_error)
            self.crawler_process.start()
        finally:
            if dataset is not None:
                dataset.release()
        self.exitcode, why = self.outcome(crawler)
        if why:
            self.say(why)

    def refuse(self, reason: str) -> None:
        self.exitcode = EXIT_USAGE
        self.say(f"error: {reason}")

    @staticmethod
    def say(line: str) -> None:
        print(f"sinmun crawl: {line}", file=sys.stderr, flush=True)

    def remember_bootstrap_error(self, task: asyncio.Task[None]) -> None:
        """Take the exception out of the task, so asyncio prints no "never retrieved" traceback."""
        if not task.cancelled():
            self.bootstrap_error = task.exception()

    def remember_bootstrap_failure(self, failure: Failure) -> None:
        self.bootstrap_error = failure.value

    def outcome(self, crawler: Any) -> tuple[int, str | None]:
        """The exit code and the one line that says why it is not 0."""
        if error := self.bootstrap_error:
            logger.debug("The crawl could not start", exc_info=error)
            if isinstance(error, DatasetError):  # the dataset changed hands between the check and the engine
                return dataset_outcome(error)
            if isinstance(error, (ValueError, UsageError)):  # a spider argument or a setting with a bad value
                return EXIT_USAGE, f"error: {error}"
            logger.error("The crawl could not start", exc_info=error)
            return EXIT_FAILED, f"failed: the crawl could not start: {type(error).__name__}: {error}"
        if self.crawler_process is not None and self.crawler_process.bootstrap_failed:
            return EXIT_FAILED, "failed: the crawl could not start (see the log)"
        verdict = run_verdict(crawler)
        if verdict is not None and verdict.failure:
            return EXIT_FAILED, f"failed: {verdict.failure}"
        stats = crawler.stats.get_stats()
        if any(key.startswith("feedexport/failed_count/") for key in stats):
            return EXIT_FAILED, "failed: the output could not be stored (see the log)"
        return EXIT_OK, None
