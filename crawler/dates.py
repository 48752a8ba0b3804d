"""Dates as North Korean state media write them (Juche years, KCNA datelines), which no general extractor reads right.

Two entry points share one grammar:

* :func:`parse_date` turns the first date expression of a short field into a
  :class:`NormalisedDate` (or ``None``), raising ``ValueError`` for impossible or
  self-contradictory dates such as "Juche 110 (2022)".
* :func:`find_dates` lists every date expression in running text as
  :class:`DateMention` objects whose spans index the caller's original string.

Text is NFKC-normalised per character before matching (full-width digits, NBSP)
with an offset map back to the original. Juche year J is Gregorian J + 1911 and
is only recognised next to the word "Juche"/"주체", so Taiwan's Minguo years,
which share the offset, are never read as Juche.
"""

from __future__ import annotations

import calendar as _calendar
import logging
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Callable, Literal, Mapping, Optional, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["NormalisedDate", "DateMention", "parse_date", "find_dates", "resolve_zone", "JUCHE_OFFSET"]

log = logging.getLogger(__name__)

JUCHE_OFFSET = 1911
"""Juche 1 is 1912 (Kim Il Sung's birth year), so Gregorian = Juche + 1911."""

Precision = Literal["year", "month", "day", "datetime"]
Calendar = Literal["juche", "gregorian"]
DateLike = Union[date, datetime]
TzLike = Union[str, tzinfo, None]

JUCHE: Calendar = "juche"
GREGORIAN: Calendar = "gregorian"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class NormalisedDate:
    """One date as the text states it, at the precision the text gives.

    ``date`` is the first day of the period for month/year precision. ``local`` is
    the date-time as written (aware if the text or ``tz`` gave a zone) and
    ``instant`` the same moment in UTC when the zone is known; both are ``None``
    below datetime precision.
    """

    iso: str
    precision: Precision
    calendar: Calendar
    date: date
    local: Optional[datetime] = None
    instant: Optional[datetime] = None

    @property
    def juche_year(self) -> Optional[int]:
        """The Juche year of ``date`` (None before 1912), handy for display."""
        year = self.date.year - JUCHE_OFFSET
        return year if year >= 1 else None


@dataclass(frozen=True)
class DateMention:
    """A date expression found in running text; ``text == source[start:end]``."""

    text: str
    start: int
    end: int
    date: NormalisedDate


# --------------------------------------------------------------------------- grammar
# All patterns run on NFKC-normalised text with re.ASCII | re.IGNORECASE, so
# digits are [0-9], month names are ASCII and IGNORECASE never folds exotic
# letters (dotless i, Kelvin sign) into ASCII ones.

_FLAGS = re.ASCII | re.IGNORECASE

_H = r"[^\S\n]"  # horizontal whitespace
# Unambiguous (each space can be consumed one way only), so backtracking stays
# linear; possessive quantifiers would say it more directly but need Python 3.11.
_SP = rf"(?=\s){_H}*(?:\n{_H}*)?"  # 1+ spaces, at most one line break
_OSP = rf"{_H}*(?:\n{_H}*)?"  # 0+ spaces, at most one line break
_COMMA_SP = rf"(?:,{_OSP}|{_SP})"  # "October 10, 2021" / "October 10 2021"

_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTH_ABBRS = "jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec"
_WEEKDAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAY_ABBRS = "mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun"
_KO_WEEKDAYS = "월화수목금토일"


#: Month names of the other languages these sites are written in, full and abbreviated, one row a
#: month (genitive forms where the language declines them in dates: "23 ноября 2020").
_FOREIGN_MONTHS = (
    "januar jänner janvier enero janeiro gennaio januari января январь janv ene gen янв",
    "februar février fevrier febrero fevereiro febbraio februari февраля февраль févr fevr fev feb фев",
    "märz maerz mars marzo março marco maart марта март mär mrz mrt мар",
    "avril abril aprile апреля апрель avr abr апр",
    "mai mayo maio maggio mei мая май mag",
    "juni juin junio junho giugno июня июнь jun июн giu",
    "juli juillet julio julho luglio июля июль juil lug июл",
    "august août aout agosto augustus августа август ago авг",
    "september septembre septiembre setiembre setembro settembre сентября сентябрь set sept сент сен",
    "oktober octobre octubre outubro ottobre октября октябрь okt out ott окт",
    "november novembre noviembre novembro ноября ноябрь ноя",
    "dezember décembre decembre diciembre dezembro dicembre december декабря декабрь dez déc dic дек",
)
_FOREIGN_MONTH_NUMBERS = {word: number for number, row in enumerate(_FOREIGN_MONTHS, 1) for word in row.split()}
#: Letters outside ASCII that month names use, for "no letter follows" (the ASCII flag ignores them).
_LETTER_TAIL = r"(?![a-zà-ÿÀ-ßа-яёА-ЯЁ])"


def _any_case(word: str) -> str:
    """`word` as a pattern matching it in any case: the ASCII flag folds only ASCII letters."""
    return "".join(ch if ch.isascii() else f"[{ch.lower()}{ch.upper()}]" for ch in word)


def _foreign_month(name: str = "mon") -> str:
    words = sorted(_FOREIGN_MONTH_NUMBERS, key=len, reverse=True)  # longest first: "sept" before "sep"
    return rf"(?P<{name}>{'|'.join(_any_case(word) for word in words)})\.?{_LETTER_TAIL}"


def _initials(*alternations: str) -> str:
    """First letters of the words in regex alternations, for a character class."""
    return "".join(sorted({word[0] for alt in alternations for word in alt.split("|")}))


_DIGIT = "0-9"
_WD_START = _initials(_WEEKDAY_NAMES, _WEEKDAY_ABBRS)
_MONTH_START = _initials(_MONTH_NAMES, _MONTH_ABBRS)


def _month(name: str = "mon") -> str:
    """English month, full or abbreviated (abbreviations may carry a dot)."""
    return (
        rf"(?<![a-z])(?=[{_MONTH_START}])"  # one-step rejection before 25 alternatives
        rf"(?P<{name}>(?:{_MONTH_NAMES})|(?:{_MONTH_ABBRS})\.?)(?![a-z])"
    )


def _day(name: str = "d") -> str:
    """Day of month in English text, optionally ordinal ("10th")."""
    # not after ":" ("at 09:45 of October 9": 45 is minutes) nor after a decimal point
    return rf"(?<![0-9:.])(?P<{name}>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9a-z])"


def _year(name: str = "y") -> str:
    """Four-digit Gregorian year; only ever used inside a larger family."""
    return rf"(?<![0-9])(?P<{name}>[0-9]{{4}})(?![0-9])"


def _juche(jy: str = "jy", gy: str = "gy") -> str:
    """English Juche year with optional Gregorian gloss: "Juche 110 (2021)"."""
    return (
        rf"(?<![a-z])juche{_OSP}(?P<{jy}>[0-9]{{1,4}})(?![0-9])"
        rf"(?:{_OSP}\({_OSP}(?P<{gy}>[0-9]{{4}}){_OSP}\))?"
    )


_WD_PREFIX = (
    rf"(?:(?=[{_WD_START}])(?P<wd1>{_WEEKDAY_NAMES}|(?:{_WEEKDAY_ABBRS})\.?)(?![a-z]){_COMMA_SP})?"
)
_WD_SUFFIX = (
    rf"(?:{_COMMA_SP}(?P<wd2>{_WEEKDAY_NAMES})(?![a-z])"
    rf"|{_H}*\({_OSP}(?P<wd3>{_WEEKDAY_NAMES}|{_WEEKDAY_ABBRS})\.?{_OSP}\))?"
)
# A day range ("October 10-12, 2021") stands for its first day; without this the
# year would be lost and "October 10" resolved against the reference instead.
_RANGE_END = rf"(?:{_OSP}[-\u2013]{_OSP}[0-9]{{1,2}}(?:st|nd|rd|th)?(?![0-9a-z]))?"
_DAY_MONTH = rf"{_day()}{_RANGE_END}(?:{_SP}of)?{_SP}{_month()}"  # "10 October", "10th of October"
_MONTH_DAY = rf"{_month()}{_OSP}{_day()}{_RANGE_END}"  # "October 10", "Oct.10"

_KO_MONTH = rf"(?<![0-9])(?P<m>[0-9]{{1,2}}){_OSP}월"
_KO_DAY = rf"(?<![0-9])(?P<d>[0-9]{{1,2}}){_OSP}일"
_KO_WEEKDAY = rf"(?:(?P<kwd1>[{_KO_WEEKDAYS}])요일|\({_OSP}(?P<kwd2>[{_KO_WEEKDAYS}]){_OSP}\))"
_KO_YEAR = (
    # 주체110(2021)년 | 주체110년 | 주체110년 (2021년) | 2021년 | 110년 (era unknown: skipped)
    rf"(?:주체{_OSP}(?P<jy>[0-9]{{1,4}})"
    rf"(?:{_OSP}\({_OSP}(?P<gy>[0-9]{{4}}){_OSP}\){_OSP}년"
    rf"|{_OSP}년(?:{_OSP}\({_OSP}(?P<gy2>[0-9]{{4}}){_OSP}년?{_OSP}\))?)"
    rf"|(?<![0-9])(?P<y>[0-9]{{1,4}}){_OSP}년)"
)

_TIME = (
    r"(?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?"
)
_ISO_ZONE = r"(?P<z>Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?|[ ](?:[+-][0-9]{2}:?[0-9]{2}|UTC|GMT))"
_RFC_ZONE = r"(?P<z>[+-][0-9]{4}|UTC|UT|GMT|Z|[ECMP][SD]T)"

_RELATIVE = r"(?P<rel>last|this|next)"
_MONTH_EDGE = rf"(?:(?:end|beginning|start|middle){_SP}of{_SP}|(?:early|mid|late)(?:-|{_SP}))"
_QUALIFIER = rf"(?:(?:early|mid|late)(?:-|{_SP}))?"

# (family, characters it can start with, pattern). Order matters: at one position
# the first family that matches wins, so longer and more specific shapes come
# before the shapes they contain. The start characters let a family that cannot
# begin here fail in one step instead of re-trying its month/weekday alternations.
_FAMILY_PATTERNS: list[tuple[str, str, str]] = [
    (
        "iso",
        _DIGIT,
        rf"(?<![0-9])(?P<y>[0-9]{{4}})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}})"
        rf"(?:(?:T|[ ]+){_TIME}{_ISO_ZONE}?)?(?![0-9])",
    ),
    (
        "iso_basic",  # "20201123T11:02:35Z", "20201123T110235+0900"
        _DIGIT,
        rf"(?<![0-9])(?P<y>[0-9]{{4}})(?P<m>[0-9]{{2}})(?P<d>[0-9]{{2}})T"
        rf"(?P<H>[0-9]{{2}}):?(?P<M>[0-9]{{2}})(?::?(?P<S>[0-9]{{2}})(?:[.,](?P<f>[0-9]{{1,9}}))?)?"
        rf"{_ISO_ZONE}?(?![0-9])",
    ),
    (
        "rfc2822",
        _DIGIT + _WD_START,
        rf"{_WD_PREFIX}{_day()}{_SP}{_month()}{_SP}"
        rf"(?<![0-9])(?P<y>[0-9]{{4}}|[0-9]{{2}})(?![0-9]){_SP}"
        rf"(?P<H>[0-9]{{2}}):(?P<M>[0-9]{{2}})(?::(?P<S>[0-9]{{2}}))?"
        rf"(?:{_OSP}{_RFC_ZONE})?(?![0-9a-z])",
    ),
    (
        "js_date",  # JavaScript's Date.toString, in JSON-LD: "Tue Nov 19 2019 03:05:46 GMT+0000"
        _WD_START + _MONTH_START,
        rf"{_WD_PREFIX}{_month()}{_SP}{_day()}{_SP}(?<![0-9])(?P<y>[0-9]{{4}})(?![0-9]){_SP}"
        rf"(?P<H>[0-9]{{2}}):(?P<M>[0-9]{{2}})(?::(?P<S>[0-9]{{2}}))?{_OSP}(?:GMT|UTC){_OSP}(?P<z>[+-][0-9]{{4}})(?![0-9])",
    ),
    (
        "juche_dotted",  # KCNA: "Juche 113.8.4." / "Juche108.12.10."
        "j",
        rf"(?<![a-z])juche{_OSP}(?P<jy>[0-9]{{1,4}})\.{_H}?(?P<m>[0-9]{{1,2}})\.{_H}?"
        rf"(?P<d>[0-9]{{1,2}})(?!\.?[0-9])\.?",
    ),
    ("juche_md", _WD_START + _MONTH_START, rf"{_WD_PREFIX}{_MONTH_DAY}{_COMMA_SP}{_juche()}{_WD_SUFFIX}"),
    ("juche_dm", _DIGIT + _WD_START, rf"{_WD_PREFIX}{_DAY_MONTH}{_COMMA_SP}{_juche()}{_WD_SUFFIX}"),
    ("juche_m", _MONTH_START, rf"{_month()}{_COMMA_SP}(?:of{_SP})?{_juche()}"),
    ("juche_y", "j", _juche()),
    (
        "korean",
        _DIGIT + "주",
        rf"{_KO_YEAR}(?:{_OSP}{_KO_MONTH}(?:{_OSP}{_KO_DAY}(?:{_OSP}{_KO_WEEKDAY})?)?)?",
    ),
    ("korean_md", _DIGIT, rf"{_KO_MONTH}{_OSP}{_KO_DAY}(?:{_OSP}{_KO_WEEKDAY})?"),
    ("mdy", _WD_START + _MONTH_START, rf"{_WD_PREFIX}{_MONTH_DAY}{_COMMA_SP}{_year()}{_WD_SUFFIX}"),
    ("dmy", _DIGIT + _WD_START, rf"{_WD_PREFIX}{_DAY_MONTH}{_COMMA_SP}{_year()}{_WD_SUFFIX}"),
    ("my", _MONTH_START, rf"{_month()}{_COMMA_SP}(?:of{_SP})?{_year()}"),
    (
        "dotted",  # Rodong/KCNA: "2024.11.1.", "2021.10.10", "2021. 10. 10."
        _DIGIT,
        rf"(?<![0-9.])(?P<y>[0-9]{{4}})\.{_H}?(?P<m>[0-9]{{1,2}})\.{_H}?"
        rf"(?P<d>[0-9]{{1,2}})(?!\.?[0-9])\.?",
    ),
    (
        "numeric_dmy",  # "23.11.2020", "1. 2. 2021", "23.11.2020 14:30" (day first, as Europe writes it)
        _DIGIT,
        rf"(?<![0-9.:])(?P<d>[0-9]{{1,2}})\.{_H}?(?P<m>[0-9]{{1,2}})\.{_H}?(?P<y>[0-9]{{4}})(?![0-9a-z])"
        rf"(?:,?{_H}+(?:um{_H}+|à{_H}+|a las{_H}+)?{_TIME}(?![0-9]))?",
    ),
    (
        "foreign_dmy",  # "23. November 2020", "1er mars 2021", "23 de noviembre de 2020", "23 ноября 2020 г."
        _DIGIT,
        rf"(?<![0-9:.])(?P<d>[0-9]{{1,2}})(?:\.|er|o|st|nd|rd|th)?(?![0-9a-z]){_SP}(?:de{_SP})?{_foreign_month()}"
        rf"(?:,?{_SP}|{_SP}del?{_SP})(?P<y>[0-9]{{4}})(?![0-9])",
    ),
    (
        "relative_md",  # "early April last year", "April 15 last year", "15 April of next year"
        _DIGIT + _MONTH_START + _initials("early|mid|late"),
        rf"{_QUALIFIER}"
        rf"(?:{_month()}(?:{_OSP}{_day()})?|{_day('d2')}(?:{_SP}of)?{_SP}{_month('mon2')})"
        rf",?{_SP}(?:of{_SP})?{_RELATIVE}{_SP}year(?![a-z])",
    ),
    ("relative_y", _initials("last|this|next"), rf"(?<![a-z]){_RELATIVE}{_SP}year(?![a-z])"),
    # "27th of last month", "the 3rd of this month"
    ("relative_dm", _DIGIT, rf"{_day()}(?:{_SP}of)?{_SP}{_RELATIVE}{_SP}month(?![a-z])"),
    # "end of this month", "early next month", "last month"
    (
        "relative_m",
        _initials("end|beginning|start|middle|early|mid|late|last|this|next"),
        rf"(?<![a-z]){_MONTH_EDGE}?{_RELATIVE}{_SP}month(?![a-z])",
    ),
    # "in late July", "early March": a part of a month named without a year
    (
        "qualified_m",
        _initials("early|mid|late|end|beginning|start|middle"),
        rf"(?<![a-z]){_MONTH_EDGE}{_month()}(?!{_OSP}[,0-9])",
    ),
    # Year-less, resolved against the reference: "Pyongyang, July 14 (KCNA) --", "15 April"
    ("md", _WD_START + _MONTH_START, rf"{_WD_PREFIX}{_MONTH_DAY}"),
    ("dm", _DIGIT + _WD_START, rf"{_WD_PREFIX}{_DAY_MONTH}"),
    # "on Tuesday" in a news item: that weekday of the article's week (the last one on or before it)
    (
        "weekday",
        _WD_START,
        rf"(?<=on )(?P<wd>{_WEEKDAY_NAMES})(?![a-z])(?!{_OSP},?{_OSP}(?:[0-9]|(?=[{_MONTH_START}])(?:{_MONTH_NAMES}|{_MONTH_ABBRS})(?![a-z])))",
    ),
]


def _prefixed(family: str, pattern: str) -> str:
    """Give each family's named groups a unique prefix so one master regex can hold them all."""
    return re.sub(r"\(\?P<(\w+)>", lambda g: f"(?P<{family}__{g[1]}>", pattern)


def _either_case(letters: str) -> str:
    """`letters` in either case, as classes read without `IGNORECASE` ("ab" -> "[Aa][Bb]")."""
    return "".join(f"[{letter.upper()}{letter}]" for letter in letters)


def _gate() -> str:
    """A cheap lookahead that rejects most word starts before any family is tried.

    Every family begins with a digit, "주체" or one of the words below. Testing the
    first letter against a class and then the three-letter prefix is several
    times faster than letting each family re-try its own month alternation.

    The prefixes are a tree by first letter, their letters classes in either case outside
    `IGNORECASE`: sre tests an alternative's first class before entering it, which it does not
    for a case-blind one, and the look-behind over all the prefixes that this replaces was
    tried at every word start (7 % of the date search, counted in instructions).
    """
    words = (
        _MONTH_NAMES,
        _MONTH_ABBRS,
        _WEEKDAY_NAMES,
        _WEEKDAY_ABBRS,
        "juche|early|mid|late|last|this|next|end|beginning|start|middle",
    )
    by_first: dict[str, list[str]] = {}
    for prefix in sorted({word[:3] for alt in words for word in alt.split("|")}):
        by_first.setdefault(prefix[0], []).append(prefix[1:])
    tree = "|".join(
        _either_case(first) + "(?:" + "|".join(_either_case(rest) for rest in rests) + ")" for first, rests in by_first.items()
    )
    return rf"(?=[0-9]|주체|(?-i:{tree}))"


_MASTER = re.compile(
    r"(?<![0-9A-Za-z])" + _gate() + "(?:"
    + "|".join(
        f"(?P<{fam}>(?=[{starts}]){_prefixed(fam, pat)})" for fam, starts, pat in _FAMILY_PATTERNS
    )
    + ")",
    _FLAGS,
)
#: `_MASTER` without its groups, to find where an expression begins; `_MASTER` is matched there to
#: read it. At each alternative it tries, sre saves and restores the marks of the groups set so far
#: (135 groups): searching with them cost half again as much as the search itself. Without
#: backreferences or conditionals, groups change what is matched nowhere.
_FINDER = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _MASTER.pattern), _FLAGS)


def _search(text: str, position: int) -> re.Match[str] | None:
    """`_MASTER.search(text, position)`, found by `_FINDER`."""
    found = _FINDER.search(text, position)
    return _MASTER.match(text, found.start()) if found else None


_FAMILY_GROUPS: dict[str, dict[str, int]] = {
    fam: {
        name.split("__", 1)[1]: index
        for name, index in _MASTER.groupindex.items()
        if name.startswith(fam + "__")
    }
    for fam, _, _ in _FAMILY_PATTERNS
}
_BARE_YEAR = re.compile(r"\s*([0-9]{4})\s*", _FLAGS)
_BARE_YEAR_MONTH = re.compile(r"\s*([0-9]{4})-([0-9]{2})\s*", _FLAGS)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")

_MONTH_BY_PREFIX = {name[:3]: i for i, name in enumerate(_MONTH_NAMES.split("|"), start=1)}
_WEEKDAY_BY_PREFIX = {name[:2]: i for i, name in enumerate(_WEEKDAY_NAMES.split("|"))}
_WEEKDAY_BY_PREFIX.update({ch: i for i, ch in enumerate(_KO_WEEKDAYS)})
_RELATIVE_SHIFT = {"last": -1, "this": 0, "next": 1}
_RFC_ZONES = {"UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6,
              "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
# Lower-case "may"/"march" are usually verbs; without a year they are not dates.
_VERB_MONTHS = frozenset({"may", "march"})


# --------------------------------------------------------------------------- normalisation


@dataclass(frozen=True)
class _Normalised:
    """NFKC text plus the positions of characters whose NFKC form changed length.

    Only length-changing characters need bookkeeping; everything between them
    maps by a constant shift, so the common case (no such characters) is free.
    """

    text: str
    anchor_norm: tuple[int, ...] = ()  # start of each changed char in ``text``
    anchor_len: tuple[int, ...] = ()  # its NFKC length
    anchor_orig: tuple[int, ...] = ()  # its index in the original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) to the original, widening to whole characters."""
        if not self.anchor_norm:
            return start, end
        return self._map(start, is_end=False), self._map(end, is_end=True)

    def _map(self, pos: int, is_end: bool) -> int:
        probe = pos - 1 if is_end else pos
        k = bisect_right(self.anchor_norm, probe) - 1
        if k < 0:
            return pos
        n0, length, o0 = self.anchor_norm[k], self.anchor_len[k], self.anchor_orig[k]
        if probe < n0 + length:  # inside an expanded character: take all of it
            return o0 + 1 if is_end else o0
        return o0 + 1 + (pos - n0 - length)


@lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def _normalise(text: str) -> _Normalised:
    """NFKC per character, keeping an offset map so spans index the original text."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return _Normalised(text)
    parts: list[str] = []
    anchor_norm: list[int] = []
    anchor_len: list[int] = []
    anchor_orig: list[int] = []
    last = 0
    shift = 0  # len(normalised so far) - len(original so far)
    for run in _NON_ASCII_RUN.finditer(text):
        if unicodedata.is_normalized("NFKC", run.group()):
            continue
        for i in range(run.start(), run.end()):
            ch = text[i]
            nf = _nfkc_char(ch)
            if nf == ch:
                continue
            parts.append(text[last:i])
            parts.append(nf)
            last = i + 1
            if len(nf) != 1:
                anchor_norm.append(i + shift)
                anchor_len.append(len(nf))
                anchor_orig.append(i)
                shift += len(nf) - 1
    parts.append(text[last:])
    return _Normalised("".join(parts), tuple(anchor_norm), tuple(anchor_len), tuple(anchor_orig))


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Context:
    """What a parse is resolved against: the article's date and its time zone."""

    reference: Optional[date]
    zone: Optional[tzinfo]


def _context(reference: Optional[DateLike], tz: TzLike) -> _Context:
    if isinstance(reference, datetime):
        reference = reference.date()
    elif reference is not None and not isinstance(reference, date):
        raise TypeError(f"reference must be a date or datetime, not {type(reference).__name__}")
    return _Context(reference, resolve_zone(tz))


def resolve_zone(tz: TzLike) -> Optional[tzinfo]:
    """An IANA name through zoneinfo (history-aware, unlike fixed offsets); a tzinfo or None as is.

    Anything that names no zone raises ``ValueError("unknown time zone ...")``: zoneinfo's own
    errors are file-system ones for names such as "America" (a directory) or a 300-character name.
    """
    if tz is None or isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        raise ValueError(f"unknown time zone {tz!r}: use an IANA name such as 'Asia/Pyongyang'") from exc


def _check_text(text: object) -> None:
    if text is not None and not isinstance(text, str):
        raise TypeError(f"date text must be a str, not {type(text).__name__}")


def _check_year(year: int) -> int:
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range (1-9999)")
    return year


def _check_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is out of range (1-12)")
    return month


def _checked_date(year: int, month: int, day: int) -> date:
    """Build a date, with an error that says which part is impossible."""
    _check_year(year)
    _check_month(month)
    days = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(
            f"day {day} is out of range for {_calendar.month_name[month]} {year} ({days} days)"
        )
    return date(year, month, day)


def _juche_year(juche: str, gloss: Optional[str]) -> int:
    """Gregorian year of a Juche year, checked against its "(2021)" gloss if any."""
    jy = int(juche)
    if jy < 1:
        raise ValueError(f"Juche {jy} is invalid: the Juche calendar starts at Juche 1 (1912)")
    year = _check_year(jy + JUCHE_OFFSET)
    if gloss is not None and int(gloss) != year:
        raise ValueError(
            f"Juche {jy} ({gloss}) is self-contradictory: Juche {jy} is {year}, not {int(gloss)}"
        )
    return year


def _month_number(name: str) -> int:
    return _MONTH_BY_PREFIX[name[:3].lower()]


def _foreign_month_number(name: str) -> int:
    return _FOREIGN_MONTH_NUMBERS[name.rstrip(".").lower()]


def _check_weekday(day: date, weekday: Optional[str]) -> None:
    """A stated weekday that disagrees with the date makes the date contradictory."""
    if weekday is None:
        return
    key = weekday if weekday in _KO_WEEKDAYS else weekday[:2].lower()
    if _WEEKDAY_BY_PREFIX[key] != day.weekday():
        raise ValueError(
            f"weekday {weekday!r} contradicts {day.isoformat()}, which is a {day.strftime('%A')}"
        )


# --------------------------------------------------------------------------- value builders


def _year_value(year: int, cal: Calendar) -> NormalisedDate:
    _check_year(year)
    return NormalisedDate(f"{year:04d}", "year", cal, date(year, 1, 1))


def _month_value(year: int, month: int, cal: Calendar) -> NormalisedDate:
    _check_year(year)
    _check_month(month)
    return NormalisedDate(f"{year:04d}-{month:02d}", "month", cal, date(year, month, 1))


def _day_value(
    year: int, month: int, day: int, cal: Calendar, weekday: Optional[str] = None
) -> NormalisedDate:
    value = _checked_date(year, month, day)
    _check_weekday(value, weekday)
    return NormalisedDate(value.isoformat(), "day", cal, value)


def _offset(zone: str) -> tzinfo:
    """Fixed offset stated in the text itself ("+09:00", "+0900", "Z", "GMT", "EST")."""
    zone = zone.strip().upper()
    if zone in _RFC_ZONES:
        return timezone(timedelta(hours=_RFC_ZONES[zone])) if _RFC_ZONES[zone] else timezone.utc
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"UTC offset {zone} is out of range")
    if hours == minutes == 0:
        return timezone.utc
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _datetime_value(
    day: date,
    hour: str,
    minute: str,
    second: Optional[str],
    fraction: Optional[str],
    zone: Optional[str],
    ctx: _Context,
) -> NormalisedDate:
    """Date-time at the text's own offset, else in ``tz`` (fold=0), else naive."""
    h, m, s = int(hour), int(minute), int(second or 0)
    if h > 23 or m > 59 or s > 59:
        raise ValueError(f"time {hour}:{minute}:{second or '00'} is out of range")
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    naive = datetime(day.year, day.month, day.day, h, m, s, micro)
    if zone is not None:
        local = naive.replace(tzinfo=_offset(zone))
    elif ctx.zone is not None:
        local = naive.replace(tzinfo=ctx.zone, fold=0)
    else:
        return NormalisedDate(naive.isoformat(), "datetime", GREGORIAN, day, naive, None)
    try:
        instant = local.astimezone(timezone.utc)
    except OverflowError as exc:
        raise ValueError(f"{naive.isoformat()} at its offset falls outside years 1-9999") from exc
    return NormalisedDate(local.isoformat(), "datetime", GREGORIAN, day, local, instant)


def _nearest(month: int, day: int, reference: date) -> date:
    """The year that puts a year-less date nearest the reference (ties go to the past)."""
    _check_month(month)
    longest = _calendar.monthrange(2000, month)[1]  # leap year: the most days a month can have
    if not 1 <= day <= longest:
        raise ValueError(f"day {day} is out of range for {_calendar.month_name[month]}")
    best: Optional[date] = None
    for year in range(max(1, reference.year - 4), min(9999, reference.year + 4) + 1):
        if day > _calendar.monthrange(year, month)[1]:
            continue
        candidate = date(year, month, day)
        if best is None or (abs((candidate - reference).days), candidate > reference) < (
            abs((best - reference).days),
            best > reference,
        ):
            best = candidate
    if best is None:
        raise ValueError(f"{_calendar.month_name[month]} {day} has no year near {reference.year}")
    return best


# --------------------------------------------------------------------------- family handlers

Groups = Mapping[str, Optional[str]]
_SKIP = object()  # matched text that is not a date after all (e.g. Minguo "110년")
_Built = Union[NormalisedDate, None, object]


def _weekday(g: Groups) -> Optional[str]:
    for name in ("wd1", "wd2", "wd3", "kwd1", "kwd2"):
        if g.get(name):
            return g[name]
    return None


def _build_iso(g: Groups, ctx: _Context) -> _Built:
    if g["H"] is None:
        return _day_value(int(g["y"]), int(g["m"]), int(g["d"]), GREGORIAN)
    day = _checked_date(int(g["y"]), int(g["m"]), int(g["d"]))
    return _datetime_value(day, g["H"], g["M"], g["S"], g["f"], g["z"], ctx)


def _build_numeric_dmy(g: Groups, ctx: _Context) -> _Built:
    day_number, month = int(g["d"]), int(g["m"])
    if month > 12 >= day_number:  # "11.14.2019" can only be month first, as the US writes it
        day_number, month = month, day_number
    if g["H"] is None:
        return _day_value(int(g["y"]), month, day_number, GREGORIAN)
    day = _checked_date(int(g["y"]), month, day_number)
    return _datetime_value(day, g["H"], g["M"], g["S"], g["f"], None, ctx)


def _build_foreign_dmy(g: Groups, ctx: _Context) -> _Built:
    return _day_value(int(g["y"]), _foreign_month_number(g["mon"]), int(g["d"]), GREGORIAN)


def _shift_month(reference: date, months: int) -> tuple[int, int]:
    index = reference.year * 12 + reference.month - 1 + months
    return index // 12, index % 12 + 1


def _build_relative_dm(g: Groups, ctx: _Context) -> _Built:
    if ctx.reference is None:
        return None
    year, month = _shift_month(ctx.reference, _RELATIVE_SHIFT[g["rel"].lower()])
    return _day_value(year, month, int(g["d"]), GREGORIAN)


def _build_relative_m(g: Groups, ctx: _Context) -> _Built:
    if ctx.reference is None:
        return None
    year, month = _shift_month(ctx.reference, _RELATIVE_SHIFT[g["rel"].lower()])
    return _month_value(year, month, GREGORIAN)


def _build_qualified_m(g: Groups, ctx: _Context) -> _Built:
    """"late July" without a year: the July nearest the article (ties go to the past)."""
    if ctx.reference is None:
        return None
    month = _month_number(g["mon"])
    candidates = [(year, month) for year in (ctx.reference.year - 1, ctx.reference.year, ctx.reference.year + 1)]
    distance = lambda ym: abs((ym[0] * 12 + ym[1]) - (ctx.reference.year * 12 + ctx.reference.month))  # noqa: E731
    year, month = min(candidates, key=lambda ym: (distance(ym), ym[0] > ctx.reference.year))
    return _month_value(year, month, GREGORIAN)


def _build_weekday(g: Groups, ctx: _Context) -> _Built:
    if ctx.reference is None:
        return None
    back = (ctx.reference.weekday() - _WEEKDAY_BY_PREFIX[g["wd"][:2].lower()]) % 7
    return _day_value_of(ctx.reference - timedelta(days=back))


def _day_value_of(value: date) -> NormalisedDate:
    return NormalisedDate(value.isoformat(), "day", GREGORIAN, value)


def _build_rfc2822(g: Groups, ctx: _Context) -> _Built:
    # The weekday is ignored, as email.utils does: feeds often get it wrong.
    year = int(g["y"])
    if len(g["y"]) == 2:  # RFC 2822 obsolete two-digit year
        year += 2000 if year < 50 else 1900
    day = _checked_date(year, _month_number(g["mon"]), int(g["d"]))
    return _datetime_value(day, g["H"], g["M"], g["S"], None, g["z"], ctx)


def _build_juche_dotted(g: Groups, ctx: _Context) -> _Built:
    return _day_value(_juche_year(g["jy"], None), int(g["m"]), int(g["d"]), JUCHE)


def _build_juche_day(g: Groups, ctx: _Context) -> _Built:
    year = _juche_year(g["jy"], g["gy"])
    return _day_value(year, _month_number(g["mon"]), int(g["d"]), JUCHE, _weekday(g))


def _build_juche_month(g: Groups, ctx: _Context) -> _Built:
    return _month_value(_juche_year(g["jy"], g["gy"]), _month_number(g["mon"]), JUCHE)


def _build_juche_year(g: Groups, ctx: _Context) -> _Built:
    return _year_value(_juche_year(g["jy"], g["gy"]), JUCHE)


def _build_korean(g: Groups, ctx: _Context) -> _Built:
    if g["jy"] is not None:
        year, cal = _juche_year(g["jy"], g["gy"] or g["gy2"]), JUCHE
    elif len(g["y"]) == 4:
        year, cal = int(g["y"]), GREGORIAN
    else:  # "110년": a year of some other era (Minguo?) or a duration; never guess
        return _SKIP
    if g["m"] is None:
        return _year_value(year, cal)
    if g["d"] is None:
        return _month_value(year, int(g["m"]), cal)
    return _day_value(year, int(g["m"]), int(g["d"]), cal, _weekday(g))


def _build_korean_md(g: Groups, ctx: _Context) -> _Built:
    return _yearless(int(g["m"]), int(g["d"]), ctx, _weekday(g))


def _build_gregorian_day(g: Groups, ctx: _Context) -> _Built:
    return _day_value(int(g["y"]), _month_number(g["mon"]), int(g["d"]), GREGORIAN, _weekday(g))


def _build_gregorian_month(g: Groups, ctx: _Context) -> _Built:
    return _month_value(int(g["y"]), _month_number(g["mon"]), GREGORIAN)


def _build_dotted(g: Groups, ctx: _Context) -> _Built:
    return _day_value(int(g["y"]), int(g["m"]), int(g["d"]), GREGORIAN)


def _build_relative_md(g: Groups, ctx: _Context) -> _Built:
    month, day = g["mon"] or g["mon2"], g["d"] or g["d2"]
    if month in _VERB_MONTHS:
        return _SKIP
    if ctx.reference is None:
        return None
    year = ctx.reference.year + _RELATIVE_SHIFT[g["rel"].lower()]
    if day is None:
        return _month_value(year, _month_number(month), GREGORIAN)
    return _day_value(year, _month_number(month), int(day), GREGORIAN)


def _build_relative_y(g: Groups, ctx: _Context) -> _Built:
    if ctx.reference is None:
        return None
    return _year_value(ctx.reference.year + _RELATIVE_SHIFT[g["rel"].lower()], GREGORIAN)


def _build_yearless_en(g: Groups, ctx: _Context) -> _Built:
    if g["mon"] in _VERB_MONTHS:
        return _SKIP
    return _yearless(_month_number(g["mon"]), int(g["d"]), ctx, _weekday(g))


def _yearless(month: int, day: int, ctx: _Context, weekday: Optional[str]) -> _Built:
    if ctx.reference is None:
        return None
    value = _nearest(month, day, ctx.reference)
    _check_weekday(value, weekday)
    return NormalisedDate(value.isoformat(), "day", GREGORIAN, value)


_BUILDERS: dict[str, Callable[[Groups, _Context], _Built]] = {
    "iso": _build_iso,
    "iso_basic": _build_iso,
    "numeric_dmy": _build_numeric_dmy,
    "foreign_dmy": _build_foreign_dmy,
    "relative_dm": _build_relative_dm,
    "relative_m": _build_relative_m,
    "qualified_m": _build_qualified_m,
    "weekday": _build_weekday,
    "rfc2822": _build_rfc2822,
    "js_date": _build_rfc2822,
    "juche_dotted": _build_juche_dotted,
    "juche_md": _build_juche_day,
    "juche_dm": _build_juche_day,
    "juche_m": _build_juche_month,
    "juche_y": _build_juche_year,
    "korean": _build_korean,
    "korean_md": _build_korean_md,
    "mdy": _build_gregorian_day,
    "dmy": _build_gregorian_day,
    "my": _build_gregorian_month,
    "dotted": _build_dotted,
    "relative_md": _build_relative_md,
    "relative_y": _build_relative_y,
    "md": _build_yearless_en,
    "dm": _build_yearless_en,
}
assert set(_BUILDERS) == {fam for fam, _, _ in _FAMILY_PATTERNS}


def _build(match: re.Match[str], ctx: _Context) -> _Built:
    """Turn one master-regex match into a value (None: needs a reference; _SKIP: not a date)."""
    family = match.lastgroup
    assert family is not None
    groups = {name: match.group(index) for name, index in _FAMILY_GROUPS[family].items()}
    try:
        return _BUILDERS[family](groups, ctx)
    except OverflowError as exc:  # date arithmetic at the edges of years 1-9999
        raise ValueError(f"date out of range: {exc}") from exc


#: Nouns that make a year-less date the name of something: "the April 25 Sports Team", "the
#: February 8 Vinalon Complex", "the September 19 military agreement". Up to three words may come
#: between (none of them a function word, which would start a new phrase: "on April 25 the team").
_NAMED_THINGS = (
    "team|complex|movement|prize|brigade|factory|agreement|university|works|mine|plant|company|"
    "corporation|enterprise|farm|street|square|school|college|institute|stadium|hall|house|park|"
    "declaration|statement|accords?|party|group|club|award|medal|order|hospital|bridge|station|"
    "reservoir|shipyard|mill|combine|foundation|society|association|committee|front|revolution|"
    "uprising|incident|line|youth|theatre|theater|troupe|ensemble|society|shop|store|hotel"
)
_FUNCTION_WORDS = (
    "the|a|an|and|or|but|of|in|on|at|to|for|with|by|from|as|when|while|that|this|which|who|"
    "his|her|its|their|our|was|were|is|are|be|been|had|has|have|will|would|he|she|it|they|we|i|you"
)
_NAMES_SOMETHING = re.compile(
    rf"(?:{_H}+(?!(?:{_FUNCTION_WORDS})(?![a-z]))[a-z][a-z'-]*){{0,3}}?{_H}+(?:{_NAMED_THINGS})s?(?![a-z])",
    _FLAGS,
)
_YEARLESS_FAMILIES = frozenset({"md", "dm"})


def _names_something(text: str, match: re.Match[str]) -> bool:
    """Is this year-less date part of a name ("the April 25 Sports Team") rather than a date?"""
    return match.lastgroup in _YEARLESS_FAMILIES and _NAMES_SOMETHING.match(text, match.end()) is not None


# --------------------------------------------------------------------------- public API


def parse_date(
    text: Optional[str], reference: Optional[DateLike] = None, tz: TzLike = None
) -> Optional[NormalisedDate]:
    """Parse the first date expression in ``text``.

    ``reference`` (the article's publication date) resolves relative and
    year-less expressions; ``tz`` (IANA name or tzinfo) is applied to naive
    date-times. Returns None when there is no date or it cannot be completed;
    raises ValueError for impossible or self-contradictory dates and unknown
    zones, TypeError when ``text`` is neither a str nor None.
    """
    _check_text(text)
    ctx = _context(reference, tz)
    if not text:
        return None
    norm = _normalise(text).text
    position = 0
    while match := _search(norm, position):
        value = _build(match, ctx)
        if value is not _SKIP and not _names_something(norm, match):
            return value  # type: ignore[return-value]
        position = match.end() if value is _SKIP else match.start() + 1
    return _parse_bare(norm)


def _parse_bare(norm: str) -> Optional[NormalisedDate]:
    """Whole-field fallbacks too noisy for running text: "2021" and "2021-10"."""
    if m := _BARE_YEAR.fullmatch(norm):
        return _year_value(int(m[1]), GREGORIAN)
    if m := _BARE_YEAR_MONTH.fullmatch(norm):
        return _month_value(int(m[1]), int(m[2]), GREGORIAN)
    return None


def find_dates(
    text: str, reference: Optional[DateLike] = None, tz: TzLike = None
) -> list[DateMention]:
    """Every date expression in running text, in order and non-overlapping.

    Contradictory dates are logged and skipped; year-less and relative ones are
    skipped when there is no ``reference``. Spans index the original ``text``.
    Raises like :func:`parse_date` for an unknown zone or a ``text`` that is not a str.
    """
    _check_text(text)
    ctx = _context(reference, tz)
    if not text:
        return []
    norm = _normalise(text)
    mentions: list[DateMention] = []
    position = 0
    while match := _search(norm.text, position):
        start, end = norm.to_original(match.start(), match.end())
        # what is not a date after all gives its text back: a later start may hold one
        position = match.start() + 1
        try:
            value = _build(match, ctx)
        except ValueError as exc:
            log.warning("skipping date %r at %d: %s", text[start:end], start, exc)
            continue
        if value is _SKIP:  # the whole text is a non-date (a Minguo year): nothing inside it either
            position = match.end()
        if not isinstance(value, NormalisedDate) or _names_something(norm.text, match):
            continue
        position = match.end()
        if mentions and start < mentions[-1].end:  # two matches inside one expanded character
            continue
        mentions.append(DateMention(text[start:end], start, end, value))
    return mentions
