"""Scrapy item pipelines: thin wrappers that apply the pure text, boilerplate and date logic to Articles.

Order (see ITEM_PIPELINES): boilerplate -> dates -> validate -> deduplicate. Each stage does one
job; a stage that refuses an item raises `Rejected`, and the `RejectsWriter` keeps it. The two
that cost CPU, boilerplate and dates, run inside `ExtractStagesPipeline`, in worker processes
beside the crawl.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, tzinfo
from types import SimpleNamespace
from typing import Any

from itemadapter import ItemAdapter
from scrapy.settings import Settings

from crawler.items import PRECISIONS, SOURCES
from crawler.sites import profile_named
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

    Every text field is made valid first (`valid_text`: no lone surrogates or control characters),
    so one odd character costs that character, not the article. A body that cannot be parsed
    whole is rejected as `unparseable-html`, never kept truncated.
    """

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name, value in list(adapter.items()):
            if isinstance(value, str):
                adapter[name] = valid_text(value)
            elif isinstance(value, (list, tuple)):
                adapter[name] = [valid_text(part) if isinstance(part, str) else part for part in value]
        try:
            cleaned = clean_body(
                adapter.get("body"), adapter.get("body_html"), profile_named(adapter.get("site_family")), adapter.get("title")
            )
        except UnparseableHTML as error:
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


# --- the CPU-heavy stages in worker processes ---------------------------------------------------


class _Counts(Counter):
    """The stats a worker's stages count, handed back with each item (`inc_value` is all they use)."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] += count


class _KeptRecords(logging.Handler):
    """What a worker's stages log, as (logger, level, message), to be logged again by the crawl."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


#: A worker's stages, counts and log, made once by `_start_worker`.
_worker = SimpleNamespace(stages=[], counts=_Counts(), log=_KeptRecords())


def extract_stages(crawler: Any) -> list[Any]:
    """The CPU-heavy stages, in order, as `crawler` configures them."""
    return [BoilerplatePipeline(), DatesPipeline.from_crawler(crawler)]


def _start_worker(settings: dict[str, Any], spider_timezone: str | None, log_level: int) -> None:
    crawler = SimpleNamespace(settings=Settings(settings), stats=_worker.counts, spider=SimpleNamespace(timezone=spider_timezone))
    _worker.stages = extract_stages(crawler)
    root = logging.getLogger()
    root.handlers[:] = [_worker.log]
    root.setLevel(log_level)


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


def _run_stages(item: Any) -> tuple[Any, tuple[str, str] | None, dict[str, int], list[tuple[str, int, str]]]:
    """In a worker: `through_stages`, with what the stages counted and logged."""
    item, rejection = through_stages(_worker.stages, item)
    counts = dict(_worker.counts)
    _worker.counts.clear()
    records, _worker.log.records = _worker.log.records, []
    return item, rejection, counts, records


def extract_workers(settings: Any) -> int:
    """`SINMUN_EXTRACT_WORKERS`; for `auto` (or None), the processors this process may use less one
    (the crawl's), at least 1."""
    configured = settings.get("SINMUN_EXTRACT_WORKERS")
    if configured not in (None, "", "auto"):
        try:
            return max(0, int(configured))
        except (TypeError, ValueError):
            raise ValueError(f"SINMUN_EXTRACT_WORKERS must be a number of processes or auto, not {configured!r}") from None
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, usable - 1)


class ExtractStagesPipeline:
    """The boilerplate and dates stages, here on the reactor's thread, or in `SINMUN_EXTRACT_WORKERS`
    worker processes so that the reactor's thread goes on downloading while they work.

    Items leave in the order they came. What a worker's stages count and log is counted and logged
    here; an item a stage rejects is rejected with the same code, and any other failure on an item
    (an error, a worker that died) rejects that item as `extraction-failed`.
    """

    def __init__(self, crawler: Any, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.stages: list[Any] = []
        self.pool: ProcessPoolExecutor | None = None
        self._last_out: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractStagesPipeline:
        return cls(crawler, extract_workers(crawler.settings))

    def open_spider(self) -> None:
        self.stages = extract_stages(self.crawler)
        for stage in self.stages:
            if hasattr(stage, "open_spider"):
                stage.open_spider()  # a zone that does not exist fails the crawl here, before any request
        if not self.workers:
            return
        settings = {name: value for name, value in self.crawler.settings.copy_to_dict().items() if name.startswith("SINMUN_")}
        log_level = logging.getLevelName(self.crawler.settings.get("LOG_LEVEL", "INFO"))
        self.pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),  # a fork of a process running a reactor and threads is not safe
            initializer=_start_worker,
            initargs=(settings, getattr(self.crawler.spider, "timezone", None), log_level),
        )
        for _ in range(self.workers):  # start the workers while the first listings download
            self.pool.submit(int)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if self.pool is None:
            item, rejection = through_stages(self.stages, item)
            if rejection is not None:
                raise Rejected(*rejection)
            return item
        previous, self._last_out = self._last_out, asyncio.get_running_loop().create_future()
        done = self._last_out
        try:
            try:
                result, rejection, counts, records = await asyncio.wrap_future(self.pool.submit(_run_stages, item))
            except Exception as error:  # the pool itself failed (a worker killed): this item is lost to it, not the crawl
                result, rejection, counts, records = item, ("extraction-failed", f"{type(error).__name__}: {error}"), {}, []
            if previous is not None:
                await asyncio.shield(previous)
        finally:
            done.set_result(None)
        for key, count in counts.items():
            self.crawler.stats.inc_value(key, count)
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if result is not item:  # the item the rejects file keeps is the one the stages left
            ItemAdapter(item).update(ItemAdapter(result))
        if rejection is not None:
            raise Rejected(*rejection)
        return item
