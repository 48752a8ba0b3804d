"""The date expressions are found by the master regex without its groups (`_FINDER`) and read by
the master where it found one: what is found, and its groups, are the master's own search's. The
date cascade's shortcuts (the byline's lower-cased class test, the page index's `<time>` and
`<abbr>` elements) find what their longer forms find."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.dates import _FINDER, _MASTER, _gate, _search
from crawler.published import _UPDATED_CLASS, _element_dates, _names_byline
from crawler.sites.selectors import PageIndex
from crawler.text import parse_document

#: The byline test as it was written first: every word, case-blind.
_BYLINE_AS_WRITTEN = re.compile(r"date|time|byline|meta|posted|publish|info|author|dateline|datum|fecha|data|date", re.IGNORECASE)
CORPUS = sorted((Path(__file__).parent / "fixtures" / "corpus").glob("*.html"))

PIECES = (
    "1", "10", "23", "2021", "20201123", "T11:02:35Z", " ", "\n", "-", "–", ".", ",", "th", "of", "de",
    "October", "OCT.", "sept", "SAT", "Sunday", "ноября", "mars", "년", "월", "일", "주체", "Juche", "110",
    "last", "This", "next", "month", "year", "early", "mid", "end of", "(", ")", "on ", "12:30", "x",
    "\u017fat", "m\u0131d", "é",
)


def _found(match: object) -> object:
    return None if match is None else (match.span(), match.groupdict())  # type: ignore[attr-defined]


def test_the_finder_has_no_groups() -> None:
    assert _FINDER.groups == 0 and _MASTER.groups > 100


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_finding_then_reading_is_the_masters_search(text: str) -> None:
    for position in range(len(text) + 1):
        assert _found(_search(text, position)) == _found(_MASTER.search(text, position))


#: The gate's three-letter prefixes as first written: a case-blind look-behind over all of them.
_GATE_AS_WRITTEN = re.compile(
    r"(?=[0-9]|주체|[abdefjlmnostw][a-z]{2}(?<=apr|aug|beg|dec|ear|end|feb|fri|jan|juc|jul|jun|las|lat|mar|may|mid"
    r"|mon|nex|nov|oct|sat|sep|sta|sun|thi|thu|tue|wed))",
    re.ASCII | re.IGNORECASE,
)


def test_the_gates_prefix_tree_admits_what_the_case_blind_look_behind_admits() -> None:
    gate = re.compile(_gate(), re.ASCII | re.IGNORECASE)
    letters = "abcdefghijklmnopqrstuvwxyz"
    starts = [a + b + c for a in letters for b in letters for c in letters]
    starts += [start.upper() for start in starts] + [start.title() for start in starts]
    starts += ["", "0", "9x", "주체", "주", "ju", "\u017fat", "m\u0131d", "\u212aan", "jé", "Ma-", "Ma1"]
    for start in starts:
        assert (gate.match(start) is None) == (_GATE_AS_WRITTEN.match(start) is None), start


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["DATE", "Datum", "daTa", "tIme", "entry-meta", "post", "Author", "Fecha", "x", " ", "-", "\u017f", "\u0131", "\u212a", "K", "é", "in", "fo"]), max_size=8).map("".join))
def test_the_byline_class_test_is_the_case_blind_search(names: str) -> None:
    assert _names_byline(names) == (_BYLINE_AS_WRITTEN.search(names) is not None)


#: The elements whose machine dates `_element_dates` reads, as a walk of the scope finds them.
_TIMES = etree.XPath(".//time[@datetime]")
_DATED_ABBRS = etree.XPath(".//abbr[@title][contains(@class, 'published') or contains(@class, 'date')]")


@pytest.mark.parametrize("page", CORPUS, ids=lambda path: path.stem)
def test_dates_on_elements_read_from_the_page_index_are_those_the_walk_finds(page: Path) -> None:
    root = parse_document(page.read_text(encoding="utf-8"))
    index = PageIndex.of(root)
    for scope in (root, *root.iter("article", "main", "div", "section", "body")):
        walked = [time.get("datetime") for time in _TIMES(scope) if not _UPDATED_CLASS.search(time.get("class") or "")]
        walked += [abbr.get("title") for abbr in _DATED_ABBRS(scope)]
        assert list(_element_dates(scope, index)) == walked, scope
