"""A page's publication date, from the most to the least trustworthy source that states it.

The cascade: the family's own date selectors, JSON-LD of any CreativeWork type, the meta names in
use, a `<time>` (or `abbr[title]`, `itemprop=datePublished`) inside the article, the URL's date
path, the byline by the title, and last htmldate's own page-wide search. The first source
that gives a plausible day wins, with two corrections: a Juche date by the title is the publisher's
own and wins over a disagreeing machine date, and a UTC instant yields to the publisher's local day
when the page states that day (an evening story in New York is stamped with the next UTC day).
`published_raw` keeps the winning source's text verbatim (htmldate's ISO day, the URL's date).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree
from parsel import Selector

from crawler.sites.selectors import PageIndex, texts
from crawler.dates import NormalisedDate, find_dates, parse_date
from crawler.text import is_furniture

#: Meta names and properties that carry a publication date (lower-cased), most specific first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "date_published",
    "publish_date",
    "publish-date",
    "publishdate",
    "published_date",
    "published-date",
    "published_time",
    "publication_date",
    "pubdate",
    "og:pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dc:date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "dc.created",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "article.published",
    "date",
    "created",
)
_META_RANK = {name: rank for rank, name in enumerate(PUBLISHED_META)}
#: Meta names and properties that carry the date of the last update (lower-cased).
MODIFIED_META = frozenset(
    {"article:modified_time", "og:updated_time", "article:modified", "datemodified", "date_modified", "lastmod",
     "last-modified", "dcterms.modified", "dc.date.modified"}
)
#: JSON-LD types that are not the page's content, whose dates belong to something else.
_NOT_CONTENT = {"WebSite", "Organization", "Person", "BreadcrumbList", "ImageObject", "SiteNavigationElement", "Comment"}
_ARTICLE_WORDS = ("Article", "Posting", "Report", "NewsArticle", "Blog")
#: A date in the URL's path: /2012/05/31/, /2012-05-31-slug, /20120531/.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?=/|[-_.]|$)")
#: Nothing was published on the web before this; a date before it is a placeholder (0001-01-01).
_EARLIEST = date(1993, 1, 1)
#: How many elements after the title may hold its byline, and how much of each is read.
_BYLINE_REACH = 40
_BYLINE_CHARACTERS = 300


@dataclass(frozen=True)
class FoundDate:
    """A publication date as one source states it."""

    raw: str
    source: str
    value: NormalisedDate


@lru_cache(maxsize=256)
def _parsed(raw: str) -> NormalisedDate | None:
    """`parse_date(raw)`, once for a value a page states in several places (its meta tags, JSON-LD,
    `<time>` and byline often carry the same string: nine values, two distinct, on a WordPress page)."""
    return parse_date(raw)


def _plausible(raw: str | None, source: str, latest: date) -> FoundDate | None:
    """`raw` as a found date when it parses to a day in the web's lifetime; else None."""
    if not raw or not isinstance(raw, str) or not raw.strip():
        return None
    raw = " ".join(raw.split())[:200]
    try:
        value = _parsed(raw)
    except ValueError:
        return None
    if value is None or value.precision not in ("day", "datetime") or not _EARLIEST <= value.date <= latest:
        return None
    return FoundDate(raw, source, value)


def _types(node: dict[str, Any]) -> set[str]:
    found = node.get("@type")
    values = found if isinstance(found, list) else [found]
    return {value for value in values if isinstance(value, str)}


def json_ld_dates(nodes: Iterable[dict[str, Any]], key: str) -> list[str]:
    """`key` of every JSON-LD object of a content type, article types first."""
    ranked: list[tuple[int, str]] = []
    for node in nodes:
        types = _types(node)
        value = node.get(key)
        if not isinstance(value, str) or types & _NOT_CONTENT:
            continue
        is_article = any(word in kind for kind in types for word in _ARTICLE_WORDS)
        ranked.append((0 if is_article else 1, value))
    return [value for _, value in sorted(ranked, key=lambda pair: pair[0])]


_DATE_PUBLISHED = etree.XPath(".//@itemprop[. = 'datePublished']/..")  # the attribute axis: see crawler.sites.selectors


def _meta_dates(index: PageIndex) -> tuple[list[str], list[str]]:
    """Publication dates in `<meta content>` (name, property or itemprop), in `PUBLISHED_META`
    order, and the update dates (`MODIFIED_META`), in page order."""
    found: list[tuple[int, str]] = []
    modified: list[str] = []
    for meta in (meta for meta in index.in_document("meta") if meta.get("content") is not None):
        for attribute in ("property", "name", "itemprop"):
            name = (meta.get(attribute) or "").strip().lower()
            if name in _META_RANK:
                found.append((_META_RANK[name], meta.get("content")))
            elif name in MODIFIED_META:
                modified.append(meta.get("content"))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])], modified


#: Class words of a `<time>` that shows when the article was updated, not published.
_UPDATED_CLASS = re.compile(r"updated|modified|actualiza|aktualisiert|mis-a-jour|atualiza|aggiorna", re.IGNORECASE)


def _microdata_dates(scope: etree._Element) -> Iterator[str]:
    """`itemprop=datePublished` inside `scope`: the article's own statement of its publication."""
    for element in _DATE_PUBLISHED(scope):
        yield element.get("datetime") or element.get("content") or element.text_content()


def _element_dates(scope: etree._Element, index: PageIndex) -> Iterator[str]:
    """Machine dates on elements inside `scope` that do not say they are updates: `<time datetime>`,
    then hAtom's `<abbr title>` classed `published` or `date` (anywhere in the class). They are taken
    from the page's few `<time>` and `<abbr>` in its `index`, not found by walks of all of `scope`."""
    for element in index.in_document("time"):
        if element.get("datetime") is not None and _inside(element, scope) and not _UPDATED_CLASS.search(element.get("class") or ""):
            yield element.get("datetime")
    for element in index.in_document("abbr"):
        classes = element.get("class") or ""
        if element.get("title") is not None and ("published" in classes or "date" in classes) and _inside(element, scope):
            yield element.get("title")


def _inside(element: etree._Element, scope: etree._Element) -> bool:
    return any(ancestor is scope for ancestor in element.iterancestors())


def url_date(url: str) -> str | None:
    """The date in a URL's path as ISO text ("2012-05-31"), or None."""
    match = _URL_DATE.search(url)
    return f"{match[1]}-{match[3]}-{match[4]}" if match else None


#: Classes and ids of the elements that hold a byline or a visible date.
_BYLINE_WORDS = r"dat(?:e|um|a)|time|byline|meta|posted|publish|info|author|fecha"
_BYLINE = re.compile(_BYLINE_WORDS, re.IGNORECASE)
#: `_BYLINE` for lower-cased ASCII, where IGNORECASE folds nothing the lowering did not: sre folds
#: the case of every character it tries, which cost seven times the search.
_BYLINE_LOWER = re.compile(_BYLINE_WORDS)


def _names_byline(words: str) -> bool:
    """Whether `words` (an element's class, id and itemprop) name a byline or a date."""
    found = _BYLINE_LOWER.search(words.lower()) if words.isascii() else _BYLINE.search(words)
    return found is not None


def _elements_after(element: etree._Element, count: int) -> list[etree._Element]:
    """The first `count` elements after `element`'s start in page order (its own, then the ones
    following it): walked only that far, where XPath's `following::*` gathers the rest of the page."""
    found = list(islice(element.iterdescendants(etree.Element), count))
    current: etree._Element | None = element
    while current is not None and len(found) < count:
        for sibling in current.itersiblings(etree.Element):
            found.extend(islice(sibling.iter(etree.Element), count - len(found)))
            if len(found) >= count:
                break
        current = current.getparent()
    return found


def _elements_before(element: etree._Element, count: int) -> list[etree._Element]:
    """The last `count` elements before `element` in page order (its ancestors and the elements
    before it), in page order: walked back only that far."""
    found: list[etree._Element] = []
    current = element
    while len(found) < count:
        previous = next(current.itersiblings(etree.Element, preceding=True), None)
        if previous is None:
            current = current.getparent()
            if current is None:
                break
        else:  # the last element inside the previous sibling comes just before
            while (last := next(previous.iterchildren(etree.Element, reversed=True), None)) is not None:
                previous = last
            current = previous
        found.append(current)
    return found[::-1]


def byline_text(title_element: etree._Element | None) -> str:
    """The text of byline and date elements just after the title (else just before it): where a
    page shows its own date, as opposed to an event date in the article or today's date in a header."""
    if title_element is None:
        return ""
    after = _elements_after(title_element, _BYLINE_REACH)
    before = _elements_before(title_element, _BYLINE_REACH // 4)
    for stretch in (after, before):
        texts = [
            " ".join(element.text_content().split())[:_BYLINE_CHARACTERS]
            for element in stretch
            if element.tag == "time" or _names_byline(f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}")
        ]
        if texts:
            return "\n".join(texts)
    return ""


def _visible_dates(text: str, latest: date) -> list[FoundDate]:
    return [
        FoundDate(mention.text, "text", mention.date)
        for mention in find_dates(text)
        if mention.date.precision in ("day", "datetime") and _EARLIEST <= mention.date.date <= latest
    ]


#: Links to the previous and next posts: their URLs carry those posts' dates.
_NEIGHBOUR_RELS = frozenset({"prev", "next"})


def _is_neighbour_link(element: etree._Element) -> bool:
    """A `<link>` or `<a>` with `rel=prev` or `rel=next` (read as attributes: an XPath per element of
    the page cost more than htmldate's search)."""
    return element.tag in ("link", "a") and element.get("rel") in _NEIGHBOUR_RELS


#: Furniture holding more than this share of the page's words is the article's own container.
_ARTICLE_SHARE = 0.5


def _htmldate(root: etree._Element, url: str, latest: date, title_element: etree._Element | None) -> FoundDate | None:
    """htmldate's page-wide search, for pages that state their date nowhere structured.

    It reads a copy without scripts and styles (their dates are code, JSON-LD was read above, and a
    megabyte of script would make its text search slow) nor furniture (sidebars, widgets, comments,
    related boxes, navigation, links to the previous and next posts), whose dates and links are
    other pages' and readers'; furniture that holds the title or most of the page's words holds the
    article (a theme that puts everything in a widget) and stays.
    """
    from htmldate import find_date

    holds_title = {title_element, *title_element.iterancestors()} if title_element is not None else set()
    page_words = len(root.text_content().split())
    furniture: set[etree._Element] = set()
    walk = etree.iterwalk(root, events=("start",))
    for _, element in walk:
        if (
            isinstance(element.tag, str)
            and element not in holds_title
            and (_is_neighbour_link(element) or is_furniture(element))
            and len(element.text_content().split()) <= _ARTICLE_SHARE * page_words
        ):
            furniture.add(element)
            walk.skip_subtree()  # what is inside goes with it
    page = copy.deepcopy(root)
    # the copy's elements in the same order as the page's: each found by its place, not by a path
    for element in [copied for original, copied in zip(root.iter(), page.iter()) if original in furniture]:
        if element.getparent() is not None:  # the root itself, on a page without words, stays
            element.drop_tree()
    etree.strip_elements(page, "script", "style", "noscript", "template", with_tail=False)
    try:
        found = find_date(page, url=url, original_date=True, extensive_search=False, max_date=latest.isoformat())
    except (ValueError, TypeError):
        return None
    return _plausible(found, "htmldate", latest)


#: Zones of language-region tags whose country keeps one time zone, for reading a UTC instant as the
#: publisher's day. Countries spanning zones (en-US, es-MX, pt-BR, ru...) are left out: no guess.
_REGION_ZONES = {
    "de-de": "Europe/Berlin", "de-at": "Europe/Vienna", "de-ch": "Europe/Zurich", "fr-fr": "Europe/Paris",
    "it-it": "Europe/Rome", "nl-nl": "Europe/Amsterdam", "es-es": "Europe/Madrid", "pl-pl": "Europe/Warsaw",
    "en-gb": "Europe/London", "ko-kr": "Asia/Seoul", "ko-kp": "Asia/Pyongyang", "ja-jp": "Asia/Tokyo",
}


def publisher_zone(language: str | None, family_zone: str | None) -> ZoneInfo | None:
    """The publisher's zone: the family's, else the one zone of the page's declared country."""
    name = family_zone or _REGION_ZONES.get((language or "").lower())
    return ZoneInfo(name) if name else None


def _is_utc_instant(found: FoundDate) -> bool:
    local = found.value.local
    return found.value.precision == "datetime" and (local is None or local.utcoffset() == timedelta(0))


#: A date-time with seconds anywhere in a page's source (scripts and attributes included), with
#: its offset when it states one.
#: (No look-behind before the year: a pattern opening on a character set is scanned for fast.)
_SOURCE_DATETIME = re.compile(
    r"([12][09][0-9]{2}-[01][0-9]-[0-3][0-9])[T ]([0-2][0-9]:[0-5][0-9]:[0-5][0-9])(?:\.[0-9]+)?"
    r"(Z|[+-][0-2][0-9]:?[0-5][0-9])?(?![0-9])"
)
#: How far from UTC a publisher's wall clock can be.
_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))


def _near_instants(source: str, instants: list[datetime]) -> Iterator[re.Match[str]]:
    """The `_SOURCE_DATETIME`s of `source` on an instant's UTC day or the day before or after (no
    offset puts one further), in source order: the days are found by `str.find`, where a scan of the
    whole page for every date-time cost as much as the rest of the date cascade. Each month's days
    are found in one `find` of the month ("2019-11-"), where one a day read the page three times."""
    days = {(instant.astimezone(timezone.utc).date() + timedelta(days=shift)).isoformat() for instant in instants for shift in (-1, 0, 1)}
    months = {day[:8] for day in days}
    starts = sorted(start for month in months for start in _occurrences(source, month) if source[start : start + 10] in days)
    end = 0
    for start in starts:
        if start >= end and (match := _SOURCE_DATETIME.match(source, start)):
            end = match.end()
            yield match


def _occurrences(text: str, word: str) -> Iterator[int]:
    start = text.find(word)
    while start != -1:
        yield start
        start = text.find(word, start + 1)


def stated_offset(source: str, instants: list[datetime]) -> timezone | None:
    """The publisher's offset, as the page's source shows it for one of the page's own UTC `instants`
    (published or updated): the same instant written at another offset (an analytics tag, a visible
    `<time>`), else the same wall-clock minutes and seconds written without an offset, a whole
    number of hours away. None when the source shows neither."""
    naive: timedelta | None = None
    for match in _near_instants(source, instants):
        if match.start() and source[match.start() - 1].isdigit():
            continue
        try:
            clock = datetime.fromisoformat(f"{match[1]}T{match[2]}")
            stated = datetime.fromisoformat(f"{match[1]}T{match[2]}{match[3]}") if match[3] and match[3] != "Z" else None
        except ValueError:
            continue
        for instant in instants:
            if stated is not None and stated.utcoffset() != timedelta(0) and stated == instant:
                return timezone(stated.utcoffset())
            if match[3] is None and naive is None:
                shift = clock - instant.replace(tzinfo=None)
                if shift and shift.total_seconds() % 3600 == 0 and _OFFSETS[0] <= shift <= _OFFSETS[1]:
                    naive = shift
    return timezone(naive) if naive is not None else None


def _at_offset(found: FoundDate, zone: tzinfo) -> FoundDate:
    """`found`'s instant at the publisher's `zone`."""
    assert found.value.instant is not None
    local = found.value.instant.astimezone(zone).isoformat()
    return FoundDate(local, found.source, parse_date(local) or found.value)


def _publisher_day(
    chosen: FoundDate, others: list[FoundDate], zone: ZoneInfo | None, source: str, updates: list[FoundDate]
) -> FoundDate:
    """The publisher's local day for a UTC instant: the publisher's zone, the same instant at
    another source's offset, the offset the page's source shows for its own dates, or a visible date
    a day before or after (as zones allow); else the UTC day."""
    if not _is_utc_instant(chosen) or chosen.value.instant is None:
        return chosen
    if zone is not None:
        return _at_offset(chosen, zone)
    for other in others:
        if other.value.local is not None and other.value.local.utcoffset() not in (None, timedelta(0)):
            if other.value.instant is not None and abs(other.value.instant - chosen.value.instant) <= timedelta(minutes=1):
                return other
    instants = [found.value.instant for found in (chosen, *updates) if _is_utc_instant(found) and found.value.instant]
    offset = stated_offset(source, instants) if source else None
    if offset is not None:
        return _at_offset(chosen, offset)
    hour = chosen.value.local.hour if chosen.value.local is not None else 12
    for other in others:
        if other.source == "text" and other.value.date != chosen.value.date:
            shift = (other.value.date - chosen.value.date).days
            # the Americas are behind UTC (an early UTC hour was yesterday there), Asia ahead
            if (shift == -1 and hour < 12) or (shift == 1 and hour >= 12):
                return other
    return chosen


def _first_publication(chosen: FoundDate, structured: list[FoundDate], updates: list[FoundDate]) -> FoundDate:
    """`chosen`, unless it is the page's update date stated as its publication date (a CMS that
    rewrites `datePublished` on every edit) while another source that states publication gives an
    earlier day in its first value (its later values may be other posts'): that is the first
    publication."""
    updated = {found.value.instant or found.value.date for found in updates}
    if (chosen.value.instant or chosen.value.date) not in updated:
        return chosen
    firsts = {found.source: found for found in reversed(structured)}
    earlier = [
        found
        for found in firsts.values()
        if found.source in _PUBLICATION_SOURCES and found.source != chosen.source and found.value.date < chosen.value.date
    ]
    return min(earlier, key=lambda found: structured.index(found)) if earlier else chosen


#: Sources that name what they state as the publication date (a bare `<time>` or the URL do not).
_PUBLICATION_SOURCES = frozenset({"family", "json-ld", "meta", "microdata"})


def publication_date(
    selector: Selector,
    url: str,
    family_selectors: Iterable[str],
    json_ld_nodes: list[dict[str, Any]],
    article_element: etree._Element | None,
    title_element: etree._Element | None,
    zone: ZoneInfo | None = None,
    now: datetime | None = None,
    source: str = "",
    index: PageIndex | None = None,
) -> FoundDate | None:
    """The page's publication date, by the cascade in this module's docstring; None when no source
    has one. `source` is the page's HTML as fetched, where a UTC instant's local offset may show;
    `index` the page's `PageIndex` (made here when not given)."""
    latest = ((now or datetime.now(timezone.utc)) + timedelta(days=1)).date()
    root = selector.root
    index = index or PageIndex.of(root)
    near_title = _visible_dates(byline_text(title_element), latest)
    juche = next((found for found in near_title if found.value.calendar == "juche"), None)
    published_meta, modified_meta = _meta_dates(index)
    structured: list[FoundDate] = []
    for name, values in (
        ("family", (value for css in family_selectors for value in texts(selector.root, css, index))),
        ("json-ld", json_ld_dates(json_ld_nodes, "datePublished")),
        ("meta", published_meta),
        ("microdata", _microdata_dates(article_element) if article_element is not None else ()),
        ("time", _element_dates(article_element, index) if article_element is not None else ()),
        ("url", filter(None, [url_date(url)])),
    ):
        structured.extend(found for value in values if (found := _plausible(value, name, latest)))
    if structured:
        updates = [
            found
            for value in (*json_ld_dates(json_ld_nodes, "dateModified"), *modified_meta)
            if (found := _plausible(value, "modified", latest))
        ]
        chosen = _first_publication(structured[0], structured, updates)
        if juche is not None and juche.value.date != chosen.value.date:
            return juche
        others = [found for found in structured if found is not chosen] + near_title
        return _publisher_day(chosen, others, zone, source, updates)
    if near_title:
        return juche or near_title[0]
    return _htmldate(root, url, latest, title_element)
