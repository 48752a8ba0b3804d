"""Boilerplate removal: drop a site family's non-article blocks and lines, and lift term lines into fields.

Pure functions with no Scrapy import. HTML is cleaned by structure (the profile's
`drop_blocks`); text, including text dumps like the seed, by whole lines that match a profile's
`drop_lines` exactly (never by prefix, so an article paragraph that begins with "Related" or
"Categories" survives).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from pipelines.text import normalise_body, paragraphs

#: "Categories: A, B" and its theme variants; the label decides the field.
_TERM_LINE = re.compile(
    r"(?P<label>Categories:|Category:|Posted in|Filed under:?|Categorized as|Tags:|Tag:|Tagged:?)\s+(?P<terms>.+)",
    re.IGNORECASE,
)
_TAG_LABELS = {"tags:", "tag:", "tagged", "tagged:"}
#: A term list is short names separated by commas: no sentence inside it.
_TERM = re.compile(r"[^.!?;:\n]{1,60}")


@dataclass
class CleanText:
    body: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@lru_cache(maxsize=64)
def _line_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def is_boilerplate_line(line: str, patterns: tuple[str, ...]) -> bool:
    """True when the whole whitespace-normalised `line` matches one of `patterns`."""
    return bool(patterns) and _line_matcher(patterns).fullmatch(" ".join(line.split())) is not None


def parse_term_line(line: str) -> tuple[str, list[str]] | None:
    """("categories" | "tags", names) for a line such as "Categories: Ideology, Narrated"; else None."""
    match = _TERM_LINE.fullmatch(" ".join(line.split()))
    if not match:
        return None
    terms = [term.strip() for term in re.split(r",|\s·\s|\s\|\s", match["terms"])]
    if not terms or not all(_TERM.fullmatch(term) for term in terms):
        return None
    kind = "tags" if match["label"].lower() in _TAG_LABELS else "categories"
    return kind, terms


def strip_boilerplate_text(text: str, drop_lines: tuple[str, ...]) -> CleanText:
    """Drop boilerplate paragraphs anywhere and lift term lines found before or after the article.

    Term lines are lifted only from the leading and trailing runs of non-article lines, so a
    sentence in the middle of the article is never taken for one.
    """
    lines = [line for paragraph in paragraphs(normalise_body(text)) for line in paragraph.split("\n")]
    keep = [not is_boilerplate_line(line, drop_lines) for line in lines]
    terms: dict[str, list[str]] = {"categories": [], "tags": []}

    def lift_edge(indices: Iterable[int]) -> None:
        for index in indices:
            if not keep[index]:
                continue
            parsed = parse_term_line(lines[index])
            if parsed is None:
                return
            kind, names = parsed
            terms[kind].extend(name for name in names if name not in terms[kind])
            keep[index] = False

    lift_edge(range(len(lines) - 1, -1, -1))
    lift_edge(range(len(lines)))
    body = "\n\n".join(line for line, kept in zip(lines, keep) if kept)
    return CleanText(body=body, categories=terms["categories"], tags=terms["tags"])


@lru_cache(maxsize=64)
def _block_selector(selectors: tuple[str, ...]) -> CSSSelector:
    return CSSSelector(", ".join(selectors))


def strip_boilerplate_html(html: str, drop_blocks: tuple[str, ...]) -> str:
    """The HTML fragment without the elements `drop_blocks` selects (their tails are kept)."""
    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    if drop_blocks:
        for element in _block_selector(drop_blocks)(root):
            if element.getparent() is not None:
                element.drop_tree()
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner.strip()
