"""Locate an article's raw fields in a fetched page, guided by its site family's profile.

Spiders call `locate_article` (HTML pages) or `locate_text_dump` (saved text). They only find:
cleaning the body, parsing dates and validating are the pipelines' work. The body is chosen among
candidates: every element the family's body selectors match, judged by prose and link density;
where the best holds enough prose the extractor is not run at all. A page whose family gives no
usable element (no known family, or a theme the profile does not know) has its body found by a
main-content extractor (trafilatura, see benchmarks/score_extraction.py for why).
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlparse, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from parsel import Selector

from crawler.items import Article
from crawler.published import json_ld_dates, publication_date, publisher_zone
from crawler.sites import GENERIC, SiteProfile, detect_profile
from crawler.sites.generic import COMMON_TITLE
from crawler.sites.selectors import PageIndex, elements_matching, first, select, texts
from crawler.text import UnparseableHTML, in_furniture, inner_html, markup_and_text, parse_document, parse_fragment, word_count

#: A main-content extraction this short may be a notice or teaser: recall mode gets a second look.
_SHORT_EXTRACTION_WORDS = 150
_WORD = re.compile(r"\w+")
#: How far above the extractor's container its continuations may sit, and how much new text one holds.
_CONTINUATION_LEVELS = 3
_CONTINUATION_WORDS = 50
_ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "WebPage"}


def _squash(text: str) -> str:
    return " ".join(text.split())


_TEXT_NODES = etree.XPath("descendant-or-self::text()", smart_strings=False)
_HTML_LANG = etree.XPath("/html/@lang", smart_strings=False)
#: The page's `<h1>` and `<h2>` elements (a `PageIndex`'s), merged in page order.
_HEADINGS = etree.XPath("$h1 | $h2")


def _values(
    root: etree._Element, css: str, outside_furniture: bool = False, index: PageIndex | None = None
) -> list[str]:
    """Every non-empty value `css` selects; a `::text` selector yields each element's whole text
    (with `outside_furniture`, none from comments and sidebars: a comment's heading is no title).
    `index` is the page's `PageIndex` (a selector needing a class the page lacks is not run)."""
    if css.endswith("::text"):
        elements = select(root, css[: -len("::text")] or "*", index)
        if outside_furniture:
            elements = [element for element in elements if not in_furniture(element)]
        values = [_squash(" ".join(_TEXT_NODES(element))) for element in elements]
    else:
        values = [_squash(value) for value in texts(root, css, index)]
    return [value for value in values if value]


def _first(
    root: etree._Element, selectors: tuple[str, ...], outside_furniture: bool = False, index: PageIndex | None = None
) -> str | None:
    """The first value of the first selector that selects one (each selector is a walk of the page:
    they are tried in turn, not all at once)."""
    for css in selectors:
        values = _values(root, css, outside_furniture, index)
        if values:
            return values[0]
    return None


def _title(root: etree._Element, profile: SiteProfile, index: PageIndex | None = None) -> str | None:
    """The family's title element that agrees with the page's declared title (`og:title`,
    `<title>`), else the first the family's selectors find: a related post's or a comment's
    heading, which a theme may mark like the title, disagrees with what the page says it is."""
    declared = [key for css in COMMON_TITLE if (key := _word_key(_first(root, (css,), index=index) or ""))]
    first_found: str | None = None
    for css in profile.title:
        if css in COMMON_TITLE and first_found:
            return first_found
        for value in _values(root, css, outside_furniture=True, index=index):
            key = _word_key(value)
            if not declared or any(key in name or name in key for name in declared):
                return value
            first_found = first_found or value
    return first_found


def _word_key(text: str) -> str:
    return " ".join(_WORD.findall(text)).lower()


def _all_of_first(root: etree._Element, selectors: tuple[str, ...], index: PageIndex | None = None) -> list[str]:
    """The values of the first selector that matches anything, de-duplicated in page order."""
    for css in selectors:
        values = _values(root, css, index=index)
        if values:
            return list(dict.fromkeys(values))
    return []


def _json_ld_objects(selector: Selector, index: PageIndex | None = None) -> Iterator[dict[str, Any]]:
    """The objects of every JSON-LD script, `@graph` members included, breadth first."""
    for script in select(selector.root, 'script[type="application/ld+json"]::text', index):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than json can read
            continue
        queue = deque(data if isinstance(data, list) else [data])
        while queue:
            node = queue.popleft()
            if isinstance(node, dict):
                yield node
                graph = node.get("@graph")
                queue.extend(graph if isinstance(graph, list) else [graph])


def _json_ld_article(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The first JSON-LD object typed as an article, or {}."""
    for node in nodes:
        types = node.get("@type")
        names = {name for name in (types if isinstance(types, list) else [types]) if isinstance(name, str)}
        if names & _ARTICLE_TYPES and ("headline" in node or "datePublished" in node):
            return node
    return {}


def _json_ld_text(json_ld: dict[str, Any], key: str) -> str | None:
    """A JSON-LD value that is text; anything else (a number, an object) is not a value sinmun reads."""
    value = json_ld.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _names(value: Any) -> list[str]:
    """JSON-LD authors/sections/keywords come as a string, a list, or objects with a name."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str):
            names.extend(part.strip() for part in name.split(",") if part.strip())
    return names


def declared_language(selector: Selector) -> str | None:
    """The language the page's `<html lang>` declares, as written; None without one. A home page's
    says the site's (the wordpress spider reads it live, the files spider from an archive)."""
    return (next(iter(_HTML_LANG(selector.root)), None) or "").strip() or None


def _language(selector: Selector, json_ld: dict[str, Any], index: PageIndex | None = None) -> str | None:
    declared = (
        next(iter(_HTML_LANG(selector.root)), None)
        or first(selector.root, 'meta[property="og:locale"]::attr(content)', index)
        or json_ld.get("inLanguage")
    )
    return declared.strip().replace("_", "-") if isinstance(declared, str) and declared.strip() else None


def canonical_url(selector: Selector, fetched_url: str, index: PageIndex | None = None) -> str:
    """`<link rel=canonical>`, else `og:url`, else the fetched URL; made absolute. A value that is
    no URL (`https://[oops/`) is passed over."""
    for css in ('link[rel="canonical"]::attr(href)', 'meta[property="og:url"]::attr(content)'):
        href = first(selector.root, css, index)
        if href and href.strip():
            try:
                url = urljoin(fetched_url, href.strip())
                urlsplit(url).port  # noqa: B018 - reading the port validates host and port
            except ValueError:
                continue
            return url
    return fetched_url


@dataclass(frozen=True)
class Extraction:
    """The main-content extractor's pick: its HTML, and that HTML's text read from the tree it was
    serialised from (so the text is not parsed again to count or compare its words)."""

    html: str
    text: str

    @property
    def words(self) -> int:
        return word_count(self.text)


def _extract(page: etree._Element, url: str, **mode: bool) -> Extraction | None:
    """trafilatura's extraction in `mode`, or None.

    trafilatura is handed the page's own tree, which it copies before editing, so it sees the page
    as parsed by `HTML_PARSER`, not cut short by a parser of its own.
    """
    extracted = trafilatura.extract(
        page, url=url, output_format="html", include_formatting=True, include_comments=False, **mode
    )
    body = parse_fragment(extracted) if extracted else None
    if body is None:
        return None
    html, text = markup_and_text(body)
    return Extraction(html, text) if html else None


def main_content_html(page: etree._Element, url: str) -> Extraction | None:
    """The article as trafilatura's main-content extraction finds it.

    Precision first: the cleaning stage can only remove, so a body that starts too wide stays wide.
    But precision mode sometimes keeps only a notice or a teaser of a long article; when its output
    is short and recall mode finds at least twice as much, recall mode's output is the article.
    The precision pass is trafilatura's fast one (no readability/jusText comparison: on a long
    result that comparison moved the snippet F1 by 0.001 but cost about 40% of the extraction);
    the recall pass, for the short results where a second opinion matters, keeps the comparison.
    """
    return recalled_if_short(page, url, precision_pass(page, url))


def precision_pass(page: etree._Element, url: str) -> Extraction | None:
    """trafilatura's precision pass, its fast one: `main_content_html`'s first, and alone the test
    of a short family container (is it a teaser of an article twice its size?)."""
    return _extract(page, url, favor_precision=True, fast=True)


def recalled_if_short(page: etree._Element, url: str, precise: Extraction | None) -> Extraction | None:
    """`main_content_html` after its precision pass found `precise`: recall mode's output instead
    when `precise` is short and recall mode finds at least twice as much."""
    precise_words = _extracted_words(precise)
    if precise_words >= _SHORT_EXTRACTION_WORDS:
        return precise
    recalled = _extract(page, url, favor_recall=True)
    return recalled if recalled and recalled.words >= 2 * max(precise_words, 1) else precise


def with_continuations(root: etree._Element, extracted: Extraction | None) -> str | None:
    """The extracted HTML, after the standfirst the extractor left out (`_lead_html`) and followed
    by the rest of an article that the page splits over sibling containers (one body container per
    stretch between ads), which the extractor, picking one container, leaves out.

    The extractor's container is the parent of most of the paragraphs it kept; the continuations are
    the elements near it (under its ancestor a few levels up) with its tag and classes, in a parent
    with its parent's tag and classes, whose paragraphs it did not keep.
    """
    if extracted is None:
        return None
    extracted_html = extracted.html
    extracted_keys = {key for key in _line_keys(extracted.text) if key}
    words_by_parent: dict[etree._Element, int] = {}
    first_kept: etree._Element | None = None
    for paragraph in root.iter("p"):
        key = " ".join(_WORD.findall(paragraph.text_content()))
        if key and key in extracted_keys and paragraph.getparent() is not None:
            first_kept = first_kept if first_kept is not None else paragraph
            words_by_parent[paragraph.getparent()] = words_by_parent.get(paragraph.getparent(), 0) + len(key.split())
    if not words_by_parent:
        return extracted_html
    extracted_html = _lead_html(first_kept, extracted_keys) + extracted_html
    container = max(words_by_parent, key=words_by_parent.__getitem__)
    if not container.get("class", "").split():
        return extracted_html
    scope = container
    for _ in range(_CONTINUATION_LEVELS):
        scope = scope.getparent() if scope.getparent() is not None else scope
    before: list[str] = []
    after: list[str] = []
    seen_container = False
    for element in scope.iter(container.tag):
        if element is container:
            seen_container = True
            continue
        if _signature(element) != _signature(container) or _related(element, container):
            continue
        if _signature(element.getparent()) != _signature(container.getparent()):
            continue
        new_words = sum(
            len(key.split())
            for paragraph in element.iter("p")
            if (key := " ".join(_WORD.findall(paragraph.text_content()))) and key not in extracted_keys
        )
        if new_words >= _CONTINUATION_WORDS:
            (after if seen_container else before).append(lxml.html.tostring(element, encoding="unicode"))
    if not before and not after:
        return extracted_html
    return "".join(before) + extracted_html + "".join(after)


#: A standfirst is prose: a sentence or more, few of its words in links.
_LEAD_WORDS = 12
_LEAD_LINK_SHARE = 0.2
#: How far above the article's first kept paragraph its title may sit.
_LEAD_LEVELS = 6
_LEAD_BLOCKS = ("p", "div", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section")
_BLOCK_TAGS = frozenset(_LEAD_BLOCKS) | {"ul", "ol", "table", "figure", "header", "article", "aside", "nav", "footer", "form"}
#: Parts of class and id names (camel case included) of what stands between a title and its article
#: besides a standfirst: the title block itself (a page header, a hero), pictures, their captions and credits,
#: bylines and dates, share and sign-up boxes.
_NOT_LEAD_NAMES = re.compile(
    r"header|hero|caption|credit|byline|author|date|time|meta|share|social|breadcrumb|tags|related|signup|"
    r"newsletter|subscri|copyright|nav|menu|media|image|img|photo|picture|gallery|\bad"
)


def _lead_html(first_kept: etree._Element | None, extracted_keys: set[str]) -> str:
    """The standfirst the extractor left out (`_lead_blocks`), as HTML."""
    return _blocks_html(_lead_blocks(first_kept, extracted_keys).values())


def _blocks_html(blocks: Iterable[etree._Element]) -> str:
    return "".join(lxml.html.tostring(block, encoding="unicode", with_tail=False) for block in blocks)


def _lead_blocks(first_kept: etree._Element | None, extracted_keys: set[str]) -> dict[str, etree._Element]:
    """The standfirst's blocks by their words: prose blocks between the article's title (the nearest
    `<h1>` before `first_kept`, its first kept paragraph or its container, in a shared ancestor) and
    `first_kept`, outside the title's own block (a `<header>`, a hero).

    Extractors drop a lead styled apart from the body (a `teaser` or `intro` class), though
    readers count it as the article's first paragraph; themes put one before the body's container.
    """
    if first_kept is None:
        return {}
    scope = first_kept
    for _ in range(_LEAD_LEVELS):
        scope = scope.getparent()
        if scope is None or scope.tag in ("body", "html"):
            return {}
        if scope.find(".//h1") is None:
            continue
        after_title: list[etree._Element] = []
        for element in scope.iter("h1", first_kept.tag, *_LEAD_BLOCKS):
            if element is first_kept:
                break
            if element.tag == "h1":
                after_title = []
            else:
                after_title.append(element)
        else:
            return {}  # the title comes after the first kept paragraph
        blocks: dict[str, etree._Element] = {}  # by words: a page may show one lead twice (mobile and desktop)
        for element in after_title:
            if (key := _lead_key(element, scope, extracted_keys)) is not None:
                blocks.setdefault(key, element)
        return blocks
    return {}


def _with_lead(container: etree._Element, container_html: str) -> str:
    """A family container's HTML after the standfirst between the title and the container
    (`_lead_blocks`), unless the container repeats it."""
    blocks = _lead_blocks(container, set())
    if not blocks:
        return container_html
    words = " ".join(_WORD.findall(_rendered_text(container)))
    return _blocks_html(block for key, block in blocks.items() if key not in words) + container_html


def _lead_key(element: etree._Element, scope: etree._Element, extracted_keys: set[str]) -> str | None:
    """The words of `element` (after the title, in `scope`) when it is a block of prose of the
    article's own, not yet kept; None when it is not."""
    if any(child.tag in _BLOCK_TAGS for child in element.iterdescendants()):
        return None
    words = _WORD.findall(_rendered_text(element))
    key = " ".join(words)
    if len(words) < _LEAD_WORDS or key in extracted_keys:
        return None
    if _link_words(element) > _LEAD_LINK_SHARE * len(words) or in_furniture(element):
        return None
    node: etree._Element | None = element
    while node is not None and node is not scope:
        if node.tag in ("header", "figure", "figcaption"):
            return None
        if _NOT_LEAD_NAMES.search(f"{node.get('class', '')} {node.get('id', '')}".lower()):
            return None
        node = node.getparent()
    return key


def _signature(element: etree._Element | None) -> tuple[Any, ...]:
    """An element's tag and classes."""
    return (None,) if element is None else (element.tag, tuple(element.get("class", "").split()))


def _related(element: etree._Element, other: etree._Element) -> bool:
    """Is one of the two inside the other?"""
    return any(ancestor is other for ancestor in element.iterancestors()) or any(
        ancestor is element for ancestor in other.iterancestors()
    )


def _line_keys(text: str) -> list[str]:
    """Each line of `text` as its words alone, so markup and punctuation differences do not matter."""
    return [" ".join(_WORD.findall(line)) for line in text.split("\n")]


#: A candidate this link-heavy is a list of links, not an article.
_MAX_LINK_DENSITY = 0.5
#: An inner candidate holding this share of an outer one's words is the tighter container of the same article.
_NESTED_SHARE = 0.9


@dataclass(frozen=True)
class BodyCandidate:
    """An element that may hold the article, with the words that judge it."""

    element: etree._Element
    words: int
    link_words: int

    @property
    def prose_words(self) -> int:
        """Words outside links; nothing when the element is mostly links."""
        if self.words == 0 or self.link_words > _MAX_LINK_DENSITY * self.words:
            return 0
        return self.words - self.link_words


def _candidate(element: etree._Element) -> BodyCandidate:
    return BodyCandidate(element, word_count(_rendered_text(element)), _link_words(element))


def _link_words(element: etree._Element) -> int:
    """Words of the links inside `element`."""
    return sum(word_count(link.text_content()) for link in element.iter("a"))


#: The text nodes whose parent is no script or style (a script's or style's code is its own text
#: node: the parent test is the whole test, and it does not climb every text node's ancestors to
#: the root), the test made once an element rather than once a text node.
_RENDERED_TEXT = etree.XPath("descendant-or-self::*[not(self::script) and not(self::style)]/text()", smart_strings=False)


def _rendered_text(element: etree._Element) -> str:
    """Text without scripts and styles (their code is no prose); an element holding neither gives
    its text nodes as `itertext` walks them, in C, at half the cost of the XPath."""
    if next(element.iter("script", "style"), None) is None:
        return " ".join(element.itertext())
    return " ".join(_RENDERED_TEXT(element))


def body_candidates(selector: Selector, profile: SiteProfile, index: PageIndex | None = None) -> list[BodyCandidate]:
    """Every element the family's body selectors match, in page order, outside comments and sidebars."""
    if not profile.body:
        return []
    matching = elements_matching(profile.body, index.classes if index else None)(selector.root)
    return [_candidate(element) for element in matching if not in_furniture(element)]


def best_candidate(candidates: list[BodyCandidate]) -> BodyCandidate | None:
    """The candidate with the most prose, narrowed to an inner candidate that holds nearly all of it."""
    scored = [candidate for candidate in candidates if candidate.prose_words]
    if not scored:
        return None
    best = max(scored, key=lambda candidate: candidate.prose_words)
    inner = [
        candidate
        for candidate in scored
        if candidate is not best
        and any(ancestor is best.element for ancestor in candidate.element.iterancestors())
        and candidate.prose_words >= _NESTED_SHARE * best.prose_words
    ]
    return max(inner, key=lambda candidate: candidate.prose_words) if inner else best


def choose_body_html(
    selector: Selector, url: str, profile: SiteProfile, index: PageIndex | None = None
) -> str | None:
    """The article's HTML: the family's best container, or the main-content extractor's pick.

    A container with `reliable_body_words` of prose is the article and the extractor is not run. A
    shorter one is kept unless the extractor's precision pass finds an article more than twice its
    size elsewhere (`precision_pass`; the container was a teaser, a sidebar entry or a notice):
    recall mode's second look, which takes in more of the page around an article, is no test of
    that. Without a container, the extractor decides.
    """
    candidates = body_candidates(selector, profile, index)
    best = best_candidate(candidates) or (candidates[0] if candidates else None)
    joined: str | None = None
    if best is not None:
        parts = parallel_parts(best, candidates)
        if len(parts) > 1:  # one article over sibling containers (a list article's cards, text between ads)
            words = sum(part.prose_words for part in parts)
            best = BodyCandidate(parts[0].element, words, 0)
            joined = "".join(lxml.html.tostring(part.element, encoding="unicode") for part in parts)
            if profile.reliable_body_words and words >= profile.reliable_body_words:
                return _with_lead(parts[0].element, joined)
    if best is not None and profile.reliable_body_words and best.prose_words >= profile.reliable_body_words:
        return _with_lead(best.element, lxml.html.tostring(best.element, encoding="unicode"))
    if best is None:
        return with_continuations(selector.root, main_content_html(selector.root, url))
    precise = precision_pass(selector.root, url)
    # an empty container is the family's word that there is no article, unless the extractor finds one
    if _extracted_words(precise) <= 2 * best.prose_words + _CONTINUATION_WORDS:
        return _with_lead(best.element, joined or lxml.html.tostring(best.element, encoding="unicode"))
    # a teaser: the extractor's article, its precision pass not run again
    return with_continuations(selector.root, recalled_if_short(selector.root, url, precise))


def _extracted_words(extraction: Extraction | None) -> int:
    return extraction.words if extraction else 0


def parallel_parts(best: BodyCandidate, candidates: list[BodyCandidate]) -> list[BodyCandidate]:
    """`best` and the candidates built like it beside it (same tag and classes, in a parent built
    like its parent, under the same grandparent), in page order: the parts of one article."""
    parent = best.element.getparent()
    grandparent = parent.getparent() if parent is not None else None
    if grandparent is None:
        return [best]
    return [
        candidate
        for candidate in candidates
        if candidate.prose_words
        and _signature(candidate.element) == _signature(best.element)
        and candidate.element.getparent() is not None
        and _signature(candidate.element.getparent()) == _signature(parent)
        and candidate.element.getparent().getparent() is grandparent
    ] or [best]


def _title_element(index: PageIndex, title: str | None) -> etree._Element | None:
    """The heading that shows the title: the first `<h1>` (or `<h2>`) whose text is the title's, else
    the first `<h1>`; read from the page's `index`, where `//h1 | //h2` walked the page twice."""
    h1s = index.in_document("h1")
    if title:
        key = " ".join(_WORD.findall(title)).lower()
        for heading in _HEADINGS(index.root, h1=h1s, h2=index.in_document("h2")):
            text = " ".join(_WORD.findall(heading.text_content())).lower()
            if text and (text == key or (len(text) > 10 and text in key)):
                return heading
    return h1s[0] if h1s else None


def parse_page(html: str) -> Selector | None:
    """The page parsed by `HTML_PARSER`, for a spider's own questions before `locate_article` reads
    the same tree; None when it cannot be parsed whole."""
    try:
        return Selector(root=parse_document(html), type="html")
    except UnparseableHTML:
        return None


def locate_article(
    html: str, fetched_url: str, *, source: str, profile: SiteProfile | None = None, parsed: Selector | None = None
) -> Article:
    """An `Article` with the raw fields the page's profile (detected when not given) can find.

    The page is parsed once, by `HTML_PARSER` (or given `parsed`, as `parse_page` made it), and that
    tree serves the family's detection, the selectors, the extractor and the date cascade. A page
    that cannot be parsed whole is passed on whole as `body_html`, so the cleaning stage rejects it
    with the parser's reason instead of keeping part of it.
    """
    located = partial(Article, fetched_url=fetched_url, source=source, fetched_at=datetime.now(timezone.utc))
    selector = parsed if parsed is not None else parse_page(html)
    if selector is None:
        family = profile or GENERIC
        return located(url=fetched_url, site=urlparse(fetched_url).hostname, site_family=family.name, body_html=html)
    page = selector.root
    index = PageIndex.of(page)
    profile = profile or detect_profile(selector, fetched_url, index)
    json_ld_nodes = list(_json_ld_objects(selector, index))
    json_ld = _json_ld_article(json_ld_nodes)
    url = canonical_url(selector, fetched_url, index)
    body_html = choose_body_html(selector, fetched_url, profile, index)
    title = _title(page, profile, index) or _squash(_json_ld_text(json_ld, "headline") or "") or None
    title_element = _title_element(index, title)
    article_element = next(iter(title_element.iterancestors("article")), None) if title_element is not None else None
    language = _language(selector, json_ld, index)
    zone = publisher_zone(language, profile.timezone)
    published = publication_date(
        selector, url, profile.published, json_ld_nodes, article_element, title_element, zone, source=html, index=index
    )
    modified = json_ld_dates(json_ld_nodes, "dateModified")
    return located(
        url=url,
        site=urlparse(url).hostname,
        site_family=profile.name,
        title=title,
        body_html=body_html,
        authors=_all_of_first(page, profile.authors, index) or _names(json_ld.get("author")),
        categories=_all_of_first(page, profile.categories, index) or _names(json_ld.get("articleSection")),
        tags=_all_of_first(page, profile.tags, index) or _names(json_ld.get("keywords")),
        language=language,
        published_raw=published.raw if published else None,
        modified_raw=_first(page, profile.modified, index=index) or (modified[0] if modified else None),
    )


def locate_text_dump(text: str, fetched_url: str) -> Article:
    """A saved text page: the title on the first non-empty line, everything after it the raw body.

    Lines end at line breaks only: `str.splitlines` would also end one at a form feed, U+0085 or
    U+2028, which a title can carry.
    """
    lines = text.strip().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = _squash(lines[0]) if lines else ""
    return Article(
        url=fetched_url,
        fetched_url=fetched_url,
        site=urlparse(fetched_url).hostname or None,
        site_family="text",
        source="file",
        title=title or None,
        body="\n".join(lines[1:]).strip() or None,
        fetched_at=datetime.now(timezone.utc),
    )

