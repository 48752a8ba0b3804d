"""Plain-text logic shared by the pipelines: HTML to paragraphs, whitespace normalisation, state-media conventions, body hashes.

Pure functions with no Scrapy import, so they are tested and benchmarked directly.
"""

from __future__ import annotations

import hashlib
import re

import lxml.html
from lxml import etree

#: Elements whose content stands as a paragraph of its own.
BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
#: Block elements that can hold a paragraph's text (an <hr> holds none).
LEAF_BLOCK_TAGS = BLOCK_TAGS - {"hr"}
#: Elements whose text is never article text.
SKIPPED_TAGS = frozenset("script style noscript template head title iframe object svg button select option".split())

_SPACES = re.compile(r"[^\S\n]+")
#: Characters that render as nothing: soft hyphens, zero-width spaces, word joiners, byte-order
#: marks. (Zero-width joiners and non-joiners stay: Indic and Persian spelling needs them.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n\s*\n")


def normalise_paragraph(text: str) -> str:
    """One paragraph: runs of spaces (NBSP and other Unicode spaces included) become one space."""
    lines = (_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalise_body(text: str) -> str:
    """Paragraphs separated by exactly one blank line, whitespace normalised inside each."""
    paragraphs = (normalise_paragraph(chunk) for chunk in _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n")))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a normalised body."""
    return [paragraph for paragraph in text.split("\n\n") if paragraph]


def parse_fragment(html: str | None) -> etree._Element | None:
    """An HTML fragment under one `<div>` root; None for empty or unparseable input."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def inner_html(root: etree._Element) -> str:
    """The markup inside `root` (the inverse of `parse_fragment`'s wrapping)."""
    return ((root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)).strip()


def text_blocks(root: etree._Element) -> list[etree._Element]:
    """Block elements with no block inside: the paragraphs, headings and list items of a fragment."""
    return [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and element.tag in LEAF_BLOCK_TAGS
        and element is not root
        and not any(isinstance(inner.tag, str) and inner.tag in LEAF_BLOCK_TAGS for inner in element.iterdescendants())
    ]


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, block elements as paragraphs and `<br>` as a line break."""
    root = parse_fragment(html)
    if root is None:
        return ""
    chunks: list[str] = []
    _collect_text(root, chunks)
    return normalise_body("".join(chunks))


def _collect_text(element: etree._Element, chunks: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""  # comments and processing instructions: ""
    if not tag or tag in SKIPPED_TAGS:
        if element.tail:
            chunks.append(_source_spaces(element.tail))
        return
    is_block = tag in BLOCK_TAGS
    if is_block:
        chunks.append("\n\n")
    if tag == "br":
        chunks.append("\n")
    if element.text:
        chunks.append(_source_spaces(element.text))
    for child in element:
        _collect_text(child, chunks)
    if is_block:
        chunks.append("\n\n")
    if element.tail:
        chunks.append(_source_spaces(element.tail))


def _source_spaces(text: str) -> str:
    """Line breaks in HTML source are spaces when rendered; only `<br>` and blocks break lines."""
    return text.replace("\r", " ").replace("\n", " ")


#: A news-agency dateline opening the first paragraph: "Pyongyang, July 14 (KCNA) --".
DATELINE = re.compile(
    r"(?P<dateline>[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3},\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?\s+"
    r"\([A-Z][\w .-]{1,30}\)\s*(?:--|\u2014|\u2013|-))"
)
#: KCNA's end-of-article mark, alone on a line or closing the last paragraph.
END_MARK = re.compile(r"-\s*0\s*-")
TRAILING_END_MARK = re.compile(r"\s*-0-\s*$")
#: Titles and names that inline markup glues to their neighbours ("ComradeKim Jong Un"): the
#: leader's name is often set in its own <span> or <strong>, and copied text loses the space.
_LEADER_NAMES = r"Kim (?:Il Sung|Jong Il|Jong Un|Yo Jong|Jong Suk)"
_GLUED_TITLES = ("Comrade", "Marshal", "Chairman", "President", "Secretary")
_GLUED_BEFORE = re.compile(rf"(?<=[a-z,;:])(?=(?:{'|'.join(_GLUED_TITLES)}|{_LEADER_NAMES}))")
_GLUED_AFTER_TITLE = re.compile("(?:" + "|".join(f"(?<={title})" for title in _GLUED_TITLES) + ")(?=[A-Z][a-z])")
#: ...but not before the endings of words made from the names ("Kimilsungist", "Kimjongilia").
_GLUED_AFTER_NAME = re.compile(rf"({_LEADER_NAMES})(?=[a-z])(?!(?:ist|ism|ia|ite)s?\b)")


def find_dateline(body: str) -> str | None:
    """The dateline opening the first paragraph of `body`, e.g. "Pyongyang, July 14 (KCNA) --"."""
    first = body.lstrip()[:200]
    match = DATELINE.match(first)
    return " ".join(match["dateline"].split()) if match else None


def strip_end_marks(text: str) -> str:
    """`text` without KCNA "-0-" end marks: whole lines go, a mark closing a line is cut off."""
    lines = (TRAILING_END_MARK.sub("", line) for line in text.split("\n") if not END_MARK.fullmatch(line.strip()))
    return normalise_body("\n".join(lines))


def unglue_words(text: str) -> str:
    """Spaces back between a title or word and a leader's name that copied text glued together."""
    text = _GLUED_BEFORE.sub(" ", text)
    text = _GLUED_AFTER_TITLE.sub(" ", text)
    return _GLUED_AFTER_NAME.sub(r"\1 ", text)


def content_hash(body: str) -> str:
    """SHA-256 of the body with all whitespace collapsed, so reflowed copies hash alike."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()
