"""Plain-text logic shared by locating and cleaning: HTML to paragraphs, whitespace normalisation, state-media conventions, body hashes.

Pure functions with no Scrapy import, so they are tested and benchmarked directly.
"""

from __future__ import annotations

import codecs
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
#: What `tree_text` empties: the skipped tags, comments and processing instructions.
_SKIPPED_NODES = (*SKIPPED_TAGS, etree.Comment, etree.ProcessingInstruction)

#: Class and id names of the elements that are something other than the article (whole names:
#: "sidebar-right" on a layout wrapper or "elementor-widget" on a page builder's content box are not
#: furniture).
FURNITURE_NAMES = frozenset(
    "comment comments comment-list commentlist comment-content comment-body comments-area respond "
    "sidebar widget widget-area secondary related related-posts jp-relatedposts footer site-footer "
    "author-box author-bio newsletter".split()
)
FURNITURE_TAGS = frozenset({"aside", "footer", "nav"})

#: Characters that render as nothing: soft hyphens, zero-width spaces, word joiners, byte-order
#: marks. (Zero-width joiners and non-joiners stay: Indic and Persian spelling needs them.)
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n\s*\n")
#: The non-characters `tree_text` marks a block's edges and a `<br>` with: no parsed text holds them.
_BLOCK_MARK, _BREAK_MARK = "\ufdd0", "\ufdd1"
#: The non-characters nothing renders (U+FFFE and U+FFFF, which lxml refuses, and the two marks).
_WIDE_NON_CHARACTERS = ("\ufffe", "\uffff", _BLOCK_MARK, _BREAK_MARK)
#: What lxml refuses or nothing renders: C0 controls (tab and line breaks excepted) and the wide
#: non-characters. A space stands in, so the words either side stay apart.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f" + "".join(_WIDE_NON_CHARACTERS) + "]")
#: Lone surrogates (valid JSON can carry one, half of an emoji), which UTF-8 cannot encode: the
#: replacement character stands in, so the text around it is kept.
_UNENCODABLE = re.compile("[\ud800-\udfff]")
#: In a fragment these end tags can only be stray, and libxml2 drops all that follows them.
_DOCUMENT_END_TAGS = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)

#: The one lxml configuration for pages and fragments alike. `huge_tree` lifts libxml2's limits
#: (nesting 256 -> 2048 levels, text nodes 10 MB -> 1 GB) that otherwise cut a page short without
#: a word; bytes are always UTF-8 (a page's own charset declaration was dealt with when it was
#: decoded); comments and processing instructions are never article text.
HTML_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True, collect_ids=False
)
#: Every element an `HtmlElement`, chosen in C: lxml.html's own lookup calls Python for each element
#: a walk touches (to give forms and inputs their classes, which nothing here uses), about a twentieth
#: of locating and cleaning a page.
HTML_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction
    )
)


class UnparseableHTML(ValueError):
    """HTML that lxml cannot read whole (nested deeper than libxml2 allows): rejected, never truncated."""


def valid_text(text: str) -> str:
    """`text` as lxml, UTF-8 and Arrow all accept it: control characters and non-characters become
    spaces, lone surrogates U+FFFD."""
    return _UNENCODABLE.sub("\ufffd", _CONTROLS.sub(" ", text))


#: Latin-1 bytes as "x" for a word character (what `\w` matches: `isalnum()` and "_"), else a space.
_LATIN1_WORD_BYTES = bytes(ord("x") if chr(byte).isalnum() or byte == ord("_") else ord(" ") for byte in range(256))
_WORD_SHAPE = "sinmun.word-shape"
#: The typographic marks beyond Latin-1 that prose is full of (curly quotes, dashes, ellipses): not
#: word characters, so each is a space to the count, and the encoder's handler is not called for it.
_TYPOGRAPHY = "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026"


def _word_shape(error: UnicodeError) -> tuple[str, int]:
    """The Latin-1 encoder's stand-in for a run of characters beyond it: "x" for each word character
    (`\\w` is `isalnum()` and "_"), a space for the rest."""
    assert isinstance(error, UnicodeEncodeError)
    run = error.object[error.start : error.end]
    return "".join("x" if character.isalnum() else " " for character in run), error.end


codecs.register_error(_WORD_SHAPE, _word_shape)


def word_count(text: str) -> int:
    """How many `\\w+` words `text` holds, counted on its shape in bytes (word characters "x", the
    rest spaces): Latin-1 letters are shaped by a byte table, typographic marks become spaces first,
    and the encoder's handler shapes the few characters left. Two to ten times faster than the
    regular expression's matches; the handler called for every curly quote cost 1.7 % of a page."""
    if not text.isascii():
        for mark in _TYPOGRAPHY:
            text = text.replace(mark, " ")
    return (b" " + text.encode("latin-1", _WORD_SHAPE).translate(_LATIN1_WORD_BYTES)).count(b" x")


def normalise_paragraph(text: str) -> str:
    """One paragraph: runs of spaces (NBSP and other Unicode spaces included) become one space.
    (`str.split` splits at the spaces `\\s` matches, without a regular expression's pass.)"""
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    return "\n".join(squashed for line in text.split("\n") if (squashed := " ".join(line.split())))


def normalise_body(text: str) -> str:
    """Paragraphs separated by exactly one blank line, whitespace normalised inside each."""
    paragraphs = (normalise_paragraph(chunk) for chunk in _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n")))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a normalised body."""
    return [paragraph for paragraph in text.split("\n\n") if paragraph]


def is_furniture(element: etree._Element) -> bool:
    """Is `element` itself a comment, a sidebar, a widget, a related box, a navigation or a footer?"""
    if element.tag in FURNITURE_TAGS:
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    return not FURNITURE_NAMES.isdisjoint(names)


def in_furniture(element: etree._Element) -> bool:
    """Is `element` inside a comment, a sidebar, a widget, a related box or a footer?"""
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if is_furniture(ancestor):
            return True
    return False


#: `valid_text`'s control characters as UTF-8 bytes (one byte each, never inside a longer sequence), to spaces.
_CONTROL_BYTES = bytes(32 if byte < 32 and byte not in (9, 10, 13) else byte for byte in range(256))


def valid_utf8(text: str) -> bytes:
    """`valid_text(text)` encoded as UTF-8, without its two passes of regular expressions over a
    whole page: the encoder finds lone surrogates, a byte table the controls. The wide
    non-characters (U+FFFE, U+FFFF, `tree_text`'s marks) are looked for in the text, where a text
    without characters that wide is passed at once, not in its bytes, whose search stopped at every
    non-ASCII character."""
    for wide in _WIDE_NON_CHARACTERS:
        if wide in text:
            text = text.replace(wide, " ")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = _UNENCODABLE.sub("\ufffd", text).encode("utf-8")
    return data.translate(_CONTROL_BYTES)


def _parse(markup: str) -> etree._Element | None:
    """`markup` parsed by `HTML_PARSER`; `UnparseableHTML` when libxml2 gave part of it up."""
    root = etree.fromstring(valid_utf8(markup), parser=HTML_PARSER)
    for error in HTML_PARSER.error_log:
        if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise UnparseableHTML(f"the HTML cannot be parsed whole: {error.message.split(',')[0]}")
    return root


def parse_document(html: str) -> etree._Element:
    """A whole page's `<html>` element (an empty one for an empty page); `UnparseableHTML` when
    the page cannot be parsed whole."""
    root = _parse(html) if html.strip() else None
    return root if root is not None else HTML_PARSER.makeelement("html")


def parse_fragment(html: str | None) -> etree._Element | None:
    """An HTML fragment under one `<div>` root; None for empty input; `UnparseableHTML` when it
    cannot be parsed whole.

    Whatever document structure the fragment carries (`<html>`, `<head>`, two `<body>` elements,
    a `<frameset>`) is flattened into the root, in order, so no text is lost to it.
    """
    if not html or not html.strip():
        return None
    document = _parse("<html><body>" + _DOCUMENT_END_TAGS.sub("", html))
    root = HTML_PARSER.makeelement("div")  # in a document of `HTML_PARSER`'s, so walks of it keep its C lookup
    for part in list(document) if document is not None else ():
        if part.tag in ("head", "body"):
            _append_text(root, part.text)
            root.extend(list(part))
            _append_text(root, part.tail)
        else:
            root.append(part)
    return root


def _append_text(root: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(root):
        root[-1].tail = (root[-1].tail or "") + text
    else:
        root.text = (root.text or "") + text


def inner_html(root: etree._Element) -> str:
    """The markup inside `root` (the inverse of `parse_fragment`'s wrapping)."""
    return ((root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)).strip()


def is_skipped(element: etree._Element) -> bool:
    """Is `element` one whose text is never rendered: a `SKIPPED_TAGS` element, a comment or a processing instruction?"""
    return not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS


def text_blocks(root: etree._Element) -> tuple[list[etree._Element], list[str]]:
    """Block elements with no block inside (the paragraphs, headings and list items of a fragment),
    and the text of each as rendered (skipped tags and comments give none), spaces squashed.

    One walk, whatever the nesting: the innermost open block gathers its text as the walk passes
    through it, and gives up when a block starts inside it (it and all that hold it hold one).
    """
    blocks: list[etree._Element] = []
    lines: list[str] = []
    block: etree._Element | None = None  # the innermost open block, while it holds none
    pieces: list[str] = []
    skipped: etree._Element | None = None  # the skipped element inside `block` the walk is in
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            tag = element.tag
            if isinstance(tag, str) and tag in LEAF_BLOCK_TAGS and element is not root:
                block, skipped = element, None
                pieces = [element.text] if element.text else []
            elif block is not None and skipped is None:
                if is_skipped(element):
                    skipped = element
                elif element.text:
                    pieces.append(element.text)
        elif element is block:
            blocks.append(block)
            lines.append(" ".join("".join(pieces).split()))
            block = None
        elif block is not None:
            if element is skipped:
                skipped = None
            if skipped is None and element.tail:
                pieces.append(element.tail)
    return blocks, lines


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, block elements as paragraphs and `<br>` as a line break."""
    root = parse_fragment(html)
    return tree_text(root) if root is not None else ""


def tree_text(root: etree._Element) -> str:
    """`html_to_text` of a fragment parsed by `parse_fragment`, read by libxml2's text serialiser:
    skipped elements are emptied (their tails stay) and marks stand where blocks and `<br>` break
    lines, so one C pass joins the text where a walk gathered it node by node. The tree is used up:
    read its markup first (`markup_and_text`)."""
    if is_skipped(root):
        return ""
    for element in list(root.iter(*_SKIPPED_NODES)):
        element.clear(keep_tail=True)
    for element in root.iter(*BLOCK_TAGS):
        element.text = _BLOCK_MARK + (element.text or "")
        element.tail = _BLOCK_MARK + (element.tail or "")
    for element in root.iter("br"):
        element.tail = _BREAK_MARK + (element.tail or "")
    text = etree.tostring(root, method="text", encoding="unicode", with_tail=False)
    return normalise_body(_source_spaces(text).replace(_BLOCK_MARK, "\n\n").replace(_BREAK_MARK, "\n"))


def markup_and_text(root: etree._Element) -> tuple[str, str]:
    """`inner_html(root)` and `tree_text(root)`, in the order that reads the markup before the text uses the tree up."""
    return inner_html(root), tree_text(root)


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
#: Titles and names that inline markup glues to their neighbours ("ComradeKim Jong Un"): the
#: leader's name is often set in its own <span> or <strong>, and copied text loses the space.
_LEADER_NAMES = r"Kim (?:Il Sung|Jong Il|Jong Un|Yo Jong|Jong Suk)"
_GLUED_TITLES = ("Comrade", "Marshal", "Chairman", "President", "Secretary")
#: Each starts with what it looks for, so most positions fail on their first character: a
#: look-behind tried at every position made ungluing a megabyte take a second.
_GLUED_STARTS = "".join(sorted({word[0] for word in (*_GLUED_TITLES, _LEADER_NAMES)}))
_GLUED_BEFORE = re.compile(rf"(?=[{_GLUED_STARTS}])(?<=[a-z,;:])(?={'|'.join(_GLUED_TITLES)}|{_LEADER_NAMES})")
_GLUED_AFTER_TITLE = re.compile(rf"({'|'.join(_GLUED_TITLES)})(?=[A-Z][a-z])")
#: ...but not before the endings of words made from the names ("Kimilsungist", "Kimjongilia").
_GLUED_AFTER_NAME = re.compile(rf"({_LEADER_NAMES})(?=[a-z])(?!(?:ist|ism|ia|ite)s?\b)")


def find_dateline(body: str) -> str | None:
    """The dateline opening the first paragraph of `body`, e.g. "Pyongyang, July 14 (KCNA) --"."""
    first = body.lstrip()[:200]
    match = DATELINE.match(first)
    return " ".join(match["dateline"].split()) if match else None


def strip_trailing_end_mark(text: str) -> str:
    """`text` without the "-0-" marks closing it ("citizens.-0--0-" loses both), else unchanged.

    String methods, not a `\\s*-0-\\s*$` search, which retries every run of spaces from each of its
    positions: a paragraph of a million spaces took minutes.
    """
    stripped = text.rstrip()
    if not stripped.endswith("-0-"):
        return text
    while stripped.endswith("-0-"):
        stripped = stripped[: -len("-0-")].rstrip()
    return stripped


def strip_end_marks(text: str) -> str:
    """`text` without KCNA "-0-" end marks: whole lines go, a mark closing a line is cut off."""
    lines = (strip_trailing_end_mark(line) for line in text.split("\n") if not END_MARK.fullmatch(line.strip()))
    return normalise_body("\n".join(lines))


def unglue_words(text: str) -> str:
    """Spaces back between a title or word and a leader's name that copied text glued together."""
    text = _GLUED_BEFORE.sub(" ", text)
    text = _GLUED_AFTER_TITLE.sub(r"\1 ", text)
    return _GLUED_AFTER_NAME.sub(r"\1 ", text)


def content_hash(body: str) -> str:
    """SHA-256 of the body with all whitespace collapsed, so reflowed copies hash alike."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()
