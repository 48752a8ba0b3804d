"""The demo site's feeds as WordPress serves them: RSS 2.0 and Atom for the home page and every archive.

`/feed/` (also `/feed/rss2/`, `/?feed=rss2`) and `/feed/atom/`, and `/category/SLUG/feed/`,
`/tag/SLUG/feed/`, `/author/SLUG/feed/`, `/YYYY/MM/feed/` for the archives. A feed lists the
newest posts, a page at a time (`?paged=N`); past the last page WordPress answers 404 with an
empty channel. Feeds carry `Last-Modified` and `ETag` (the site's last post change) and answer
a matching conditional request with 304, as WordPress does. Jetpack leaves its sharing and
likes blocks out of feeds, so a feed's content is the post's text alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from demo.build import Listing, editor_content
from demo.reply import Reply, api_link
from demo.site import LANGUAGE, SITE_NAME, TAGLINE, WP_VERSION, Post, Site, attr, esc
from demo.templating import render

#: WordPress's feed names for its two formats (`rss` and the bare `feed` are RSS 2.0 too).
FORMATS = {"feed": "rss2", "rss": "rss2", "rss2": "rss2", "atom": "atom"}
CONTENT_TYPES = {"rss2": "application/rss+xml; charset=UTF-8", "atom": "application/atom+xml; charset=UTF-8"}


def _cdata(text: str) -> str:
    return text.replace("]]>", "]]]]><![CDATA[>")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _atom_date(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _excerpt(post: Post) -> str:
    return _cdata(esc(post.excerpt()).replace(" [\u2026]", " [&#8230;]"))


def _comments_url(origin: str, post: Post) -> str:
    return f"{origin}{post.path}#{'comments' if post.comments else 'respond'}"


def _rss_item(origin: str, post: Post) -> str:
    terms = (*post.article.categories, *post.article.tags)
    return render(
        "feeds/rss2-item.xml",
        title=esc(post.title),
        link=f"{origin}{post.path}",
        comments=_comments_url(origin, post),
        author=_cdata(post.author),
        pub_date=format_datetime(_utc(post.published)),
        categories="\n".join(render("feeds/rss2-category.xml", name=_cdata(name)) for name in terms),
        guid=f"{origin}/?p={post.id}",
        excerpt=_excerpt(post),
        content=_cdata(editor_content(post.blocks)),
        comment_count=str(len(post.comments)),
    )


def _atom_entry(origin: str, post: Post) -> str:
    terms = (*post.article.categories, *post.article.tags)
    return render(
        "feeds/atom-entry.xml",
        author=esc(post.author),
        title=_cdata(esc(post.title)),
        link=f"{origin}{post.path}",
        guid=f"{origin}/?p={post.id}",
        updated=_atom_date(post.modified),
        published=_atom_date(post.published),
        categories="\n".join(render("feeds/atom-category.xml", home=origin, name=attr(name)) for name in terms),
        excerpt=_excerpt(post),
        content=_cdata(editor_content(post.blocks)),
        comments=_comments_url(origin, post),
        comment_count=str(len(post.comments)),
    )


def feed_document(site: Site, listing: Listing | None, posts: tuple[Post, ...], feed_format: str, origin: str, self_url: str) -> str:
    """One page of a feed; `listing` None for the empty channel of a page that does not exist."""
    if listing is None:
        title = f"Page not found &#8211; {esc(SITE_NAME)}"
    else:
        title = f"{esc(listing.name)} &#8211; {esc(SITE_NAME)}" if listing.name else esc(SITE_NAME)
    built = max((post.modified for post in posts), default=site.latest_modified())
    if feed_format == "atom":
        return render(
            "feeds/atom.xml",
            language=LANGUAGE,
            title=title,
            tagline=esc(TAGLINE),
            updated=_atom_date(built),
            home=origin,
            id=attr(self_url.split("?")[0]),
            self=attr(self_url),
            wp_version=WP_VERSION,
            entries="".join(_atom_entry(origin, post) for post in posts),
        )
    return render(
        "feeds/rss2.xml",
        title=title,
        self=attr(self_url),
        home=origin,
        tagline=esc(TAGLINE),
        build_date=format_datetime(_utc(built)),
        language=LANGUAGE,
        wp_version=WP_VERSION,
        items="".join(_rss_item(origin, post) for post in posts),
    )


def _validators(site: Site) -> tuple[str, str]:
    """WordPress's feed validators: the site's last post change, and the md5 of that date as ETag."""
    last_modified = format_datetime(_utc(site.latest_modified()), usegmt=True)
    return last_modified, '"' + hashlib.md5(last_modified.encode("ascii")).hexdigest() + '"'  # noqa: S324 (WordPress's ETag)


def _not_modified(request_headers: Mapping[str, str], last_modified: str, etag: str) -> bool:
    """WordPress's rule: both validators must match when the client sends both, either one otherwise."""
    client_etag = request_headers.get("If-None-Match")
    client_since = request_headers.get("If-Modified-Since")
    try:
        fresh_date = client_since is not None and parsedate_to_datetime(client_since) >= parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        fresh_date = False
    fresh_tag = client_etag == etag
    return (fresh_date and fresh_tag) if (client_etag and client_since) else (fresh_date or fresh_tag)


def answer(
    site: Site,
    listing: Listing,
    feed_format: str,
    paged: int,
    *,
    per_page: int,
    origin: str,
    self_url: str,
    request_headers: Mapping[str, str],
    alternate: str | None = None,
) -> Reply:
    """The reply to one feed request; `alternate` is the REST URL of the archive's term or user."""
    last_modified, etag = _validators(site)
    headers = [("Last-Modified", last_modified), ("ETag", etag), api_link(origin)]
    if alternate:
        headers.append(("Link", f'<{alternate}>; rel="alternate"; type="application/json"'))
    chunks = listing.chunks(per_page)
    if not 1 <= paged <= len(chunks):
        document = feed_document(site, None, (), feed_format, origin, self_url)
        return Reply.text(404, CONTENT_TYPES[feed_format], document, (("Cache-Control", "no-cache, must-revalidate, max-age=0"), *headers))
    if _not_modified(request_headers, last_modified, etag):
        return Reply(304, CONTENT_TYPES[feed_format], b"", tuple(headers))
    document = feed_document(site, listing, chunks[paged - 1], feed_format, origin, self_url)
    return Reply.text(200, CONTENT_TYPES[feed_format], document, tuple(headers))
