"""What a crawl is limited to (dates, categories), and the cheap tests a surface can make before fetching.

Pure functions and values, no Scrapy. The `wordpress` spider turns its arguments into a
`CrawlScope` and writes it into settings (`SINMUN_SINCE`, `SINMUN_UNTIL`, `SINMUN_MODIFIED_AFTER`,
`SINMUN_CATEGORIES`); each discovery surface skips what cannot be in scope with the clue it has
(a REST query, a sitemap `lastmod`, a feed date, a dated URL), and `pipelines.scope` decides
exactly on the extracted article, from the same settings. Bounds are "not before / not after",
so a later run can feed a previous run's high-water mark into them.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from urllib.parse import unquote, urlparse

#: Time zones lie within a day of UTC: an instant's UTC date is its local date give or take one day.
ZONE_SLACK = timedelta(days=1)
#: `/2021/10/` or `/2021/10/10/` in a WordPress permalink: the post's local publication date.
_DATED_PATH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?")


@dataclass(frozen=True)
class Bounds:
    """Inclusive "not before / not after" local date-times (the site's wall clock); either side may be open."""

    not_before: datetime | None = None
    not_after: datetime | None = None

    @classmethod
    def of_days(cls, since: date | None, until: date | None) -> Bounds:
        """Whole local calendar days, `since` to `until` inclusive."""
        return cls(
            datetime.combine(since, time.min) if since else None,
            datetime.combine(until, time(23, 59, 59)) if until else None,
        )

    def __bool__(self) -> bool:
        return self.not_before is not None or self.not_after is not None

    def excludes_days(self, first: date, last: date | None = None) -> bool:
        """True when every local day from `first` to `last` (default: `first` alone) is out of bounds."""
        last = last or first
        return bool(
            (self.not_before and last < self.not_before.date()) or (self.not_after and first > self.not_after.date())
        )

    def excludes_instant(self, moment: datetime) -> bool:
        """True when `moment` (with its offset) cannot fall inside the bounds, whatever the site's zone."""
        if moment.tzinfo is None:
            return self.excludes_days(moment.date())
        day = moment.astimezone(timezone.utc).date()
        return self.excludes_days(day - ZONE_SLACK, day + ZONE_SLACK)

    def starting_from(self, moment: datetime) -> Bounds:
        """These bounds, starting at `moment` unless they already start later (or might: within a zone's reach)."""
        keep = self.not_before is not None and not surely_later(moment, self.not_before)
        return Bounds(self.not_before if keep else moment, self.not_after)

    def months(self, today: date) -> list[tuple[int, int]]:
        """The (year, month) pairs the bounds touch, up to `today` when open-ended; needs `not_before`."""
        assert self.not_before is not None, "an open start has no first month"
        first = self.not_before.date()
        last = min(self.not_after.date(), today) if self.not_after else today
        months = []
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def slugify(name: str) -> str:
    """The slug WordPress derives from a term name (`Science & Technology` -> `science-technology`)."""
    text = unicodedata.normalize("NFKD", html.unescape(name))
    text = unicodedata.normalize("NFC", "".join(char for char in text if not unicodedata.combining(char))).casefold()
    return "-".join(re.findall(r"\w+", text.replace("_", " ")))


def term_keys(name: str, slug: str | None = None) -> set[str]:
    """What a category answers to: its name and its slug, case-folded (percent-encoded slugs decoded)."""
    return {" ".join(html.unescape(name).split()).casefold(), unquote(slug or slugify(name)).casefold()}


def category_matches(wanted: Iterable[str], name: str, slug: str | None = None) -> bool:
    """The one matching rule for `-a category=`: a wanted name or slug equals the term's, ignoring case."""
    keys = term_keys(name, slug)
    return any(" ".join(item.split()).casefold() in keys for item in wanted)


def dated_span(url: str) -> tuple[date, date] | None:
    """The local days a dated permalink (`/2021/10/10/slug/`, `/2021/10/slug/`) can have been published on."""
    match = _DATED_PATH.search(urlparse(url).path)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None and month is not None
    if day is not None:
        try:
            return (date(year, month, day),) * 2
        except ValueError:
            return None
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), next_month - timedelta(days=1)


def surely_later(moment: datetime, than: datetime) -> bool:
    """Whether `moment` is later than `than` whatever the site's zone (a naive value is the site's wall clock)."""
    if (moment.tzinfo is None) == (than.tzinfo is None):
        return moment > than
    as_utc = [value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value for value in (moment, than)]
    return as_utc[0] - ZONE_SLACK > as_utc[1]


def parse_instant(text: str | None) -> datetime | None:
    """An ISO 8601 / W3C date-time (a sitemap `lastmod`, an Atom date), or None when it is not one."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class CrawlScope:
    """The limits of one crawl: when posts were published, when they were last modified, their categories,
    and whether published pages are collected as well as posts."""

    published: Bounds = field(default_factory=Bounds)
    modified: Bounds = field(default_factory=Bounds)
    categories: tuple[str, ...] = ()
    pages: bool = False

    def to_settings(self) -> dict[str, Any]:
        """The scope as the settings `pipelines.scope` reads (ISO strings, so `-s` can set them too)."""
        since, until = self.published.not_before, self.published.not_after
        return {
            "SINMUN_SINCE": since.date().isoformat() if since else None,
            "SINMUN_UNTIL": until.date().isoformat() if until else None,
            "SINMUN_MODIFIED_AFTER": self.modified.not_before.isoformat() if self.modified.not_before else None,
            "SINMUN_CATEGORIES": list(self.categories),
            "SINMUN_INCLUDE_PAGES": self.pages,
        }

    @property
    def coverage(self) -> str:
        """What a run of this scope lists, as a key: runs of one coverage share a high-water mark
        (`crawler.state.StateStore.high_water_mark`), so a backfill of 2021 never makes a whole-site
        run skip what 2021 did not list."""
        settings = self.to_settings()
        settings["SINMUN_CATEGORIES"] = sorted({" ".join(name.split()).casefold() for name in self.categories})
        return json.dumps(settings, sort_keys=True)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> CrawlScope:
        """The scope the settings describe; a bad value raises ValueError naming the setting."""

        def day(name: str) -> date | None:
            value = settings.get(name)
            if not value:
                return None
            try:
                return value if isinstance(value, date) else date.fromisoformat(str(value))
            except ValueError:
                raise ValueError(f"{name}={value!r} is not a date (expected e.g. 2021-10-10)") from None

        modified_after = settings.get("SINMUN_MODIFIED_AFTER")
        modified = parse_instant(str(modified_after)) if modified_after else None
        if modified_after and modified is None:
            raise ValueError(f"SINMUN_MODIFIED_AFTER={modified_after!r} is not a date or date-time")
        categories = settings.get("SINMUN_CATEGORIES") or ()
        if isinstance(categories, str):
            categories = categories.split(",")
        since, until = day("SINMUN_SINCE"), day("SINMUN_UNTIL")
        if since and until and since > until:
            raise ValueError(f"SINMUN_SINCE={since.isoformat()} is after SINMUN_UNTIL={until.isoformat()}: the range is empty")
        pages = settings.get("SINMUN_INCLUDE_PAGES") or False
        if not isinstance(pages, bool):
            pages = str(pages).strip().lower() in ("1", "true", "yes", "on")
        return cls(
            published=Bounds.of_days(since, until),
            modified=Bounds(not_before=modified),
            categories=tuple(name.strip() for name in categories if name.strip()),
            pages=pages,
        )
