"""Rejected items are kept, not lost: every dropped item is written with its reason and counted.

Pipelines reject with `Rejected(code, detail)`; the `RejectsWriter` extension listens for
Scrapy's `item_dropped` signal (so it also catches a plain `DropItem` from any pipeline),
counts `sinmun/rejected/<code>` in the stats and appends the whole item as a JSON line to a
rejects file beside the output (local or object storage), published when the crawl closes.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timezone
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem

from pipelines.outputs import SideFile, dataset_run_id, side_file_uri

logger = logging.getLogger(__name__)


class Rejected(DropItem):
    """A drop with a short machine-readable `code` (used in stats) and a human `detail`."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class Skipped(DropItem):
    """An item left out on purpose (outside the requested date range or categories), not a fault.

    Counted as `sinmun/skipped/<code>`, logged at DEBUG, never written to the rejects file and
    never counted towards the reject ratio.
    """

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code, log_level="DEBUG")
        self.code = code
        self.detail = detail


def rejection_code(exception: BaseException) -> str:
    """The stats key for a drop: a `Rejected` code, or `dropped` for a plain `DropItem`."""
    return getattr(exception, "code", None) or "dropped"


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


class RejectsWriter:
    """Scrapy extension: writes dropped items and their reasons where `side_file_uri` says (beside the output)."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.stats = crawler.stats
        self.side_file: SideFile | None = None
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> RejectsWriter:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        started = self.stats.get_value("start_time") or datetime.now(timezone.utc)
        uri = side_file_uri(self.crawler.settings, spider.name, "rejects", started, dataset_run_id(self.crawler))
        self.side_file = SideFile(self.crawler, spider, uri)
        self.stats.set_value("sinmun/rejects_path", uri)

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any) -> None:
        if isinstance(exception, Skipped):
            self.stats.inc_value(f"sinmun/skipped/{exception.code}")
            return
        code = rejection_code(exception)
        self.stats.inc_value(f"sinmun/rejected/{code}")
        self.stats.inc_value("sinmun/rejected")
        self.count += 1
        adapter = ItemAdapter(item)
        record = {
            "url": adapter.get("url"),
            "reason": code,
            "detail": str(exception),
            "rejected_at": datetime.now(timezone.utc).isoformat(),
            "item": adapter.asdict(),
        }
        assert self.side_file is not None, "item dropped before spider_opened"
        self.side_file.write_line(json.dumps(record, ensure_ascii=False, default=_json_default))

    def spider_closed(self, spider: Any) -> Any:
        """Publish the rejects file (also when the run failed); a Deferred while an upload runs."""
        if self.side_file is None:
            return None
        if self.count:
            logger.warning("%d item(s) rejected; reasons and items in %s", self.count, self.side_file.uri)
        side_file, self.side_file = self.side_file, None
        return side_file.close()
