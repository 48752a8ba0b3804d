"""The date expressions are found by the master regex without its groups (`_FINDER`) and read by
the master where it found one: what is found, and its groups, are the master's own search's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.dates import _FINDER, _MASTER, _search

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
