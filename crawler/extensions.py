"""The run verdict: whether a crawl worked, decided once from its stats, so the exit code, the summary and the output agree.

A run has failed when discovery failed (`sinmun/discovery/failure`, set by the spider, or every
discovery request failed), when it was interrupted (finish reason not `finished`: Ctrl-C,
a `CLOSESPIDER_*` limit, a shutdown), when discovery found articles but none was written, when
more than `SINMUN_MAX_REJECT_RATIO` of the items (written, rejected or left out on purpose) were rejected, or, for a spider that reports
no discovery stats (the `files` spider), when it wrote nothing and left nothing out on purpose.
Items left out on purpose (`sinmun/skipped/*`: out of range, other category, unchanged; pages that
answered 304 Not Modified; entries discovery did not fetch because the dataset holds them as they
are) count as handled.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from scrapy import signals

logger = logging.getLogger(__name__)

DEFAULT_MAX_REJECT_RATIO = 0.5

#: Exit codes of `scrapy crawl` (crawler/commands/crawl.py), also in the run summary.
EXIT_OK = 0
#: The crawl ran and failed: discovery failed, interrupted, nothing written, too many rejects, output not stored.
EXIT_FAILED = 1
#: The crawl could not start as asked: unknown spider, bad `-a`/`-s` value, `-o` onto a Parquet file, a dataset it cannot use.
EXIT_USAGE = 2


def _total(stats: Mapping[str, Any], prefix: str) -> int:
    return sum(value for key, value in stats.items() if key.startswith(prefix) and isinstance(value, int))


def _counts(stats: Mapping[str, Any], prefix: str) -> str:
    return ", ".join(f"{key[len(prefix) :]} {value}" for key, value in sorted(stats.items()) if key.startswith(prefix))


def judge_run(stats: Mapping[str, Any], reason: str, *, max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO) -> str | None:
    """Why the run failed, as one line for people and schedulers, or None when it worked."""
    if failure := stats.get("sinmun/discovery/failure"):
        return str(failure)
    if reason != "finished":
        return f"the crawl was interrupted (finish reason: {reason})"
    written = stats.get("item_scraped_count", 0)
    rejected = stats.get("sinmun/rejected", 0)
    # left out on purpose: out of range, other category, unchanged (also answered 304 Not Modified, or not fetched)
    skipped = _total(stats, "sinmun/skipped/") + stats.get("sinmun/dataset/not_modified", 0) + stats.get("sinmun/discovery/unchanged", 0)
    requests = stats.get("sinmun/discovery/requests")
    failed = stats.get("sinmun/discovery/failed", 0)
    if requests and failed >= requests:
        return f"every discovery request failed ({failed} of {requests})"
    # what was left out on purpose was read well enough to be judged: it counts as handled
    handled = written + rejected + skipped
    if rejected and rejected > max_reject_ratio * handled:
        where = f"; see {stats['sinmun/rejects_path']}" if stats.get("sinmun/rejects_path") else ""
        return (
            f"{rejected} of {handled} items were rejected ({_counts(stats, 'sinmun/rejected/')}), "
            f"more than SINMUN_MAX_REJECT_RATIO={max_reject_ratio:g}{where}"
        )
    if written or skipped:
        return None
    found = stats.get("sinmun/discovery/found", 0)
    if requests is not None and not found:
        return None  # the spider reports discovery: a surface that answered but listed nothing is its call
    if found:
        return f"discovery found {found} article(s) but none was written" + (f" ({rejected} rejected)" if rejected else "")
    if rejected:
        return f"no article was written ({rejected} rejected)"
    if unreadable := _counts(stats, "sinmun/files/skipped/"):
        return f"no article was written: nothing readable was found (skipped: {unreadable})"
    return "no article was written: the spider found nothing to read"


class RunVerdict:
    """Scrapy extension: judges the run when the spider closes, before the feed storages publish.

    It must come before Scrapy's `FeedExporter` in `EXTENSIONS` (a negative priority), so
    that `failure` is known when the storages ask it; the `crawl` command reads it for the
    exit code and `RunSummary` for `"ok"` and `"failure"`.
    """

    def __init__(self, stats: Any, max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO):
        if not 0 <= max_reject_ratio <= 1:
            raise ValueError(f"SINMUN_MAX_REJECT_RATIO must be between 0 and 1, not {max_reject_ratio}")
        self.stats = stats
        self.max_reject_ratio = max_reject_ratio
        self.judged = False
        self.failure: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunVerdict:
        ratio = crawler.settings.getfloat("SINMUN_MAX_REJECT_RATIO", DEFAULT_MAX_REJECT_RATIO)
        verdict = cls(crawler.stats, ratio)
        crawler.signals.connect(verdict.spider_closed, signal=signals.spider_closed)
        return verdict

    @property
    def ok(self) -> bool:
        return self.judged and self.failure is None

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.failure = judge_run(self.stats.get_stats(), reason, max_reject_ratio=self.max_reject_ratio)
        self.judged = True
        self.stats.set_value("sinmun/run/ok", self.failure is None)
        if self.failure:
            self.stats.set_value("sinmun/run/failure", self.failure)
            logger.error("The crawl failed: %s", self.failure)


def run_verdict(crawler: Any) -> RunVerdict | None:
    """The crawler's `RunVerdict`, or None when the extension is off or the crawler was never started."""
    try:
        return crawler.get_extension(RunVerdict)
    except RuntimeError:  # no extension manager yet: a storage used on its own, as in unit tests
        return None
