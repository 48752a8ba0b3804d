"""Locate an article's raw fields in a fetched page, guided by its site family's profile.

Spiders call `locate_article` (HTML pages) or `locate_text_dump` (saved text). They only find:
cleaning the body, parsing dates and validating are the pipelines' work. A page whose family
gives no body element (no known family, or a theme the profile does not know) has its body found
by a main-content extractor (trafilatura, see benchmarks/score_extraction.py for why).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlparse

import lxml.html
import trafilatura
from lxml import etree
from parsel import Selector

from crawler.items import Article
from crawler.profiles import SiteProfile, detect_profile

_ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "WebPage"}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _values(selector: Selector, css: str) -> list[str]:
    """Every non-empty value `css` selects; a `::text` selector yields each element's whole text."""
    if css.endswith("::text"):
        elements = selector.css(css[: -len("::text")] or "*")
        values = [_squash(" ".join(element.css("::text").getall())) for element in elements]
    else:
        values = [_squash(value) for value in selector.css(css).getall()]
    return [value for value in values if value]


def _first(selector: Selector, selectors: Iterable[str]) -> str | None:
    for css in selectors:
        values = _values(selector, css)
        if values:
            return values[0]
    return None


def _all_of_first(selector: Selector, selectors: Iterable[str]) -> list[str]:
    """The values of the first selector that matches anything, de-duplicated in page order."""
    for css in selectors:
        values = _values(selector, css)
        if values:
            return list(dict.fromkeys(values))
    return []


def _json_ld_objects(selector: Selector) -> Iterator[dict[str, Any]]:
    for script in selector.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, dict):
                yield node
                stack.extend(node.get("@graph", []))


def _json_ld_article(selector: Selector) -> dict[str, Any]:
    """The first JSON-LD object typed as an article, or {}."""
    for node in _json_ld_objects(selector):
        types = node.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if types & _ARTICLE_TYPES and ("headline" in node or "datePublished" in node):
            return node
    return {}


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


def _language(selector: Selector, json_ld: dict[str, Any]) -> str | None:
    declared = (
        selector.xpath("/html/@lang").get()
        or selector.css('meta[property="og:locale"]::attr(content)').get()
        or json_ld.get("inLanguage")
    )
    return declared.strip().replace("_", "-") if isinstance(declared, str) and declared.strip() else None


def canonical_url(selector: Selector, fetched_url: str) -> str:
    """`<link rel=canonical>`, else `og:url`, else the fetched URL; made absolute."""
    for css in ('link[rel="canonical"]::attr(href)', 'meta[property="og:url"]::attr(content)'):
        href = selector.css(css).get()
        if href and href.strip():
            return urljoin(fetched_url, href.strip())
    return fetched_url


def main_content_html(html: str, url: str) -> str | None:
    """The article's HTML as trafilatura's precision-first main-content extraction finds it.

    Precision first: the cleaning stage can only remove, so a body that starts too wide stays wide.
    """
    extracted = trafilatura.extract(
        html, url=url, output_format="html", favor_precision=True, include_formatting=True, include_comments=False
    )
    if not extracted:
        return None
    try:
        body = lxml.html.document_fromstring(extracted).body
    except (etree.ParserError, ValueError):
        return None
    if body is None:
        return None
    return ((body.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)).strip() or None


def locate_article(html: str, fetched_url: str, *, source: str, profile: SiteProfile | None = None) -> Article:
    """An `Article` with the raw fields the page's profile (detected when not given) can find."""
    profile = profile or detect_profile(html)
    selector = Selector(text=html)
    json_ld = _json_ld_article(selector)
    url = canonical_url(selector, fetched_url)
    body_elements = next((found for css in profile.body if (found := selector.css(css))), None)
    body_html = body_elements[0].get() if body_elements else main_content_html(html, fetched_url)
    return Article(
        url=url,
        fetched_url=fetched_url,
        site=urlparse(url).hostname,
        site_family=profile.name,
        source=source,
        title=_first(selector, profile.title) or _squash(json_ld.get("headline") or "") or None,
        body_html=body_html,
        authors=_all_of_first(selector, profile.authors) or _names(json_ld.get("author")),
        categories=_all_of_first(selector, profile.categories) or _names(json_ld.get("articleSection")),
        tags=_all_of_first(selector, profile.tags) or _names(json_ld.get("keywords")),
        language=_language(selector, json_ld),
        published_raw=_first(selector, profile.published) or json_ld.get("datePublished"),
        modified_raw=_first(selector, profile.modified) or json_ld.get("dateModified"),
        fetched_at=datetime.now(timezone.utc),
    )


def locate_text_dump(text: str, fetched_url: str) -> Article:
    """A saved text page: the title on the first non-empty line, everything after it the raw body."""
    lines = text.strip().splitlines()
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

