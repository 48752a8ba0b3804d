"""Progress of a long crawl: a bar on a terminal, a log line every N seconds elsewhere (cron, systemd, files).

Counts articles handled (written, rejected or skipped) against `sinmun/discovery/expected` when
discovery knows the total (REST `X-WP-Total`, sitemap entries), with an ETA; without a total,
the count and the rate. tqdm draws the bar and computes rate and ETA for both forms: it is small,
has no dependencies and its `format_meter` gives the same figures as a plain log line.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from tqdm import tqdm

logger = logging.getLogger(__name__)

MODES = ("auto", "bar", "log", "off")
UNIT = " articles"
WITH_TOTAL = "{n_fmt}/{total_fmt}{unit} ({percentage:.0f}%), {rate_fmt}, ETA {remaining}"
WITHOUT_TOTAL = "{n_fmt}{unit}, {rate_fmt}"


def progress_line(done: int, total: int | None, elapsed: float) -> str:
    """`120/230 articles (52%), 3.00 articles/s, ETA 00:36`, or `120 articles, 3.00 articles/s`."""
    meter = tqdm.format_meter(done, total, elapsed, unit=UNIT, bar_format=WITH_TOTAL if total else WITHOUT_TOTAL)
    return " ".join(meter.split())


class _AboveTheBar(io.TextIOBase):
    """The console log handler's stream while the bar is shown: each record is printed above the bar."""

    def write(self, text: str) -> int:
        tqdm.write(text, file=sys.stderr, end="")
        return len(text)

    def flush(self) -> None:
        sys.stderr.flush()


class Progress:
    """Scrapy extension: `SINMUN_PROGRESS` = `auto` (a bar when stderr is a terminal, else log lines), `bar`, `log` or `off`.

    Log lines come every `SINMUN_PROGRESS_INTERVAL` seconds.
    """

    def __init__(self, crawler: Any, mode: str, interval: float):
        self.stats = crawler.stats
        self.mode = mode
        self.interval = interval
        self.started = time.monotonic()
        self.bar: tqdm | None = None
        self.task: Any = None
        self._console_handlers: list[tuple[logging.StreamHandler, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        mode = crawler.settings.get("SINMUN_PROGRESS", "auto")
        if mode not in MODES:
            raise ValueError(f"SINMUN_PROGRESS must be one of {', '.join(MODES)}, not {mode!r}")
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "log"
        if mode == "off":
            raise NotConfigured
        interval = crawler.settings.getfloat("SINMUN_PROGRESS_INTERVAL", 60.0)
        if interval <= 0:
            raise ValueError(f"SINMUN_PROGRESS_INTERVAL must be a positive number of seconds, not {interval:g}")
        progress = cls(crawler, mode, interval)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.item_handled, signal=signals.item_scraped)
        crawler.signals.connect(progress.item_handled, signal=signals.item_dropped)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    @property
    def done(self) -> int:
        return self.stats.get_value("item_scraped_count", 0) + self.stats.get_value("item_dropped_count", 0)

    @property
    def total(self) -> int | None:
        return self.stats.get_value("sinmun/discovery/expected") or None

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        if self.mode == "bar":
            self.bar = tqdm(total=self.total, unit=UNIT, file=sys.stderr, dynamic_ncols=True, desc=spider.name)
            for handler in logging.root.handlers:
                if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr:
                    self._console_handlers.append((handler, handler.setStream(_AboveTheBar())))
        else:
            self.task = create_looping_call(self.log_progress)
            self.task.start(self.interval, now=False)

    def item_handled(self) -> None:
        if self.bar is None:
            return
        if self.bar.total != self.total:
            self.bar.total = self.total
        self.bar.update(1)

    def log_progress(self) -> None:
        logger.info("Progress: %s", progress_line(self.done, self.total, time.monotonic() - self.started))

    def spider_closed(self, spider: Any) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        for handler, stream in self._console_handlers:
            handler.setStream(stream)
        self._console_handlers.clear()
