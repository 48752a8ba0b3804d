"""Scrapy item pipelines: thin wrappers that apply the pure text, boilerplate and date logic to Articles.

Order (see ITEM_PIPELINES): boilerplate -> dates -> validate -> deduplicate. Each stage does one
job; a stage that refuses an item raises `Rejected`, and the `RejectsWriter` keeps it. The two
that cost CPU, boilerplate and dates, run inside `ExtractStagesPipeline`, in the crawl's
extraction workers (`crawler.workers`) when it has them.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, tzinfo
from typing import Any

from itemadapter import ItemAdapter

from crawler.items import PRECISIONS, SOURCES
from crawler.sites import profile_named
from crawler.workers import ExtractionWorkers, worker_crawler
from pipelines.boilerplate import clean_body
from crawler.dates import NormalisedDate, find_dates, parse_date, resolve_zone
from pipelines.parquet import item_row, row_refusal
from pipelines.rejects import Rejected, Skipped
from crawler.text import UnparseableHTML, content_hash, valid_text

logger = logging.getLogger(__name__)


def _as_list(value: Any) -> list[Any]:
    """A list field's value as a list: a lone string is one name (not its characters), None is empty."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


class BoilerplatePipeline:
    """Turns the located body (HTML or raw text) into clean text and cleaned HTML, lifts term lines
    into fields and finds the dateline, through the same `clean_body` the extraction benchmark scores.

    Every text field is made valid first (`valid_text`: no lone surrogates or control characters;
    `body_html` as the parser reads it), so one odd character costs that character, not the article.
    A body that cannot be parsed whole is rejected as `unparseable-html`, never kept truncated.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name, value in list(adapter.items()):
            if isinstance(value, str) and name != "body_html":  # parsed from `valid_utf8`, the same repair
                adapter[name] = valid_text(value)
            elif isinstance(value, (list, tuple)):
                adapter[name] = [valid_text(part) if isinstance(part, str) else part for part in value]
        try:
            cleaned = clean_body(
                adapter.get("body"), adapter.get("body_html"), profile_named(adapter.get("site_family")), adapter.get("title")
            )
        except UnparseableHTML as error:
            adapter["body_html"] = valid_text(adapter["body_html"])  # kept with the reject
            raise Rejected("unparseable-html", f"{error} on {adapter.get('fetched_url') or adapter.get('url')}") from error
        adapter["body"] = cleaned.body
        adapter["body_html"] = cleaned.body_html
        adapter["categories"] = list(dict.fromkeys([*_as_list(adapter.get("categories")), *cleaned.categories]))
        adapter["tags"] = list(dict.fromkeys([*_as_list(adapter.get("tags")), *cleaned.tags]))
        adapter["dateline"] = cleaned.dateline
        return item


class DatesPipeline:
    """Normalises `published_raw` / `modified_raw` and finds the dates mentioned in the body.

    The zone for naive date-times comes from `SINMUN_SITE_TIMEZONES[site]`, else the spider's
    `timezone` attribute (`-a timezone=Asia/Pyongyang`), else `SINMUN_TIMEZONE`, else only
    what the text itself declares. An unparseable date keeps its raw text, is logged and counted;
    the article is not dropped.
    """

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.stats = crawler.stats
        self.default_timezone: str | None = crawler.settings.get("SINMUN_TIMEZONE")
        self.site_timezones: dict[str, str] = crawler.settings.getdict("SINMUN_SITE_TIMEZONES")

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatesPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        """Fail at start-up, not on the first article, when a configured zone does not exist."""
        names = [*self.site_timezones.values(), self.default_timezone, getattr(self.crawler.spider, "timezone", None)]
        for name in filter(None, names):
            resolve_zone(name)

    def _zone(self, site: str | None) -> tzinfo | None:
        spider_zone = getattr(self.crawler.spider, "timezone", None)
        return resolve_zone(self.site_timezones.get(site or "") or spider_zone or self.default_timezone or None)

    def _parse(self, raw: Any, field_name: str, url: str, zone: tzinfo | None) -> NormalisedDate | None:
        if not raw:
            return None
        try:
            parsed = parse_date(raw, tz=zone)
        except (ValueError, TypeError) as error:  # TypeError: not text; validation then rejects the item
            parsed, problem = None, str(error)
        else:
            problem = "no date found"
        if parsed is None:
            logger.warning("Unparseable %s %r on %s: %s", field_name, raw, url, problem)
            self.stats.inc_value(f"sinmun/dates/unparsed/{field_name}")
        return parsed

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        zone = self._zone(adapter.get("site"))
        published = self._parse(adapter.get("published_raw"), "published", adapter["url"], zone)
        if published is not None:
            adapter["published"] = published.date
            adapter["published_precision"] = published.precision
            # An instant the source gave exactly (REST date_gmt) wins over one derived from local text.
            if adapter.get("published_at") is None:
                adapter["published_at"] = published.instant
        modified = self._parse(adapter.get("modified_raw"), "modified", adapter["url"], zone)
        if modified is not None and adapter.get("modified_at") is None:
            adapter["modified_at"] = modified.instant
        reference: date | datetime | None = published.date if published else None
        adapter["date_mentions"] = [
            {
                "text": mention.text,
                "start": mention.start,
                "end": mention.end,
                "iso": mention.date.iso,
                "precision": mention.date.precision,
            }
            for mention in find_dates(adapter.get("body") or "", reference=reference, tz=zone)
        ]
        return item


class ValidatePipeline:
    """Rejects articles without a title or body, or with values the Arrow schema cannot hold
    (`row_refusal`: the table builder's refusals, without building a table per item)."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for required in ("url", "title", "body"):
            if not adapter.get(required):
                raise Rejected(f"missing-{required}", f"no {required} found on {adapter.get('fetched_url') or adapter.get('url')}")
        for name, allowed in (("source", SOURCES), ("published_precision", PRECISIONS)):
            if adapter.get(name) is not None and adapter[name] not in allowed:
                raise Rejected("schema", f"{name} {adapter[name]!r} is not one of {', '.join(allowed)}")
        adapter["content_hash"] = content_hash(adapter["body"])
        if (error := row_refusal(item_row(item))) is not None:
            raise Rejected("schema", str(error)) from error
        return item


class DeduplicatePipeline:
    """Drops a second article with a URL or a body already seen in this run.

    With `SINMUN_KEEP_VERSIONS` (the files spider: an archive holds many captures of a page) a
    URL seen with another body is a new version and kept; the same URL and body again is
    skipped as `same-version`.
    """

    def __init__(self, keep_versions: bool = False) -> None:
        self.keep_versions = keep_versions
        self.seen_urls: set[str] = set()
        self.seen_versions: set[tuple[str, str]] = set()
        self.seen_hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> DeduplicatePipeline:
        return cls(crawler.settings.getbool("SINMUN_KEEP_VERSIONS"))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, digest = adapter["url"], adapter["content_hash"]
        if self.keep_versions:
            if (url, digest) in self.seen_versions:
                raise Skipped("same-version", url)
            if self.seen_hashes.get(digest, url) != url:
                raise Rejected("duplicate-body", f"same body as {self.seen_hashes[digest]}")
            self.seen_versions.add((url, digest))
            self.seen_hashes[digest] = url
            return item
        if url in self.seen_urls:
            raise Rejected("duplicate-url", url)
        if digest in self.seen_hashes:
            raise Rejected("duplicate-body", f"same body as {self.seen_hashes[digest]}")
        self.seen_urls.add(url)
        self.seen_hashes[digest] = url
        return item


# --- the CPU-heavy stages, in place or in the crawl's extraction workers ---------------------------


def extract_stages(crawler: Any) -> list[Any]:
    """The CPU-heavy stages, in order, as `crawler` configures them."""
    return [BoilerplatePipeline(), DatesPipeline.from_crawler(crawler)]


def through_stages(stages: list[Any], item: Any) -> tuple[Any, tuple[str, str] | None]:
    """(`item` after `stages`, None), or (it as far as they got, (code, detail)) when one rejected it
    or failed on it: one item's failure costs that item, never the crawl."""
    try:
        for stage in stages:
            item = stage.process_item(item)
    except Rejected as rejected:
        return item, (rejected.code, rejected.detail)
    except Exception as error:
        adapter = ItemAdapter(item)
        return item, ("extraction-failed", f"{type(error).__name__}: {error} on {adapter.get('fetched_url') or adapter.get('url')}")
    return item, None


#: In a worker: the stages, built once from the crawl's settings.
_worker_stages: list[Any] = []


def through_worker_stages(item: Any) -> tuple[Any, tuple[str, str] | None]:
    """In an extraction worker: `through_stages` with the stages that worker built once."""
    if not _worker_stages:
        _worker_stages.extend(extract_stages(worker_crawler()))
    return through_stages(_worker_stages, item)


class ExtractStagesPipeline:
    """The boilerplate and dates stages, on the reactor's thread or in the crawl's extraction
    workers (`crawler.workers.ExtractionWorkers`, `SINMUN_EXTRACT_WORKERS`), so that the reactor's
    thread goes on downloading while they work.

    Items leave in the order they came. What a worker's stages count and log is counted and logged
    here; an item a stage rejects is rejected with the same code, and any other failure on an item
    (an error, a worker that died) rejects that item as `extraction-failed`.
    """

    def __init__(self, crawler: Any, workers: ExtractionWorkers):
        self.crawler = crawler
        self.workers = workers
        self.stages: list[Any] = []
        self._last_out: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractStagesPipeline:
        return cls(crawler, ExtractionWorkers.of(crawler))

    def open_spider(self) -> None:
        self.stages = extract_stages(self.crawler)
        for stage in self.stages:
            if hasattr(stage, "open_spider"):
                stage.open_spider()  # a zone that does not exist fails the crawl here, before any request

    async def process_item(self, item: Any) -> Any:
        if self.workers.in_place:
            item, rejection = through_stages(self.stages, item)
            if rejection is not None:
                raise Rejected(*rejection)
            return item
        previous, self._last_out = self._last_out, asyncio.get_running_loop().create_future()
        done = self._last_out
        try:
            try:
                result, rejection = await self.workers.run(through_worker_stages, item)
            except Exception as error:  # the worker failed (killed, or an answer it could not send): this item is lost, not the crawl
                result, rejection = item, ("extraction-failed", f"{type(error).__name__}: {error}")
            if previous is not None:
                await asyncio.shield(previous)
        finally:
            done.set_result(None)
        if result is not item:  # the item the rejects file keeps is the one the stages left
            ItemAdapter(item).update(ItemAdapter(result))
        if rejection is not None:
            raise Rejected(*rejection)
        return item
