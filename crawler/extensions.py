"""Run summary: what a crawl did, as one log line for people and one JSON file for cron and notebooks."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy import signals

from pipelines.outputs import beside_output

logger = logging.getLogger(__name__)


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {key[len(prefix) :]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}


def summarise(stats: dict[str, Any], finish_reason: str) -> dict[str, Any]:
    """The few numbers that tell whether a crawl worked, from Scrapy's stats."""
    started = stats.get("start_time")
    elapsed = (datetime.now(timezone.utc) - started).total_seconds() if isinstance(started, datetime) else None
    return {
        "finish_reason": finish_reason,
        "articles": stats.get("item_scraped_count", 0),
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
        "rejects_path": stats.get("sinmun/rejects_path"),
    }


class RunSummary:
    """Writes `SINMUN_SUMMARY_PATH` (default: beside the output, `out.summary.json`) when the spider closes."""

    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunSummary:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Any, reason: str) -> None:
        summary = summarise(self.crawler.stats.get_stats(), reason)
        configured = self.crawler.settings.get("SINMUN_SUMMARY_PATH")
        path = Path(configured) if configured else beside_output(self.crawler.settings.getdict("FEEDS"), spider.name, ".summary.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.partial")
        temp.write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
        os.replace(temp, path)
        logger.info(
            "Run summary: %(articles)d article(s), %(rejected)d rejected, %(requests)d request(s), finish reason %(finish_reason)s",
            summary,
        )
        logger.info("Run summary written to %s", path)
