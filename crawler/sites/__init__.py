"""Site families, one module each, and the registry that picks a page's family.

A family is picked by the page's domain first, then by markers in its markup (the `generator` meta,
stylesheet, script and image URLs, `<link>` targets, the body's classes), never by its article text,
so a post that quotes "wp-content" or names wordpress.com does not change how a page is read.
Adding a family is one module with its `SiteProfile` and an entry in `FAMILIES`, plus fixtures.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from parsel import Selector

from crawler.sites.generic import GENERIC
from crawler.sites.profile import SiteProfile
from crawler.sites.saved_text import TEXT_DUMP
from crawler.sites.selectors import PageIndex
from crawler.sites.state_media import STATE_MEDIA
from crawler.sites.wordpress import WORDPRESS
from crawler.sites.wordpress_com import WORDPRESS_COM

__all__ = [
    "FAMILIES",
    "GENERIC",
    "STATE_MEDIA",
    "TEXT_DUMP",
    "WORDPRESS",
    "WORDPRESS_COM",
    "SiteProfile",
    "detect_profile",
    "profile_named",
]

#: Most specific first: the first family whose domain, else whose marker, matches is the page's.
FAMILIES: tuple[SiteProfile, ...] = (STATE_MEDIA, WORDPRESS_COM, WORDPRESS)
_BY_NAME = {profile.name: profile for profile in (*FAMILIES, GENERIC, TEXT_DUMP)}
#: Where markers are looked for: attributes of the markup, not text (the generator's `content`, as
#: `content="...`, then stylesheet and script addresses, image addresses, the body's classes).
_MARKED_ATTRIBUTES = {"meta": "content", "link": "href", "script": "src", "img": "src", "body": "class"}


def _on_domain(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def markup_markers(page: Selector, index: PageIndex | None = None) -> str:
    """The markup that markers are matched against, one value a line, read in one walk of the page
    (or from its `index`, which has walked it)."""
    index = index or PageIndex.of(page.root)
    values: dict[str, list[str]] = {tag: [] for tag in _MARKED_ATTRIBUTES}
    for tag, attribute in _MARKED_ATTRIBUTES.items():
        for element in index.in_document(tag):
            value = element.get(attribute)
            if value is None:
                continue
            if tag != "meta":
                values[tag].append(value)
            elif element.get("name") == "generator":
                values["meta"].append(f'content="{value}')
    return "\n".join(value for found in values.values() for value in found)


def detect_profile(page: str | Selector, url: str | None = None, index: PageIndex | None = None) -> SiteProfile:
    """The family of `page` (HTML or a parsed page, with its `index` when made) fetched from `url`;
    `GENERIC` when none matches."""
    host = (urlsplit(url).hostname or "") if url else ""
    if host:
        for profile in FAMILIES:
            if _on_domain(host, profile.domains):
                return profile
    markup = markup_markers(page if isinstance(page, Selector) else Selector(text=page), index)
    for profile in FAMILIES:
        if any(marker in markup for marker in profile.markers):
            return profile
    return GENERIC


def profile_named(name: str | None) -> SiteProfile:
    """The profile called `name` (an article's `site_family`); `GENERIC` for None or an unknown name."""
    return _BY_NAME.get(name or "", GENERIC)
