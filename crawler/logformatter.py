"""Log a dropped or failed item as one line (its URL and the reason), never the whole item.

Scrapy's `LogFormatter` prints every field of a dropped item, bodies included; the item itself
is kept in the rejects file, so the log only needs to say which one and why.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.logformatter import LogFormatter, LogFormatterResult


def item_url(item: Any, response: Any) -> str:
    """The item's `url`, else the URL of the response it came from."""
    url = ItemAdapter(item).get("url") if is_item(item) else None
    return str(url or getattr(response, "url", None) or "an item without URL")


class OneLineLogFormatter(LogFormatter):
    """Scrapy's formatter with dropped items and item errors as `URL: reason` lines."""

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        entry = super().dropped(item, exception, response, spider)  # keeps the level (`DropItem.log_level`)
        return {**entry, "msg": "Dropped %(url)s: %(exception)s", "args": {"url": item_url(item, response), "exception": exception}}

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> LogFormatterResult:
        entry = super().item_error(item, exception, response, spider)
        return {**entry, "msg": "Error processing %(url)s", "args": {"url": item_url(item, response)}}
