"""crawler.dates: Juche, Korean, KCNA and feed dates parse to the right ISO value, precision and calendar."""

from __future__ import annotations

import inspect
import logging
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple, Optional
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crawler.dates as dates_module
from crawler.dates import JUCHE_OFFSET, DateMention, NormalisedDate, find_dates, parse_date

PYONGYANG = "Asia/Pyongyang"
REF = date(2021, 10, 11)  # an article published the day after the WPK anniversary
JAN = date(2022, 1, 3)  # an article published early in January
DEC = date(2021, 12, 30)


class Case(NamedTuple):
    text: str
    iso: Optional[str]  # None: parse_date must return None
    precision: Optional[str] = None
    calendar: Optional[str] = None
    reference: Optional[date] = None
    tz: Optional[str] = None


def J(text: str, iso: str, precision: str, reference: Optional[date] = None) -> Case:
    return Case(text, iso, precision, "juche", reference)


def G(text: str, iso: str, precision: str, reference: Optional[date] = None, tz: Optional[str] = None) -> Case:
    return Case(text, iso, precision, "gregorian", reference, tz)


def N(text: str, reference: Optional[date] = None) -> Case:
    return Case(text, None, reference=reference)


JUCHE_ENGLISH = [
    J("Juche 110 (2021)", "2021", "year"),
    J("Juche 110", "2021", "year"),
    J("Juche110(2021)", "2021", "year"),
    J("JUCHE 110 (2021)", "2021", "year"),
    J("juche 1", "1912", "year"),
    J("Juche 1 (1912)", "1912", "year"),
    J("Juche 100 (2011)", "2011", "year"),
    J("Juche 113 ( 2024 )", "2024", "year"),
    J("Juche 007", "1918", "year"),
    J("in Juche 105 (2016) the", "2016", "year"),
    J("March Juche 110 (2021)", "2021-03", "month"),
    J("March, Juche 110 (2021)", "2021-03", "month"),
    J("Sept. Juche 112 (2023)", "2023-09", "month"),
    J("December of Juche 109 (2020)", "2020-12", "month"),
    J("October 10, Juche 110 (2021)", "2021-10-10", "day"),
    J("October 10 Juche 110 (2021)", "2021-10-10", "day"),
    J("10 October, Juche 110 (2021)", "2021-10-10", "day"),
    J("10th October, Juche 110 (2021)", "2021-10-10", "day"),
    J("the 10th of October, Juche 110 (2021)", "2021-10-10", "day"),
    J("Feb. 11, Juche 111 (2022) Friday", "2022-02-11", "day"),
    J("Feb 11, Juche 111 (2022), Friday", "2022-02-11", "day"),
    J("Friday, February 11, Juche 111 (2022)", "2022-02-11", "day"),
    J("Friday, 11 February, Juche 111 (2022)", "2022-02-11", "day"),
    J("April 15, Juche 112 (2023)", "2023-04-15", "day"),
    J("Published: October 10, Juche 110 (2021) Sunday", "2021-10-10", "day"),
    J("October\u00a010,\u00a0Juche\u00a0110\u00a0(2021)", "2021-10-10", "day"),
    J("October 10,\nJuche 110 (2021)", "2021-10-10", "day"),
    J("Oct. 10, Juche 110 (2021) (Sun)", "2021-10-10", "day"),
    J("January 1, Juche 1 (1912)", "1912-01-01", "day"),
    J("February 29, Juche 109 (2020)", "2020-02-29", "day"),
    J("October 10-12, Juche 110 (2021)", "2021-10-10", "day"),
    J("Ｊｕｃｈｅ １１０ （２０２１）", "2021", "year"),
]

JUCHE_KCNA = [
    J("Juche 113.8.4.", "2024-08-04", "day"),
    J("[Juche 108.12.10.]", "2019-12-10", "day"),
    J("Juche108.12.10.", "2019-12-10", "day"),
    J("www.kcna.kp (Juche108.12.10.)", "2019-12-10", "day"),
    J("www.kcna.kp (Juche113.8.4.)", "2024-08-04", "day"),
    J("Juche 110.10.10", "2021-10-10", "day"),
    J("Juche 112. 4. 15.", "2023-04-15", "day"),
    J("Juche 1.1.1.", "1912-01-01", "day"),
    J("Juche １１３.８.４.", "2024-08-04", "day"),
]

KOREAN = [
    J("주체110(2021)년 10월 10일", "2021-10-10", "day"),
    J("주체110(2021)년", "2021", "year"),
    J("주체110년", "2021", "year"),
    J("주체110(2021)년 3월", "2021-03", "month"),
    J("주체 110 (2021) 년 3 월", "2021-03", "month"),
    J("주체110(2021)년 10월 10일 일요일", "2021-10-10", "day"),
    J("주체110년 (2021년) 10월 10일 (일)", "2021-10-10", "day"),
    J("주체110년(2021) 10월 10일", "2021-10-10", "day"),
    J("《로동신문》 주체113(2024)년 8월 4일 일요일", "2024-08-04", "day"),
    J("주체１１０(２０２１)년 １０월 １０일", "2021-10-10", "day"),
    J("주체1년 1월 1일", "1912-01-01", "day"),
    G("2021년 10월 10일", "2021-10-10", "day"),
    G("2021년 10월", "2021-10", "month"),
    G("2021년", "2021", "year"),
    G("2021년10월10일", "2021-10-10", "day"),
    G("2021년 10월 10일 (일)", "2021-10-10", "day"),
    G("3년만에 2021년 10월 10일", "2021-10-10", "day"),
    G("10월 10일", "2021-10-10", "day", REF),
    G("12월 30일", "2021-12-30", "day", JAN),
]

ISO = [
    G("2021-10-10", "2021-10-10", "day"),
    G("2021-10-10T08:30:00+09:00", "2021-10-10T08:30:00+09:00", "datetime"),
    G("2021-10-10T08:30:00Z", "2021-10-10T08:30:00+00:00", "datetime"),
    G("2021-10-10T08:30:00z", "2021-10-10T08:30:00+00:00", "datetime"),
    G("2021-10-10 08:30:00", "2021-10-10T08:30:00", "datetime"),
    G("2021-10-10T08:30", "2021-10-10T08:30:00", "datetime"),
    G("2021-10-10T08:30:00.5+09:00", "2021-10-10T08:30:00.500000+09:00", "datetime"),
    G("2021-10-10T08:30:00.123456789+05:30", "2021-10-10T08:30:00.123456+05:30", "datetime"),
    G("2021-10-10T08:30:00+0900", "2021-10-10T08:30:00+09:00", "datetime"),
    G("2021-10-10T08:30:00+09", "2021-10-10T08:30:00+09:00", "datetime"),
    G("2021-10-10T08:30:00-04:00", "2021-10-10T08:30:00-04:00", "datetime"),
    G("2021-10-10 08:30:00 +09:00", "2021-10-10T08:30:00+09:00", "datetime"),
    G("2021-10-10 08:30:00 UTC", "2021-10-10T08:30:00+00:00", "datetime"),
    G("Published: 2021-10-10T08:30:00+09:00 by VOK", "2021-10-10T08:30:00+09:00", "datetime"),
    G("２０２１-１０-１０", "2021-10-10", "day"),
    G("<time datetime=\"2024-08-04\">", "2024-08-04", "day"),
    G("2021", "2021", "year"),
    G(" 2021 ", "2021", "year"),
    G("2021-10", "2021-10", "month"),
]

RFC2822 = [
    G("Sun, 10 Oct 2021 08:30:00 +0900", "2021-10-10T08:30:00+09:00", "datetime"),
    G("Sun, 10 Oct 2021 08:30:00 GMT", "2021-10-10T08:30:00+00:00", "datetime"),
    G("Sun, 10 Oct 2021 08:30:00 -0000", "2021-10-10T08:30:00+00:00", "datetime"),
    G("Sun, 10 Oct 2021 08:30:00 EST", "2021-10-10T08:30:00-05:00", "datetime"),
    G("10 Oct 2021 08:30 +0900", "2021-10-10T08:30:00+09:00", "datetime"),
    G("Sun, 10 Oct 21 08:30:00 +0900", "2021-10-10T08:30:00+09:00", "datetime"),
    G("Mon, 10 Oct 2021 08:30:00 +0900", "2021-10-10T08:30:00+09:00", "datetime"),  # feed weekday ignored
    G("Sun, 10 Oct 2021 08:30:00", "2021-10-10T08:30:00", "datetime"),
    G("Sun, 10 Oct 2021 08:30:00", "2021-10-10T08:30:00+09:00", "datetime", tz=PYONGYANG),
    G("<pubDate>Tue, 10 Dec 2019 06:00:00 +0900</pubDate>", "2019-12-10T06:00:00+09:00", "datetime"),
    # JavaScript's Date.toString, as some JSON-LD carries it
    G("Tue Nov 19 2019 03:05:46 GMT+0000", "2019-11-19T03:05:46+00:00", "datetime"),
    G("Tue Nov 19 2019 03:05:46 GMT-0500 (Eastern Standard Time)", "2019-11-19T03:05:46-05:00", "datetime"),
]

ENGLISH = [
    G("October 10, 2021", "2021-10-10", "day"),
    G("10 October 2021", "2021-10-10", "day"),
    G("Oct. 10, 2021", "2021-10-10", "day"),
    G("Oct 10, 2021", "2021-10-10", "day"),
    G("Sept. 5, 2021", "2021-09-05", "day"),
    G("Sept 5 2021", "2021-09-05", "day"),
    G("Sep. 5, 2021", "2021-09-05", "day"),
    G("september 5, 2021", "2021-09-05", "day"),
    G("OCTOBER 10, 2021", "2021-10-10", "day"),
    G("March 2021", "2021-03", "month"),
    G("March, 2021", "2021-03", "month"),
    G("in March of 2021", "2021-03", "month"),
    G("Dec. 2019", "2019-12", "month"),
    G("Sunday, October 10, 2021", "2021-10-10", "day"),
    G("Sun., Oct. 10, 2021", "2021-10-10", "day"),
    G("Sunday, 10 October 2021", "2021-10-10", "day"),
    G("May. 1, 2021", "2021-05-01", "day"),
    G("October 10, 2021 Sunday", "2021-10-10", "day"),
    G("October 10, 2021, Sunday", "2021-10-10", "day"),
    G("Feb. 19, 2026 Thursday [Photo]", "2026-02-19", "day"),
    G("Sept. 3, 2025 Wednesday", "2025-09-03", "day"),
    G("the 10th of October 2021", "2021-10-10", "day"),
    G("October 1st, 2021", "2021-10-01", "day"),
    G("October 10,2021", "2021-10-10", "day"),
    G("October 10-12, 2021", "2021-10-10", "day"),
    G("10\u201312 October 2021", "2021-10-10", "day"),
    G("October\u00a010,\u00a02021", "2021-10-10", "day"),
    G("１０ October ２０２１", "2021-10-10", "day"),
    G("May 1, 2021", "2021-05-01", "day"),
    G("may 1, 2021", "2021-05-01", "day"),  # with a year, lower-case "may" is still a month
    G("2024.11.1.", "2024-11-01", "day"),
    G("2021.10.10", "2021-10-10", "day"),
    G("2023.3.13.", "2023-03-13", "day"),
    G("2021. 10. 10.", "2021-10-10", "day"),
    G("www.kcna.kp (2025.12.14.)", "2025-12-14", "day"),
]

RELATIVE_AND_YEARLESS = [
    G("last year", "2020", "year", REF),
    G("this year", "2021", "year", REF),
    G("next year", "2022", "year", REF),
    G("Last Year", "2020", "year", REF),
    G("early April last year", "2020-04", "month", REF),
    G("in April last year", "2020-04", "month", REF),
    G("late December this year", "2021-12", "month", REF),
    G("mid-June next year", "2022-06", "month", REF),
    G("April of last year", "2020-04", "month", REF),
    G("April 15 last year", "2020-04-15", "day", REF),
    G("15 April last year", "2020-04-15", "day", REF),
    G("April 15", "2021-04-15", "day", REF),
    G("15 April", "2021-04-15", "day", REF),
    G("April 15th", "2021-04-15", "day", REF),
    G("Sunday, 10 October", "2021-10-10", "day", REF),
    G("Sunday, October 10", "2021-10-10", "day", REF),
    G("Pyongyang, October 10 (KCNA) -- The respected Comrade Kim Jong Un", "2021-10-10", "day", REF),
    G("Pyongyang, July 14 (KCNA) -- Kim Yo Jong released a press statement", "2021-07-14", "day", REF),
    G("Pyongyang, July 14 (KCNA) \u2014 Kim Yo Jong", "2021-07-14", "day", REF),
    G("Pyongyang, July 14 (KCNA) \u2013 Kim Yo Jong", "2021-07-14", "day", REF),
    G("Pyongyang, December 30 (KCNA) -- ", "2021-12-30", "day", JAN),  # January article, previous December
    G("Pyongyang, January 2 (KCNA) -- ", "2022-01-02", "day", DEC),  # December article, next January
    G("Pyongyang, December 30 (KCNA) -- ", "2021-12-30", "day", DEC),
    G("Pyongyang, May 2 (KCNA) -- The DPRK Foreign Ministry", "2022-05-02", "day", JAN),
    G("February 29", "2020-02-29", "day", date(2022, 1, 1)),  # nearest leap year
    G("February 29", "2024-02-29", "day", date(2023, 9, 1)),
    G("last year", "2020", "year", datetime(2021, 10, 11, 23, 0)),  # datetime references work too
]

TIME_ZONES = [
    G("2016-01-01 12:00", "2016-01-01T12:00:00+08:30", "datetime", tz=PYONGYANG),
    G("2019-01-01 12:00", "2019-01-01T12:00:00+09:00", "datetime", tz=PYONGYANG),
    G("2015-08-14 12:00", "2015-08-14T12:00:00+09:00", "datetime", tz=PYONGYANG),
    G("2015-08-15 12:00", "2015-08-15T12:00:00+08:30", "datetime", tz=PYONGYANG),
    G("2018-05-05 12:00", "2018-05-05T12:00:00+09:00", "datetime", tz=PYONGYANG),
    G("2015-08-14 23:45", "2015-08-14T23:45:00+09:00", "datetime", tz=PYONGYANG),  # ambiguous: fold=0
    G("2018-05-04 23:45", "2018-05-04T23:45:00+08:30", "datetime", tz=PYONGYANG),  # nonexistent: fold=0
    G("2021-10-10T08:30:00+09:00", "2021-10-10T08:30:00+09:00", "datetime", tz="UTC"),  # text offset wins
    G("2021-10-10", "2021-10-10", "day", tz=PYONGYANG),  # dates are not shifted
    G("2021-10-10 08:30", "2021-10-10T08:30:00+09:00", "datetime", tz="Asia/Seoul"),
]

NONE = [
    N(""),
    N("No date here at all."),
    N("110"),
    N("in 2021"),  # bare years count only as a whole field
    N("1,2021 people"),
    N("民國110年"),  # Minguo shares the Juche offset: never Juche
    N("中華民國110年10月10日"),
    N("민국110년 10월 10일", REF),  # a Korean-written Minguo date is not a year-less one
    N("Pyongyang, July 14 (KCNA) --"),  # no reference: year unknown
    N("April 15"),
    N("last year"),
    N("early April last year"),
    N("10월 10일"),
    N("they may 5 go", REF),  # lower-case "may" without a year is a verb
    N("we march 10 km", REF),
    N("Juche idea"),
    N("2021-10-1012"),
    N("1.2021.10.10"),
    N("the Juche-oriented policy of 1990s"),
]

ALL_CASES = JUCHE_ENGLISH + JUCHE_KCNA + KOREAN + ISO + RFC2822 + ENGLISH + RELATIVE_AND_YEARLESS + TIME_ZONES + NONE


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: repr(c.text)[:60])
def test_parse_date_table(case: Case) -> None:
    result = parse_date(case.text, reference=case.reference, tz=case.tz)
    if case.iso is None:
        assert result is None
        return
    assert result is not None
    assert (result.iso, result.precision, result.calendar) == (case.iso, case.precision, case.calendar)


ERRORS = [
    ("Juche 110 (2022)", "Juche 110 is 2021"),
    ("October 10, Juche 110 (2022)", "Juche 110 is 2021"),
    ("주체110(2022)년 10월 10일", "Juche 110 is 2021"),
    ("주체110년 (2020년)", "Juche 110 is 2021"),
    ("February 30, Juche 110 (2021)", "day 30 is out of range for February 2021"),
    ("February 29, Juche 110 (2021)", "day 29 is out of range for February 2021"),
    ("Juche 0", "Juche 0 is invalid"),
    ("Juche 0 (1911)", "Juche 0 is invalid"),
    ("주체0년", "Juche 0 is invalid"),
    ("Juche 0.1.1.", "Juche 0 is invalid"),
    ("Juche 113.13.4.", "month 13 is out of range"),
    ("Juche 113.2.30.", "day 30 is out of range for February 2024"),
    ("2021-13-01", "month 13 is out of range"),
    ("2021-02-29", "day 29 is out of range for February 2021"),
    ("2021-10-00", "day 0 is out of range"),
    ("0000-01-01", "year 0 is out of range"),
    ("2021-10-10T25:00", "time 25:00"),
    ("2021-10-10T08:61", "out of range"),
    ("2021-10-10T08:30:00+25:00", "UTC offset"),
    ("0001-01-01T00:30:00+09:00", "outside years 1-9999"),
    ("Sun, 31 Feb 2021 08:30:00 +0900", "day 31 is out of range for February 2021"),
    ("April 31, 2021", "day 31 is out of range for April 2021"),
    ("October 10, 2021 Monday", "contradicts 2021-10-10, which is a Sunday"),
    ("Saturday, October 10, 2021", "contradicts 2021-10-10"),
    ("Feb. 11, Juche 111 (2022) Saturday", "contradicts 2022-02-11, which is a Friday"),
    ("2021년 10월 10일 월요일", "contradicts 2021-10-10"),
    ("2021.2.30.", "day 30 is out of range"),
    ("2021년 13월", "month 13 is out of range"),
]


@pytest.mark.parametrize("text, fragment", ERRORS, ids=[e[0] for e in ERRORS])
def test_parse_date_rejects_impossible_dates(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text, reference=REF)


YEARLESS_ERRORS = [
    ("April 31", "day 31 is out of range for April"),
    ("February 30", "day 30 is out of range for February"),
    ("13월 1일", "month 13 is out of range"),
    ("Sunday, April 15", "contradicts 2021-04-15"),
]


@pytest.mark.parametrize("text, fragment", YEARLESS_ERRORS, ids=[e[0] for e in YEARLESS_ERRORS])
def test_yearless_impossible_dates_raise_with_reference(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_date(text, reference=REF)
    assert parse_date(text) is None  # without a reference it never gets as far as checking


INSTANTS = [
    ("2016-01-01 12:00", PYONGYANG, "2016-01-01T03:30:00+00:00"),
    ("2019-01-01 12:00", PYONGYANG, "2019-01-01T03:00:00+00:00"),
    ("2017-06-01T00:00", PYONGYANG, "2017-05-31T15:30:00+00:00"),
    ("2015-08-14 23:45", PYONGYANG, "2015-08-14T14:45:00+00:00"),
    ("2018-05-04 23:45", PYONGYANG, "2018-05-04T15:15:00+00:00"),
    ("2021-10-10T08:30:00+09:00", None, "2021-10-09T23:30:00+00:00"),
    ("2021-10-10T08:30:00Z", None, "2021-10-10T08:30:00+00:00"),
    ("2021-10-10T08:30:00+09:00", "America/New_York", "2021-10-09T23:30:00+00:00"),
    ("Sun, 10 Oct 2021 08:30:00 +0900", None, "2021-10-09T23:30:00+00:00"),
    ("Sun, 10 Oct 2021 08:30:00", PYONGYANG, "2021-10-09T23:30:00+00:00"),
    ("2021-10-10 08:30:00", None, None),
]


@pytest.mark.parametrize("text, tz, instant", INSTANTS, ids=[f"{t}|{z}" for t, z, _ in INSTANTS])
def test_instant_is_utc_when_the_zone_is_known(text: str, tz: Optional[str], instant: Optional[str]) -> None:
    result = parse_date(text, tz=tz)
    assert result is not None and result.precision == "datetime"
    if instant is None:
        assert result.instant is None and result.local is not None and result.local.tzinfo is None
    else:
        assert result.instant is not None and result.instant.isoformat() == instant
        assert result.instant.tzinfo is timezone.utc
        assert result.local is not None and result.local.utcoffset() is not None
        # the same moment (compared via the offset: PEP 495 makes ambiguous times unequal across zones)
        assert result.local.replace(tzinfo=None) - result.local.utcoffset() == result.instant.replace(tzinfo=None)


FIND_CASES = [
    (
        "Therefore, Kim Jong Un organized a short course for chief secretaries of city and county Party "
        "committees in March Juche 110 (2021).",
        None,
        [("March Juche 110 (2021)", "2021-03")],
    ),
    (
        "The Sixth Conference of Cell Secretaries took place in early April last year.",
        date(2022, 6, 1),
        [("early April last year", "2021-04")],
    ),
    ("The Sixth Conference of Cell Secretaries took place in early April last year.", None, []),
    (
        "October 10, Juche 110 (2021) was the 76th founding anniversary of the WPK.",
        None,
        [("October 10, Juche 110 (2021)", "2021-10-10")],
    ),
    (
        "Pyongyang, October 10 (KCNA) -- The respected Comrade Kim Jong Un visited the Kumsusan Palace "
        "of the Sun on the 76th founding anniversary of the WPK. -0- www.kcna.kp (Juche110.10.10.)",
        date(2021, 10, 10),
        [("October 10", "2021-10-10"), ("Juche110.10.10.", "2021-10-10")],
    ),
    (
        "Pyongyang, October 10 (KCNA) -- text. -0- www.kcna.kp (Juche110.10.10.)",
        None,
        [("Juche110.10.10.", "2021-10-10")],
    ),
    ("Rodong Sinmun Feb. 11, Juche 111 (2022) Friday [Photo]", None, [("Feb. 11, Juche 111 (2022) Friday", "2022-02-11")]),
    ("[Juche 108.12.10.] The report said", None, [("Juche 108.12.10.", "2019-12-10")]),
    (
        "주체110(2021)년 10월 10일 조선로동당창건 76돐을 맞으며 경축행사가 진행되였다.",
        None,
        [("주체110(2021)년 10월 10일", "2021-10-10")],
    ),
    (
        "The plant produced 1,2021 tons in 2021 and 2,500 in 2022, up 30 percent from 110.",
        REF,
        [],
    ),
    (
        "Between Juche 109 (2020) and Juche 110 (2021) the monument was built.",
        None,
        [("Juche 109 (2020)", "2020"), ("Juche 110 (2021)", "2021")],
    ),
    (
        "A meeting on Sept. 5, 2021 and another on 2021-10-10T08:30:00+09:00 followed.",
        None,
        [("Sept. 5, 2021", "2021-09-05"), ("2021-10-10T08:30:00+09:00", "2021-10-10T08:30:00+09:00")],
    ),
    (
        "Held on Sunday, October 10, 2021, the performance was a success.",
        None,
        [("Sunday, October 10, 2021", "2021-10-10")],
    ),
    ("It was signed on 10 October, Juche 110 (2021).", None, [("10 October, Juche 110 (2021)", "2021-10-10")]),
    ("The talks resumed this year after they stalled last year.", REF, [("this year", "2021"), ("last year", "2020")]),
    ("中華民國110年10月10日 and 民國110年 are Minguo dates.", REF, []),
    ("October\u00a010,\u00a0Juche\u00a0110 (２０２１) was marked.", None, [("October\u00a010,\u00a0Juche\u00a0110 (２０２１)", "2021-10-10")]),
    ("The ﬁrst date: Juche ＂110＂ no; Juche １１０ (２０２１) yes.", None, [("Juche １１０ (２０２１)", "2021")]),
    ("On October 10-12, 2021 the fair opened.", None, [("October 10-12, 2021", "2021-10-10")]),
    ("2021년 10월에 새 살림집들이 일떠섰다.", None, [("2021년 10월", "2021-10")]),
    ("The party met on April 15 and in March 2021.", date(2022, 4, 20), [("April 15", "2022-04-15"), ("March 2021", "2021-03")]),
]


@pytest.mark.parametrize("text, reference, expected", FIND_CASES, ids=[c[0][:50] for c in FIND_CASES])
def test_find_dates_table(text: str, reference: Optional[date], expected: list[tuple[str, str]]) -> None:
    mentions = find_dates(text, reference=reference)
    assert [(m.text, m.date.iso) for m in mentions] == expected
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_find_dates_skips_and_logs_contradictions(caplog: pytest.LogCaptureFixture) -> None:
    text = "Founded October 10, Juche 110 (2022); reopened October 10, Juche 110 (2021)."
    with caplog.at_level(logging.WARNING, logger="crawler.dates"):
        mentions = find_dates(text)
    assert [m.text for m in mentions] == ["October 10, Juche 110 (2021)"]
    assert any("Juche 110 is 2021" in r.getMessage() for r in caplog.records)


def test_longest_match_is_one_mention() -> None:
    (mention,) = find_dates("October 10, Juche 110 (2021)")
    assert (mention.start, mention.end) == (0, 28)


def test_result_fields() -> None:
    month = parse_date("March Juche 110 (2021)")
    assert month == NormalisedDate("2021-03", "month", "juche", date(2021, 3, 1))
    assert month.local is None and month.instant is None and month.juche_year == 110
    year = parse_date("Juche 1")
    assert year is not None and year.date == date(1912, 1, 1) and year.juche_year == 1
    dt = parse_date("2016-01-01 12:00", tz=ZoneInfo(PYONGYANG))  # a tzinfo works as well as a name
    assert dt is not None and dt.date == date(2016, 1, 1)
    assert dt.local == datetime(2016, 1, 1, 12, 0, tzinfo=ZoneInfo(PYONGYANG))
    assert dt.local.utcoffset() == timedelta(hours=8, minutes=30)
    with pytest.raises(AttributeError):
        month.iso = "2022"  # type: ignore[misc]
    mention = find_dates("on 2021-10-10")[0]
    assert mention == DateMention("2021-10-10", 3, 13, parse_date("2021-10-10"))


def test_parse_date_reads_the_first_expression() -> None:
    assert parse_date("Juche 110 (2021) and Juche 111 (2022)").iso == "2021"  # type: ignore[union-attr]
    assert parse_date("October 10, 2021 then Juche 110 (2022)").iso == "2021-10-10"  # type: ignore[union-attr]
    assert parse_date("Pyongyang, July 14 (KCNA) -- on October 10, 2021") is None  # first one incomplete


def test_empty_input() -> None:
    assert parse_date(None) is None and parse_date("") is None and find_dates("") == []


def test_unknown_time_zone_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_date("2021-10-10 08:30", tz="Mars/Olympus_Mons")


def test_module_is_pure() -> None:
    source = inspect.getsource(dates_module)
    assert "scrapy" not in source.split('"""', 2)[2]  # no Scrapy import after the docstring
    assert dates_module.__doc__ and dates_module.__doc__.strip()
    assert JUCHE_OFFSET == 1911


def test_table_is_big_enough() -> None:
    total = len(ALL_CASES) + len(ERRORS) + len(YEARLESS_ERRORS) + len(INSTANTS) + len(FIND_CASES)
    assert total >= 150


# --------------------------------------------------------------------------- properties

DATEISH_TOKENS = [
    "Juche", "juche", "주체", "년", "월", "일", "요일", "(", ")", "[", "]", ".", ",", "-", "\u2013", "\u2014", ":",
    " ", "  ", "\u00a0", "\u3000", "\n", "T", "Z", "+09:00", "+0900", "GMT", "UTC", "EST",
    "October", "Oct.", "Sept.", "sep", "may", "May", "March", "Feb", "Sunday", "Sun,", "Mon", "(일)",
    "last year", "this year", "next", "early", "mid-", "of", "th", "KCNA", "(KCNA) --",
    "0", "1", "2", "9", "10", "12", "29", "30", "31", "99", "110", "113", "1911", "1912", "2021", "2022",
    "9999", "0000", "１", "２０２１", "１１０", "ﬁ", "⒛", "㏩", "½", "民國", "年", "e\u0301",
]
dateish_text = st.lists(
    st.one_of(st.sampled_from(DATEISH_TOKENS), st.text(max_size=3)), max_size=25
).map("".join)
any_text = st.one_of(st.text(), dateish_text)
references = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
zones = st.sampled_from([None, PYONGYANG, "UTC", "America/New_York", "Asia/Kolkata"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, reference=references, tz=zones)
def test_parse_date_only_ever_raises_value_error(text: str, reference: Optional[date], tz: Optional[str]) -> None:
    try:
        result = parse_date(text, reference=reference, tz=tz)
    except ValueError:
        return
    assert result is None or isinstance(result, NormalisedDate)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text, reference=references, tz=zones)
def test_find_dates_never_raises_and_spans_slice_back(text: str, reference: Optional[date], tz: Optional[str]) -> None:
    mentions = find_dates(text, reference=reference, tz=tz)
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert previous_end <= m.start < m.end <= len(text)
        assert isinstance(m.date, NormalisedDate)
        previous_end = m.end


_UNGATED = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    + "|".join(
        f"(?P<{fam}>{dates_module._prefixed(fam, pat)})" for fam, _, pat in dates_module._FAMILY_PATTERNS
    )
    + ")",
    dates_module._FLAGS,
)


def _scan(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], Optional[str]]]:
    norm = dates_module._normalise(text).text
    return [(m.span(), m.lastgroup) for m in pattern.finditer(norm)]


def test_speed_gates_never_change_what_matches() -> None:
    """The master regex's lookahead gates are an optimisation only (white-box check)."""
    corpus = "\n".join(
        [c.text for c in ALL_CASES] + [t for t, _ in ERRORS] + [t for t, _, _ in INSTANTS] + [t for t, _, _ in FIND_CASES]
    )
    assert _scan(dates_module._MASTER, corpus) == _scan(_UNGATED, corpus)


@settings(max_examples=300)
@given(any_text)
def test_speed_gates_never_change_what_matches_property(text: str) -> None:
    assert _scan(dates_module._MASTER, text) == _scan(_UNGATED, text)


def test_juche_and_gregorian_agree_for_years_1_to_200() -> None:
    for j in range(1, 201):
        g = j + JUCHE_OFFSET
        expected = date(g, 1, 1)
        for text in (f"Juche {j} ({g})", f"Juche {j}", f"Juche{j}({g})", f"주체{j}({g})년", f"주체{j}년", f"{g}", f"{g}년"):
            result = parse_date(text)
            assert result is not None and result.date == expected and result.precision == "year", text
        day = date(g, 10, 10)
        for text in (f"October 10, Juche {j} ({g})", f"Juche {j}.10.10.", f"주체{j}({g})년 10월 10일",
                     f"October 10, {g}", f"{g}-10-10", f"{g}.10.10."):
            result = parse_date(text)
            assert result is not None and result.date == day, text
        with pytest.raises(ValueError, match=f"Juche {j} is {g}"):
            parse_date(f"Juche {j} ({g + 1})")
    assert parse_date("Juche 1").date == date(1912, 1, 1)  # type: ignore[union-attr]


def _formats(d: date, juche: int) -> list[tuple[str, str]]:
    month = d.strftime("%B")
    return [
        (f"{month} {d.day}, Juche {juche} ({d.year})", "juche"),
        (f"{d.day} {month}, Juche {juche} ({d.year})", "juche"),
        (f"{d.strftime('%A')}, {d.strftime('%b')}. {d.day}, Juche {juche} ({d.year})", "juche"),
        (f"Juche {juche}.{d.month}.{d.day}.", "juche"),
        (f"주체{juche}({d.year})년 {d.month}월 {d.day}일", "juche"),
        (f"{month} {d.day}, {d.year} {d.strftime('%A')}", "gregorian"),
        (f"{d.day} {month} {d.year}", "gregorian"),
        (f"{d.isoformat()}", "gregorian"),
        (f"{d.year}.{d.month}.{d.day}.", "gregorian"),
        (f"{d.year}년 {d.month}월 {d.day}일", "gregorian"),
    ]


@given(st.dates(min_value=date(1912, 1, 1), max_value=date(2111, 12, 31)))
def test_every_family_round_trips_a_date(d: date) -> None:
    for text, calendar in _formats(d, d.year - JUCHE_OFFSET):
        result = parse_date(text)
        assert result is not None and result.date == d and result.precision == "day", text
        assert result.calendar == calendar, text
        (mention,) = find_dates(f"It happened on {text} in the capital.")
        assert mention.text == text and mention.date == result


@given(
    st.dates(min_value=date(1912, 1, 1), max_value=date(2111, 12, 31)),
    st.sampled_from(["\u00a0", "\u3000", " "]),
    st.booleans(),
)
def test_full_width_and_nbsp_spans(d: date, space: str, wide: bool) -> None:
    text = f"보도: {d.strftime('%B')}{space}{d.day},{space}Juche{space}{d.year - JUCHE_OFFSET}{space}({d.year}) 끝"
    if wide:
        text = text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    (mention,) = find_dates(text)
    assert text[mention.start : mention.end] == mention.text
    assert mention.date.date == d and mention.date.calendar == "juche"
    assert unicodedata.normalize("NFKC", mention.text).startswith(d.strftime("%B"))


@given(st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)), st.integers(1, 12), st.integers(1, 28))
def test_yearless_dates_land_nearest_the_reference(reference: date, month: int, day: int) -> None:
    result = parse_date(f"{date(2000, month, day).strftime('%B')} {day}", reference=reference)
    assert result is not None
    distance = abs((result.date - reference).days)
    assert distance <= 183
    for other_year in (result.date.year - 1, result.date.year + 1):
        assert abs((date(other_year, month, day) - reference).days) >= distance


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)))
def test_pyongyang_offset_follows_zoneinfo_history(naive: datetime) -> None:
    naive = naive.replace(second=0, microsecond=0)
    result = parse_date(naive.strftime("%Y-%m-%d %H:%M"), tz=PYONGYANG)
    assert result is not None and result.instant is not None
    expected = naive.replace(tzinfo=ZoneInfo(PYONGYANG)).astimezone(timezone.utc)
    assert result.instant == expected
    if datetime(2015, 8, 15, 1) <= naive <= datetime(2018, 5, 4, 23):
        assert result.local.utcoffset() == timedelta(hours=8, minutes=30)  # type: ignore[union-attr]
    elif naive < datetime(2015, 8, 14, 23) or naive > datetime(2018, 5, 5, 1):
        assert result.local.utcoffset() == timedelta(hours=9)  # type: ignore[union-attr]


# --------------------------------------------------------------------------- other languages, numeric and ISO basic forms

OTHER_FORMS = [
    ("23.11.2020", "2020-11-23"),
    ("1. 2. 2021", "2021-02-01"),
    ("11.14.2019", "2019-11-14"),  # a month above 12 can only be a US month-first date
    ("Veröffentlicht am 23.11.2020 um 14:30", "2020-11-23T14:30:00"),
    ("20201123T11:02:35Z", "2020-11-23T11:02:35+00:00"),
    ("20201123T110235+0900", "2020-11-23T11:02:35+09:00"),
    ("23. November 2020", "2020-11-23"),  # German
    ("Montag, 12. März 2019", "2019-03-12"),
    ("3. Okt. 2019", "2019-10-03"),
    ("1er mars 2021", "2021-03-01"),  # French
    ("le 14 juillet 2020", "2020-07-14"),
    ("5 févr. 2018", "2018-02-05"),
    ("23 de noviembre de 2020", "2020-11-23"),  # Spanish
    ("5 de março de 2020", "2020-03-05"),  # Portuguese
    ("23 ноября 2020 г.", "2020-11-23"),  # Russian, genitive
    ("1 МАЯ 2019", "2019-05-01"),
    ("12 giugno 2017", "2017-06-12"),  # Italian
    ("4 maart 2016", "2016-03-04"),  # Dutch
]


@pytest.mark.parametrize("text, iso", OTHER_FORMS, ids=[text for text, _ in OTHER_FORMS])
def test_parse_date_reads_other_languages_and_numeric_forms(text: str, iso: str) -> None:
    result = parse_date(text)
    assert result is not None and result.iso == iso


def test_a_version_number_is_not_a_day_month_year() -> None:
    assert find_dates("Version 1.12.2020a and build 4.5.2020b") == []


# --------------------------------------------------------------------------- KCNA expressions (issue 10)

KCNA_REF = date(2021, 10, 13)  # a Wednesday


KCNA_CASES = [
    ("He arrived at 09:45 of October 9 by air.", [("October 9", "2021-10-09")]),
    ("The April 25 Sports Team won the match.", []),
    ("Workers of the February 8 Vinalon Complex overfulfilled the plan.", []),
    ("A message came from the March 26 Movement of Uruguay.", []),
    ("The south violated the September 19 military agreement.", []),
    ("On April 25 the team was founded.", [("April 25", "2021-04-25")]),
    ("The harvest ended in late July.", [("late July", "2021-07")]),
    ("It will open at the end of this month.", [("end of this month", "2021-10")]),
    ("It opened on the 27th of last month.", [("27th of last month", "2021-09-27")]),
    ("The delegation left Pyongyang on Tuesday.", [("Tuesday", "2021-10-12")]),
    ("The meeting was held on Wednesday.", [("Wednesday", "2021-10-13")]),
    ("The plenary meeting closed on Sunday.", [("Sunday", "2021-10-10")]),
    ("It was held on Tuesday, October 12, 2021.", [("Tuesday, October 12, 2021", "2021-10-12")]),
    ("Sunday school and Tuesday markets are not dates.", []),
]


@pytest.mark.parametrize("text, expected", KCNA_CASES, ids=[text[:50] for text, _ in KCNA_CASES])
def test_kcna_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.date.iso) for m in find_dates(text, reference=KCNA_REF)] == expected


def test_late_month_without_a_year_is_the_nearest_such_month() -> None:
    (mention,) = find_dates("The work began in late November.", reference=date(2022, 1, 5))
    assert mention.date.iso == "2021-11"
