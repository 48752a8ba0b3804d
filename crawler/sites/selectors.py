"""The families' CSS selectors as XPath compiled once, for the one parsed tree of a page.

A selector string handed to lxml (or to parsel, which hands it on) is translated and compiled at
every call, and a page is asked a hundred of them; compiled once, each is a walk of the tree. The
class test (`.name`) is guarded by a substring check, which most elements fail at once, and a
selector that needs a class the page has nowhere (`class_names`, read once a page), or an id
(`ids`), is not walked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from cssselect import GenericTranslator, parse
from cssselect.xpath import XPathExpr, is_non_whitespace
from lxml import etree
from lxml.cssselect import LxmlTranslator
from parsel.csstranslator import HTMLTranslator

_PSEUDO_ELEMENT = re.compile(r"::(?:text|attr\([^)]*\))$")


#: A step with one predicate (followed by none): the first (`descendant-or-self::T[...]`), one after a
#: descendant combinator (`/descendant-or-self::*/T[...]` from cssselect 1.3, `/descendant::T[...]`
#: from 1.6) or after a child combinator (`/T[...]`).
_PREDICATED_STEP = re.compile(
    r"(?P<lead>^descendant-or-self::|/descendant-or-self::\*/|/descendant::|/)(?P<tag>\*|[\w-]+)\[(?P<test>[^\[\]]*)\](?!\[)"
)
_LITERAL = re.compile(r"('[^']*')")
_ATTRIBUTE = re.compile(r"@([\w-]+)")
#: What reads a node other than the attribute (a path, an axis, `text()`, `position()`), or lets an element without it pass.
_NOT_ONE_ATTRIBUTE = re.compile(r"[./]|::|\(\)| or |not\(")


def _attribute_axis(xpath: str) -> str:
    """`xpath` reading the attributes its steps test from the attribute axis where it can, with the same result.

    libxml2 evaluates an element's predicate at every element of the page (or of the part a
    combinator walks; the attribute is looked up and copied for each); on the attribute axis only
    the elements that carry it are tested. A step's predicate must test one attribute and need it:
    a conjunction (`[@a]`, `[@a = 'v']`, `[@a and ...]`, `[(@a and ...) and (@a and ...)]`) that
    names no other node. `X/descendant-or-self::*/T[...]` (the children of X and its descendants)
    is `X/descendant::T[...]`.
    """
    # steps are found with the literals' text masked (a literal may hold "/" or "[")
    masked = _LITERAL.sub(lambda literal: "'" + "x" * (len(literal[0]) - 2) + "'", xpath)
    rewritten, done = [], 0
    for step in _PREDICATED_STEP.finditer(masked):
        test = xpath[step.start("test") : step.end("test")]
        as_it_was = xpath[step.start() : step.end()]
        rewritten += [xpath[done : step.start()], _step_on_attribute_axis(step["lead"], step["tag"], test) or as_it_was]
        done = step.end()
    return "".join(rewritten) + xpath[done:]


def _step_on_attribute_axis(lead: str, tag: str, test: str) -> str | None:
    """The step `lead tag[test]` on the attribute axis; None when its test is not on one attribute it needs."""
    pieces = _LITERAL.split(test)  # string literals at the odd indices
    code = " ".join(pieces[::2])
    names = set(_ATTRIBUTE.findall(code))
    if len(names) != 1 or _NOT_ONE_ATTRIBUTE.search(code):
        return None
    name = names.pop()
    if not re.match(rf"\(?@{re.escape(name)}(?:$| and | = |\))", test):
        return None
    test = "".join(piece if index % 2 else piece.replace(f"@{name}", ".") for index, piece in enumerate(pieces))
    test = "" if test == "." else test.removeprefix(". and ")
    lead = "/descendant::" if lead == "/descendant-or-self::*/" else lead
    return f"{lead}{tag}/@{name}" + (f"[{test}]" if test else "") + "/.."


class _GuardedClassTest:
    """A whole-word class test (`.name`, `[class~=name]`: two strings built for every element of
    the page) that runs only where the attribute holds the name at all."""

    def selector_to_xpath(self, selector: Any, prefix: str = "descendant-or-self::", translate_pseudo_elements: bool = False) -> str:
        xpath = super().selector_to_xpath(selector, prefix, translate_pseudo_elements)  # type: ignore[misc]
        return _attribute_axis(xpath) if prefix == "descendant-or-self::" else xpath

    def xpath_attrib_includes(self, xpath: XPathExpr, name: str, value: str | None) -> XPathExpr:
        if value and is_non_whitespace(value):
            xpath.add_condition(
                f"{name} and contains({name}, {self.xpath_literal(value)})"
                f" and contains(concat(' ', normalize-space({name}), ' '), {self.xpath_literal(' ' + value + ' ')})"
            )
            return xpath
        return super().xpath_attrib_includes(xpath, name, value)  # type: ignore[misc]


class _Translator(_GuardedClassTest, HTMLTranslator):
    """parsel's CSS translator (its `::text` and `::attr(name)` included), with the guarded class test."""

class _LxmlTranslator(_GuardedClassTest, LxmlTranslator):
    """lxml's own `CSSSelector` translator, with the guarded class test."""


TRANSLATOR = _Translator()
LXML_TRANSLATOR = _LxmlTranslator()


_CLASS_ATTRIBUTES = etree.XPath("//*/@class", smart_strings=False)  # elements only: no text node is asked for attributes
_ID_ATTRIBUTES = etree.XPath("//*/@id", smart_strings=False)
#: `.name` and `#name` in a selector, outside brackets; `:not(...)` is taken out first (what it names is not needed).
_NAME_IN_SELECTOR = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
_NEGATION = re.compile(r":not\([^)]*\)")
_BRACKETS = re.compile(r"\[[^\]]*\]")


def class_names(root: etree._Element) -> frozenset[str]:
    """Every class name on the page, read in one pass over its `class` attributes."""
    return frozenset(" ".join(_CLASS_ATTRIBUTES(root)).split())


def ids(root: etree._Element) -> frozenset[str]:
    """Every id on the page (only the located bodies are asked: no page-level selector names one)."""
    return frozenset(_ID_ATTRIBUTES(root))


@lru_cache(maxsize=1024)
def _needed_names(css: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """For each comma-separated alternative of `css`, the class names and the ids it cannot match without."""
    bare = _BRACKETS.sub("", _NEGATION.sub("", _PSEUDO_ELEMENT.sub("", css)))
    needed = []
    for alternative in bare.split(","):
        names = _NAME_IN_SELECTOR.findall(alternative)
        needed.append((frozenset(name for mark, name in names if mark == "."), frozenset(name for mark, name in names if mark == "#")))
    return tuple(needed)


def can_match(css: str, classes: frozenset[str] | None, page_ids: frozenset[str] | None = None) -> bool:
    """Can `css` select anything on a page with these class names and ids (None: not known, so yes)?"""
    return any(
        (classes is None or needed_classes <= classes) and (page_ids is None or needed_ids <= page_ids)
        for needed_classes, needed_ids in _needed_names(css)
    )


@lru_cache(maxsize=1024)
def compiled(css: str) -> etree.XPath:
    """`css` as an XPath compiled once; what it selects is elements, or strings for `::text` and `::attr()`."""
    return etree.XPath(TRANSLATOR.css_to_xpath(css), smart_strings=False)


#: The tags whose elements a `PageIndex` holds: those the families' selectors and the page's metadata
#: begin with (the head's meta, link, script and title, headings, articles, dates), and those
#: family markers read (images, the body).
INDEXED_TAGS = ("meta", "link", "script", "title", "h1", "h2", "article", "time", "abbr", "img", "body")
#: An alternative of a selector that begins with a tag: `descendant-or-self::meta/@property[...]`.
_LEADING_TAG = re.compile(r"descendant-or-self::(?P<tag>[\w-]+)(?P<rest>(?:[/\[].*)?)", re.DOTALL)


@dataclass(frozen=True)
class PageIndex:
    """What one pass over a page tells every selector asked of it.

    `tagged`: the page's elements of the `INDEXED_TAGS`, in page order, found in one walk (in C): a
    selector whose every alternative begins with one of them reads those elements
    (`$meta/@property[...]`), where each selector asked of the page walked all of it again.
    `classes`: the page's class names, read when first asked (a selector needing another is not run)."""

    root: etree._Element
    tagged: dict[str, list[etree._Element]]
    #: The root and the elements beside it, in page order: markup after a page's `</html>` can stand
    #: beside the root, where an XPath's `//` sees it (and `descendant-or-self::` from the root does not).
    tops: tuple[etree._Element, ...]

    @classmethod
    def of(cls, root: etree._Element) -> PageIndex:
        tagged: dict[str, list[etree._Element]] = {tag: [] for tag in INDEXED_TAGS}
        for element in root.iter(*INDEXED_TAGS):
            tagged[element.tag].append(element)
        before = reversed(list(root.itersiblings(etree.Element, preceding=True)))
        return cls(root, tagged, (*before, root, *root.itersiblings(etree.Element)))

    @cached_property
    def classes(self) -> frozenset[str]:
        return class_names(self.root)

    def in_document(self, tag: str) -> list[etree._Element]:
        """The page's elements of `tag` (one of `INDEXED_TAGS`) in page order, as `//tag` finds them."""
        if len(self.tops) <= 1:
            return self.tagged[tag]
        return [element for top in self.tops for element in top.iter(tag)]


@lru_cache(maxsize=1024)
def _on_tagged(css: str) -> tuple[etree.XPath, tuple[str, ...]] | None:
    """`compiled(css)` reading a `PageIndex`'s elements of the tags its alternatives begin with (the
    variables, named by their tags); None when one begins with another tag or with any element."""
    members: list[tuple[str, str]] = []
    for parsed in parse(css):
        lead = _LEADING_TAG.fullmatch(TRANSLATOR.selector_to_xpath(parsed, translate_pseudo_elements=True))
        if lead is None or lead["tag"] not in INDEXED_TAGS:
            return None
        members.append((lead["tag"], lead["rest"]))
    xpath = etree.XPath(" | ".join(f"${tag}{rest}" for tag, rest in members), smart_strings=False)
    return xpath, tuple(dict.fromkeys(tag for tag, _ in members))


def select(root: etree._Element, css: str, index: PageIndex | None = None) -> list[Any]:
    """What `css` selects under `root`, in page order (`index`: the `PageIndex` of the page `root` is
    part of; its tagged elements are read only for the page's root)."""
    if index is None:
        return compiled(css)(root)
    if not can_match(css, index.classes):
        return []
    on_tagged = _on_tagged(css) if root is index.root else None
    if on_tagged is None:
        return compiled(css)(root)
    xpath, tags = on_tagged
    return xpath(root, **{tag: index.tagged[tag] for tag in tags})


def texts(root: etree._Element, css: str, index: PageIndex | None = None) -> list[str]:
    """What `css` selects under `root` as text: strings as they are, elements as their HTML (parsel's `.getall()`)."""
    return [
        found if isinstance(found, str) else etree.tostring(found, method="html", encoding="unicode", with_tail=False)
        for found in select(root, css, index)
    ]


def first(root: etree._Element, css: str, index: PageIndex | None = None) -> Any:
    """The first thing `css` selects under `root`, or None (parsel's `.get()`)."""
    found = select(root, css, index)
    return found[0] if found else None


def elements_matching(selectors: tuple[str, ...], classes: frozenset[str] | None = None) -> etree.XPath:
    """The elements any of `selectors` (pseudo-elements ignored) that can match the page matches,
    in page order, once each."""
    return _union(tuple(css for css in selectors if can_match(css, classes)))


@lru_cache(maxsize=256)
def _union(selectors: tuple[str, ...]) -> etree.XPath:
    return union_of((_PSEUDO_ELEMENT.sub("", css) or "*" for css in selectors), TRANSLATOR)


#: A member of a union that reads one attribute of one kind of element: `descendant-or-self::*/@class[test]/..`.
_ATTRIBUTE_MEMBER = re.compile(r"(?P<step>descendant-or-self::(?:\*|[\w-]+))/@(?P<name>[\w-]+)(?:\[(?P<test>[^\[\]]*)\])?/\.\.")


def union_of(selectors: Iterable[str], translator: GenericTranslator) -> etree.XPath:
    """The elements any of `selectors` selects, in page order, once each, as one XPath.

    libxml2 walks the tree once for each member of a union. The members that read the same
    attribute of the same elements (`.entry-content`, `.post-content`, `#respond`, ...) are one
    member here, their tests joined by `or`: one walk of that attribute axis.
    """
    tests: dict[tuple[str, str], list[str]] = {}
    members: list[str] = []
    for css in selectors:
        for parsed in parse(css):
            xpath = translator.selector_to_xpath(parsed, translate_pseudo_elements=True)
            if (match := _ATTRIBUTE_MEMBER.fullmatch(xpath)) is not None:
                tests.setdefault((match["step"], match["name"]), []).append(match["test"] or "true()")
            else:
                members.append(xpath)
    for (step, name), alternatives in tests.items():
        joined = " or ".join(f"({test})" for test in alternatives) if "true()" not in alternatives else ""
        members.append(f"{step}/@{name}" + (f"[{joined}]" if joined else "") + "/..")
    return etree.XPath(" | ".join(members) if members else "/..")  # "/..": nothing, the empty node-set
