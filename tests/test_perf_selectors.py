"""The families' selectors, read from the attribute axis where they test one attribute, or from a
`PageIndex`'s elements of the tag they begin with, select what cssselect's own translation selects,
in the same order."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from lxml import etree
from parsel.csstranslator import HTMLTranslator

from crawler.locate import _HEADINGS, _title_element
from crawler.sites import FAMILIES, GENERIC
from crawler.sites.selectors import LXML_TRANSLATOR, TRANSLATOR, PageIndex, compiled, select, union_of
from crawler.text import parse_document

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted((FIXTURES / "corpus").glob("*.html"))

#: Cases the rewrite must leave alone or get right beyond the families' own selectors.
EXTRA_SELECTORS = (
    ":not(.entry-content)",
    "div:not([class])",
    "[class]",
    '[class=""]',
    '[class$="-content"]',
    '[class^="entry"]',
    '[class*="post"]',
    '[id="content"]',
    "div#content .entry-content",
    "p.entry-content::text",
    'a[href*="wp-content"]::attr(href)',
    "article .entry-title",
    "article.post .entry p",
    "div > p.x",
    "body > div [class]",
    "li:first-child.x",
    'a[href*="/x[1]"] .b',
    "h1, h2",
    "h1::text, h2::text",
    "h1, .entry-title",
    "meta[content]",
    "title::text",
    "article time[datetime]::attr(datetime)",
    "article > h2",
    "img[src]::attr(src)",
    "body[class]::attr(class)",
)


def _family_selectors() -> list[str]:
    found: set[str] = set(EXTRA_SELECTORS)
    for profile in (*FAMILIES, GENERIC):
        for field in dataclasses.fields(profile):
            value = getattr(profile, field.name)
            if field.name != "markers" and isinstance(value, tuple):
                found.update(css for css in value if isinstance(css, str))
    usable = []
    for css in sorted(found):
        try:
            HTMLTranslator().css_to_xpath(css)
        except Exception:  # not a selector (a phrase, a pattern)
            continue
        usable.append(css)
    return usable


def _selected(xpath: str, root: etree._Element) -> list[object]:
    return [(node.getparent(), str(node)) if isinstance(node, str) else node for node in etree.XPath(xpath)(root)]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_attribute_axis_selects_what_the_element_predicate_selects(page: Path) -> None:
    root = parse_document(page.read_text(encoding="utf-8"))
    plain = HTMLTranslator()
    for css in _family_selectors():
        assert _selected(TRANSLATOR.css_to_xpath(css), root) == _selected(plain.css_to_xpath(css), root), css


def test_a_selector_that_tests_one_attribute_it_needs_reads_the_attribute_axis() -> None:
    assert TRANSLATOR.css_to_xpath('[itemprop="articleBody"]') == "descendant-or-self::*/@itemprop[. = 'articleBody']/.."
    assert LXML_TRANSLATOR.css_to_xpath(".entry-content").startswith("descendant-or-self::*/@class[")


def test_the_steps_after_a_combinator_read_the_attribute_axis_too() -> None:
    assert TRANSLATOR.css_to_xpath("article .entry-title").startswith("descendant-or-self::article/descendant::*/@class[")
    assert TRANSLATOR.css_to_xpath("div > p.x").startswith("descendant-or-self::div/p/@class[")


def test_a_negated_or_several_attribute_test_keeps_the_element_predicate() -> None:
    assert "/@class[" not in TRANSLATOR.css_to_xpath(":not(.entry-content)")
    assert TRANSLATOR.css_to_xpath("div.a#b").startswith("descendant-or-self::div[")


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_a_union_of_selectors_selects_what_cssselect_selects(page: Path) -> None:
    """`union_of` merges the members that read one attribute into one walk; the elements, their
    order and their count are cssselect's own."""
    root = parse_document(page.read_text(encoding="utf-8"))
    plain = HTMLTranslator()
    for profile in (*FAMILIES, GENERIC):
        for selectors in (profile.body, profile.drop_blocks, profile.title, profile.authors):
            bare = [css.split("::")[0] or "*" for css in selectors]
            expected = etree.XPath(plain.css_to_xpath(", ".join(bare)))(root) if bare else []
            assert union_of(bare, TRANSLATOR)(root) == expected, (profile.name, selectors)
            assert union_of(bare, LXML_TRANSLATOR)(root) == expected, (profile.name, selectors)


def test_members_reading_one_attribute_are_one_member() -> None:
    path = union_of([".a", ".b", "#c", '[itemprop="x"]', "[itemprop]", "div .d"], TRANSLATOR).path
    assert path.count("descendant-or-self::*/@class[") == 1 and path.count("descendant-or-self::*/@id[") == 1
    assert "descendant-or-self::*/@itemprop/.." in path  # one member needing no test: none for all


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_a_selector_read_from_the_page_index_selects_what_it_selects_walking(page: Path) -> None:
    """A selector beginning with an indexed tag reads the index's elements of it; the nodes, their
    order and their count are those of the same selector walking the page."""
    root = parse_document(page.read_text(encoding="utf-8"))
    index = PageIndex.of(root)
    for css in _family_selectors():
        assert select(root, css, index) == compiled(css)(root), css


def test_only_selectors_beginning_with_an_indexed_tag_read_the_index() -> None:
    root = parse_document('<html><head><meta property="og:title" content="T"></head><body><h1 class="x">A</h1><h2>B</h2></body></html>')
    index = PageIndex.of(root)
    index.tagged["meta"].clear()  # what the index holds is what is read: nothing, here
    assert select(root, 'meta[property="og:title"]::attr(content)', index) == []
    assert select(root, "h2::text, h1::text", index) == ["A", "B"]  # page order, as a walk gives it
    index.tagged["h1"].clear()
    assert select(root, "h1, .x", index)[0].text == "A"  # `.x` begins with any element: the page is walked


def test_the_index_finds_elements_beside_the_root_as_a_documents_xpath_does() -> None:
    """Markup after `</html>` stands beside the root element, where `//meta` finds it."""
    root = parse_document("<html><head><meta content=a></head><body><p>a</p></body></html><meta content=b><p>x</p>")
    index = PageIndex.of(root)
    assert len(index.tops) == 2
    assert [meta.get("content") for meta in index.in_document("meta")] == ["a", "b"]
    assert [meta.get("content") for meta in etree.XPath("//meta[@content]")(root)] == ["a", "b"]
    assert [meta.get("content") for meta in select(root, "meta", index)] == ["a"]  # from the root, as a walk of it


def _walked_title_element(root: etree._Element, title: str | None) -> etree._Element | None:
    """`_title_element` as it was written first, walking the page with `//h1 | //h2` and `(//h1)[1]`."""
    if title:
        key = " ".join(re.findall(r"\w+", title)).lower()
        for heading in etree.XPath("//h1 | //h2")(root):
            text = " ".join(re.findall(r"\w+", heading.text_content())).lower()
            if text and (text == key or (len(text) > 10 and text in key)):
                return heading
    first_h1 = etree.XPath("(//h1)[1]")(root)
    return first_h1[0] if first_h1 else None


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_the_title_heading_read_from_the_index_is_the_one_the_walks_find(page: Path) -> None:
    """`_title_element` merges the index's `<h1>` and `<h2>` elements in page order: for no title,
    each heading's text and the page's `<title>`, it picks the heading the walks picked."""
    root = parse_document(page.read_text(encoding="utf-8"))
    index = PageIndex.of(root)
    titles = [None, *(heading.text_content() for heading in etree.XPath("//h1 | //h2 | //title")(root))]
    for title in titles:
        assert _title_element(index, title) is _walked_title_element(root, title), title
