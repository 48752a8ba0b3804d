"""Site families, one module each, and the registry that picks a page's family.

A family is picked by the page's domain first, then by markers in its markup (the `generator` meta,
stylesheet, script and image URLs, `<link>` targets, the body's classes), never by its article text,
so a post that quotes "wp-content" or names wordpress.com does not change how a page is read.
Adding a family is one module with its `SiteProfile` and an entry in `FAMILIES`, plus fixtures.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from crawler.sites.generic import GENERIC
from crawler.sites.profile import SiteProfile
from crawler.sites.saved_text import TEXT_DUMP
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
#: Where markers are looked for: attributes of the markup, not text.
_MARKUP = (
    "//meta[@name='generator']/@content",
    "//link/@href",
    "//script/@src",
    "//img/@src",
    "//body/@class",
)


def _on_domain(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


_MARKUP_XPATHS = tuple(etree.XPath(xpath, smart_strings=False) for xpath in _MARKUP)


def markup_markers(page: Selector) -> str:
    """The markup that markers are matched against, one value a line (the generator as `content="...`)."""
    generators = _MARKUP_XPATHS[0](page.root)
    values = [f'content="{generator}' for generator in generators]
    for xpath in _MARKUP_XPATHS[1:]:
        values.extend(xpath(page.root))
    return "\n".join(values)


def detect_profile(page: str | Selector, url: str | None = None) -> SiteProfile:
    """The family of `page` (HTML or a parsed page) fetched from `url`; `GENERIC` when none matches."""
    host = (urlsplit(url).hostname or "") if url else ""
    if host:
        for profile in FAMILIES:
            if _on_domain(host, profile.domains):
                return profile
    markup = markup_markers(page if isinstance(page, Selector) else Selector(text=page))
    for profile in FAMILIES:
        if any(marker in markup for marker in profile.markers):
            return profile
    return GENERIC


def profile_named(name: str | None) -> SiteProfile:
    """The profile called `name` (an article's `site_family`); `GENERIC` for None or an unknown name."""
    return _BY_NAME.get(name or "", GENERIC)
