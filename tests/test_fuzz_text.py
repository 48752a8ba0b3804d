"""Fuzzing the text and page logic: random and mutated HTML and text never crash, stall or lose text.

Bounded for CI (a few seconds per property, see `fuzz_settings`); SINMUN_FUZZ_EXAMPLES=N runs
N examples of each. Inputs mix article words with what broke the code before: control
characters, lone surrogates, document structure inside fragments, deep nesting, runs of one
token (the shape of every super-linear regular expression found), boilerplate phrases.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from crawler.locate import locate_article, locate_text_dump
from crawler.sites import GENERIC, TEXT_DUMP, WORDPRESS, WORDPRESS_COM
from pipelines.boilerplate import _TextEdges, _unglue_inline_boundaries, _visible_text, clean_body, parse_meta_line
from pipelines.parquet import article_rows_to_table
from pipelines.rejects import Rejected
from crawler.text import BLOCK_TAGS, LEAF_BLOCK_TAGS, UnparseableHTML, html_to_text, is_skipped, normalise_body, parse_fragment, text_blocks, tree_text
from tests.conftest import FIXTURES, SEED, fuzz_settings, through_stages

PROFILES = [WORDPRESS, WORDPRESS_COM, GENERIC, TEXT_DUMP]
#: Characters that broke lxml, UTF-8 or line splitting; none of them is a letter.
ODD_CHARACTERS = [*map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff", "\ud83d", "\udc00", "\x85", "\u2028", "\u2029", "\xa0", "\u3000", "\r", "\n", "\t"]
INVALID_IN_OUTPUT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Tags that hold text the reader sees (no script, no title): their text must all come out.
TEXT_TAGS = ["p", "div", "span", "b", "i", "em", "strong", "a", "ul", "ol", "li", "h2", "blockquote", "section", "article", "table", "tr", "td", "pre"]
#: Tags whose structure broke parsing before, and tags whose text is never article text.
ODD_TAGS = ["html", "head", "body", "frameset", "frame", "iframe", "title", "script", "style", "noscript", "template", "form", "nav", "br", "hr", "button", "select", "option", "svg", "meta", "link"]
PHRASES = [
    "Share this:", "Like this:", "Related", "Leave a Reply", "Posted in", " and tagged ", "This entry was posted in ",
    " Bookmark the permalink.", "Categories:", "Tags:", " | ", " · ", "contact x at ", "a@", "@", "-0-", "- 0 -", ".",
    ",", " ", "Comrade", "Kim Jong Un", "Pyongyang, July 14 (KCNA) --", "Privacy & Cookies: This site uses cookies.",
    "Advertisement", "Report this ad", "Read more: ", "Copyright 2024 All rights reserved.", "Juche 110 (2021)",
]
CLASSES = ["entry-content", "sharedaddy", "jp-relatedposts", "entry-meta", "comment-respond", "post-content", "wpcnt"]

words = st.from_regex(r"[a-z]{3,9}", fullmatch=True)
odd = st.sampled_from(ODD_CHARACTERS)
#: One token many times over: the input that makes a backtracking pattern super-linear.
runs = st.tuples(st.one_of(st.sampled_from(PHRASES), odd, words), st.integers(1, 3000)).map(lambda run: run[0] * run[1])


def rendered(tag: str, children: list[str], closed: bool, css_class: str | None) -> str:
    attributes = f' class="{css_class}"' if css_class else ""
    return f"<{tag}{attributes}>" + "".join(children) + (f"</{tag}>" if closed else "")


def fragments(tags: list[str], text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """HTML fragments of `tags`, closed or not, with `text` for text and a deep stack now and then."""
    elements = st.recursive(
        text,
        lambda children: st.builds(
            rendered, st.sampled_from(tags), st.lists(children, max_size=5), st.booleans(), st.none() | st.sampled_from(CLASSES)
        ),
        max_leaves=30,
    )
    deep = st.builds(lambda tag, depth, inner, closed: f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else ""), st.sampled_from(tags), st.sampled_from([255, 600, 2100]), elements, st.booleans())
    return st.lists(elements | deep, min_size=1, max_size=4).map("".join)


plain_text = st.lists(words | odd, max_size=8).map(" ".join)
odd_text = st.lists(words | odd | runs | st.sampled_from(PHRASES) | st.sampled_from(["<", ">", "&", "&amp;", "&#0;", "&#xD800;", "</p>", "</body>", "</html>", "<!--", "]]>"]), max_size=10).map("".join)


def parsed_or_none(html: str):
    """`parse_fragment(html)`, None for a fragment that is empty or nested beyond the parser's limit."""
    try:
        return parse_fragment(html)
    except UnparseableHTML:
        return None


def assert_valid(text: str | None) -> None:
    if text is not None:
        assert isinstance(text, str)
        assert not INVALID_IN_OUTPUT.search(text)
        text.encode("utf-8")


@fuzz_settings(examples=50)
@given(html=fragments(TEXT_TAGS, plain_text))
def test_every_letter_of_visible_text_comes_out_in_order(html):
    """No silent loss: html_to_text keeps all the text of text-holding tags, however they nest or fail to close."""
    try:
        text = html_to_text(html)
    except UnparseableHTML:
        assert html.count("<") > 2048  # only nesting beyond the parser's limit may be refused
        return
    letters = re.sub("[^a-z]", "", re.sub(r"<[^>]*>", "", html))
    assert re.sub("[^a-z]", "", text) == letters
    assert_valid(text)


@fuzz_settings(examples=60)
@given(html=fragments(TEXT_TAGS + ODD_TAGS, odd_text))
def test_text_blocks_are_the_blocks_holding_none_each_with_its_visible_text(html):
    """The one walk of `text_blocks` gives what its definition does: the block elements with no block
    inside, in page order, and each one's rendered text as `_visible_text` reads it from the block."""
    root = parsed_or_none(html)
    if root is None:
        return
    blocks, lines = text_blocks(root)
    expected = [
        element
        for element in root.iterdescendants()
        if element.tag in LEAF_BLOCK_TAGS and not any(inner.tag in LEAF_BLOCK_TAGS for inner in element.iterdescendants())
    ]
    assert blocks == expected
    assert lines == [_visible_text(block) for block in blocks]


#: Markup that breaks lines or hides text, and characters that are spaces or nothing to the text.
BREAKING_PIECES = ["<p>", "</p>", "<div>", "</div>", "<li>", "<h2>", "</h2>", "<hr>", "<br>", "<b>", "</b>", "<span>", "</span>", "<script>x</script>", "<button>y", "</button>", "<title>z</title>", " ", "\r\n", "\n \n", "\u200b", "\xa0", "\ufdd0", "\ufdd1"]


def text_by_walk(root) -> str:
    """`tree_text` as defined, node by node: the oracle for the serialiser's single pass."""
    chunks: list[str] = []
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if is_skipped(element):
                walk.skip_subtree()
                continue
            chunks.append("\n\n" if tag in BLOCK_TAGS else "\n" if tag == "br" else "")
            chunks.append((element.text or "").replace("\r", " ").replace("\n", " "))
            continue
        chunks.append("\n\n" if tag in BLOCK_TAGS else "")
        if element is not root:
            chunks.append((element.tail or "").replace("\r", " ").replace("\n", " "))
    return normalise_body("".join(chunks))


@fuzz_settings(examples=60)
@given(html=st.lists(words | st.sampled_from(BREAKING_PIECES), max_size=30).map("".join))
def test_the_text_of_a_tree_is_its_walk_s_text(html):
    """`tree_text` (emptied skipped elements, marks at breaks, libxml2's text serialiser) reads what
    a walk of the tree gathers, the marks' characters in the page included (they are spaces)."""
    root = parsed_or_none(html)
    if root is None:
        return
    assert tree_text(copy.deepcopy(root)) == text_by_walk(root)


def glues(left: str, right: str, letters: bool) -> bool:
    """Would a word ending in `left` run into one starting with `right`: a sentence into the next
    ("said."+"The"), or with `letters` (state-media copy) a word into a name ("Comrade"+"Kim")?"""
    ends = "abcdefghijklmnopqrstuvwxyz.,;:!?" if letters else ".,;:!?"
    return bool(left) and bool(right) and left in ends and right.isupper()


def unglued_by_definition(root, letters: bool) -> None:
    """Ungluing as defined, reading every inline element's edges: the oracle for the lazy pass."""
    edges = _TextEdges()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in BLOCK_TAGS or element.tag == "br" or element is root:
            continue
        first, last, visible = edges[element]
        if not visible:
            continue
        previous = element.getprevious()
        if previous is not None:
            if glues(previous.tail[-1] if previous.tail else edges[previous][1], first, letters):
                previous.tail = (previous.tail or "") + " "
        elif element.getparent().text and glues(element.getparent().text[-1], first, letters):
            element.getparent().text += " "
        if element.tail and glues(last, element.tail[0], letters):
            element.tail = " " + element.tail


#: Text that glues at inline edges: sentence ends, lower-case words, capitalised names, spaces.
glue_text = st.lists(st.sampled_from(["said.", "The", "Comrade", "Kim", "farm,", " ", "B", "?", "\xa0"]), min_size=1, max_size=2).map("".join)


@fuzz_settings(examples=150)
@given(html=fragments(["p", "div", "b", "i", "em", "strong", "a", "span", "br", "script", "button"], glue_text), letters=st.booleans())
def test_ungluing_reads_edges_only_where_they_matter_and_adds_the_same_spaces(html, letters):
    """The lazy pass (edges read only beside a character that could glue) spaces exactly what the
    definition does."""
    lazy = parsed_or_none(html)
    if lazy is None:
        return
    eager = copy.deepcopy(lazy)
    _unglue_inline_boundaries(lazy, letters)
    unglued_by_definition(eager, letters)
    assert etree.tostring(lazy, encoding="unicode") == etree.tostring(eager, encoding="unicode")


@fuzz_settings(examples=40)
@given(html=fragments(TEXT_TAGS + ODD_TAGS, odd_text), profile=st.sampled_from(PROFILES), title=st.none() | plain_text)
def test_cleaning_any_fragment_gives_valid_text_or_the_documented_error(html, profile, title):
    try:
        parse_fragment(html)
        assert_valid(html_to_text(html))
        cleaned = clean_body(None, html, profile, title)
    except UnparseableHTML:
        return
    assert_valid(cleaned.body)
    assert_valid(cleaned.body_html)
    assert_valid(cleaned.dateline)
    assert all(isinstance(name, str) for name in cleaned.categories + cleaned.tags)


@fuzz_settings(examples=60)
@given(lines=st.lists(odd_text, min_size=1, max_size=6), profile=st.sampled_from(PROFILES))
def test_cleaning_any_text_gives_valid_text(lines, profile):
    text = "\n".join(lines)
    cleaned = clean_body(text, None, profile, lines[0])
    assert_valid(cleaned.body)
    for line in lines:
        terms = parse_meta_line(line, profile.drop_lines)
        assert terms is None or all(isinstance(name, str) for names in terms.values() for name in names)


# --- mutations of the corpus and the seed, through the product's path ----------------------------

CORPUS = sorted(path for path in (FIXTURES / "corpus").iterdir() if path.suffix in (".html", ".txt")) + [SEED]
TEXTS = {path: path.read_text(encoding="utf-8") for path in CORPUS}
INSERTIONS = st.sampled_from(ODD_CHARACTERS) | st.sampled_from(["<", ">", "&", "</p>", "<p>", "<div>", "</div>", "</body>", "<html>", "<body>", "<frameset>", "-0-", "\n", "<script>"]) | runs


@st.composite
def mutated(draw: Any) -> tuple[str, str]:
    """A corpus page or the seed with a few insertions, deletions and duplications."""
    path = draw(st.sampled_from(CORPUS))
    text = TEXTS[path]
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 400)))
        operation = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if operation == "insert":
            text = text[:start] + draw(INSERTIONS) + text[start:]
        elif operation == "delete":
            text = text[:start] + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return path.suffix, text


@pytest.fixture(scope="module")
def stages(item_stages: list[Any]) -> list[Any]:
    locate_article("<p>Warm-up.</p>", "https://example.org/", source="file")  # the extractor's one-off set-up
    return item_stages


@fuzz_settings(examples=30)
@given(page=mutated())
def test_a_mutated_page_is_an_article_the_exporter_takes_or_a_reject_with_a_reason(stages, page):
    suffix, text = page
    item = locate_text_dump(text, "file:///dump.txt") if suffix == ".txt" else locate_article(text, "https://example.org/a/", source="file")
    result = through_stages(item, stages)
    if isinstance(result, Rejected):
        assert result.code
        return
    assert_valid(result.body)
    article_rows_to_table([dict(vars(result))])
