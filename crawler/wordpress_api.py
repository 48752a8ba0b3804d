"""The WordPress REST API as a discovery surface: where it lives, how to page it, and posts as Articles.

Pure functions (no Scrapy import): the `wordpress` spider decides when to call the API, this
module knows its shape. One listing request returns up to 100 posts with their terms and
authors embedded, so a site of N posts costs about N/100 requests and no page fetches.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse, urlsplit

from w3lib.html import remove_tags, replace_entities
from w3lib.url import add_or_replace_parameter, add_or_replace_parameters

from crawler.discovery.scope import Bounds, category_matches
from crawler.items import Article

PER_PAGE = 100
#: Public WordPress.com sites are served by this API, not by /wp-json/ on their own host.
WORDPRESS_COM_API = "https://public-api.wordpress.com/wp/v2/sites/{host}/"
#: The rel WordPress uses to announce its API root in a `Link` header and a `<link>` element.
API_REL = "https://api.w.org/"


def is_wordpress_com(host: str) -> bool:
    return host == "wordpress.com" or host.endswith(".wordpress.com")


def is_wordpress_com_api(url: str) -> bool:
    """True for WordPress.com's public API, which serves sites hosted there (custom domains too)."""
    return urlparse(url).hostname == urlparse(WORDPRESS_COM_API).hostname


#: One link of a `Link` header (RFC 8288): `<URL>` (which may hold commas) and its parameters.
_LINK = re.compile(r"<(?P<url>[^<>]*)>(?P<params>[^<]*)")
#: One `; name=value` parameter; names are case-insensitive, values tokens or quoted strings.
_LINK_PARAM = re.compile(r""";\s*(?P<name>[^\s=;,]+)\s*(?:=\s*(?:"(?P<quoted>[^"]*)"|'(?P<single>[^']*)'|(?P<token>[^\s;,]*)))?""")


def api_root_from_link_header(values: Iterable[bytes | str]) -> str | None:
    """The API root announced by `Link: <URL>; rel="https://api.w.org/"` headers.

    `rel` is a space-separated list of relation types (`rel="alternate https://api.w.org/"`), its
    name is case-insensitive and may have spaces around `=`.
    """
    for value in values:
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        for link in _LINK.finditer(text):
            for param in _LINK_PARAM.finditer(link["params"]):
                relations = param["quoted"] or param["single"] or param["token"] or ""
                if param["name"].lower() == "rel" and API_REL in relations.split():
                    return link["url"].strip()
    return None


def guessed_api_roots(site_url: str) -> list[str]:
    """Where the API usually is when a site does not announce it: pretty, then plain permalinks."""
    host = urlparse(site_url).hostname or ""
    if is_wordpress_com(host):
        return [WORDPRESS_COM_API.format(host=host)]
    return [urljoin(site_url, "/wp-json/"), urljoin(site_url, "/?rest_route=/")]


def endpoint_url(api_root: str, route: str, params: dict[str, Any] | None = None) -> str:
    """`route` (e.g. `wp/v2/posts`) under `api_root`, for pretty (`/wp-json/`) and plain (`?rest_route=/`) roots."""
    if "rest_route=" in api_root:
        url = add_or_replace_parameter(api_root, "rest_route", f"/{route}")
    else:
        url = urljoin(api_root if api_root.endswith("/") else f"{api_root}/", route)
    if params:
        url = add_or_replace_parameters(url, {key: str(value) for key, value in params.items()})
    return url


#: The REST routes whose listings hold articles (posts) or WordPress pages.
LISTING_ROUTES = ("wp/v2/posts", "wp/v2/pages")


def listing_route(url: str) -> str | None:
    """`wp/v2/posts` or `wp/v2/pages` when `url` lists that route (pretty `/wp-json/...`, plain
    `?rest_route=/...`, or WordPress.com's `/wp/v2/sites/HOST/...`), else None: how a WARC's
    JSON records are told apart from term lookups and the API root."""
    parsed = urlparse(url)
    query_route = parse_qs(parsed.query).get("rest_route", [""])[0]
    path = (query_route or parsed.path).rstrip("/")
    for route in LISTING_ROUTES:
        kind = route.rsplit("/", 1)[1]
        if path.endswith(f"/{route}") or (path.startswith("/wp/v2/sites/") and path.endswith(f"/{kind}")):
            return route
    return None


def listing_params(page: int, filters: dict[str, str]) -> dict[str, Any]:
    """Query of one listing page: 100 published items, terms and authors embedded, oldest first."""
    return {
        "per_page": PER_PAGE,
        "page": page,
        "status": "publish",
        "orderby": "id",
        "order": "asc",
        "_embed": "author,wp:term",
        **filters,
    }


def date_filters(published: Bounds, modified: Bounds) -> dict[str, str]:
    """REST `after`/`before`/`modified_after`/`modified_before` for inclusive bounds.

    WordPress compares them with the local `post_date` / `post_modified`, exclusively and to the
    second: one second outside each inclusive bound. A bound with an offset (an instant, such as a
    dataset's high-water mark) keeps it, and WordPress converts it to the site's time.
    """
    second = timedelta(seconds=1)
    filters = {}
    for prefix, bounds in (("", published), ("modified_", modified)):
        if bounds.not_before:
            filters[f"{prefix}after"] = (bounds.not_before - second).replace(microsecond=0).isoformat()
        if bounds.not_after:
            filters[f"{prefix}before"] = (bounds.not_after + second).replace(microsecond=0).isoformat()
    return filters


def _int_header(headers: dict[str, Any] | Any, name: str) -> int | None:
    value = headers.get(name)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def total_pages(headers: dict[str, Any] | Any) -> int | None:
    """`X-WP-TotalPages` as an int, when the server sent it."""
    return _int_header(headers, "X-WP-TotalPages")


def total_items(headers: dict[str, Any] | Any) -> int | None:
    """`X-WP-Total` (items matching the query, all pages together) as an int, when the server sent it."""
    return _int_header(headers, "X-WP-Total")


def _plain(html_text: Any) -> str:
    return " ".join(replace_entities(remove_tags(html_text)).split()) if isinstance(html_text, str) else ""


# A listing is JSON from a server sinmun does not control: every field is read through one of
# these, so a field of the wrong type is missing (None or []), never an exception.
def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _array(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _rendered(value: Any) -> str | None:
    """The HTML of a `{"rendered": ...}` field; a plain string is taken as that HTML."""
    return _text(value.get("rendered") if isinstance(value, dict) else value)


def _url(value: Any) -> tuple[str, str | None]:
    """(URL, host) of a post's `link`; ("", None) for anything that is no URL, so validation rejects the post."""
    link = _text(value) or ""
    try:
        parts = urlsplit(link)
        parts.port  # noqa: B018 - reading the port validates host and port
    except ValueError:
        return "", None
    return link, parts.hostname


def _gmt(value: Any) -> datetime | None:
    """A REST `*_gmt` instant: UTC when it has no offset (as WordPress writes it), converted when it
    has one; None for anything else, WordPress's "0000-00-00 00:00:00" for undated drafts included."""
    text = _text(value)
    if not text or not text.strip():
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
        return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # OverflowError: an offset that moves year 1 or 9999 out of range
        return None


def _embedded(post: dict[str, Any], relation: str) -> list[Any]:
    return _array(_object(post.get("_embedded")).get(relation))


def _embedded_terms(post: dict[str, Any], taxonomy: str) -> list[str]:
    names = [
        _plain(term.get("name"))
        for group in _embedded(post, "wp:term")
        for term in _array(group)
        if isinstance(term, dict) and term.get("taxonomy") == taxonomy
    ]
    return [name for name in names if name]


def is_protected(post: Any) -> bool:
    """Password-protected posts are listed by the API, but their text is not public."""
    return isinstance(post, dict) and bool(_object(post.get("content")).get("protected"))


def article_from_post(post: Any, *, listing_url: str, site_family: str, language: str | None) -> Article:
    """A REST post (with `_embed`) as a raw Article: exact instants from `date_gmt`, the local date verbatim.

    Total: any JSON value gives an Article. A field of the wrong type is left out, so a post with
    no usable link, title or body is rejected by validation with its reason, and the posts beside
    it on the listing page are kept.
    """
    post = _object(post)
    url, site = _url(post.get("link"))
    authors = [_plain(author.get("name")) for author in _embedded(post, "author") if isinstance(author, dict)]
    return Article(
        url=url,
        fetched_url=listing_url,
        site=site,
        site_family=site_family,
        source="rest",
        title=_plain(_rendered(post.get("title"))) or None,
        body_html=_rendered(post.get("content")) or None,
        authors=[author for author in authors if author],
        categories=_embedded_terms(post, "category"),
        tags=_embedded_terms(post, "post_tag"),
        language=language,
        published_raw=_text(post.get("date")),
        published_at=_gmt(post.get("date_gmt")),
        modified_raw=_text(post.get("modified")),
        modified_at=_gmt(post.get("modified_gmt")),
        fetched_at=datetime.now(timezone.utc),
    )


def term_lookup_url(api_root: str, taxonomy_route: str, name: str) -> str:
    """Search a taxonomy (`wp/v2/categories`) for a name or slug, to learn the id the API filters by.

    WordPress searches names and slugs as stored, and stores names HTML-escaped (`&amp;`), so the
    search text is escaped the same way.
    """
    return endpoint_url(api_root, taxonomy_route, {"search": html.escape(name, quote=False), "per_page": PER_PAGE})


def matching_term_ids(terms: list[dict[str, Any]], name: str) -> list[int]:
    """Ids of the terms that answer to `name` (see `category_matches`); search also returns partial hits."""
    return [term["id"] for term in terms if "id" in term and category_matches([name], term.get("name") or "", term.get("slug"))]

