"""Recover a saved page's original URL and capture time from the traces its mirror tool left.

A page saved to disk answers to `file:///...`, and WordPress writes root-relative canonical
links, so without help a mirrored article's URL is `file:///2019/02/10/slug/` and its site is
unknown. The tools that made the mirror leave enough behind:

* HTTrack writes `<!-- Mirrored from host/path by HTTrack Website Copier/3.x [...], DATE -->`
  into each page: the page's URL and when it was fetched;
* wget lays pages out as `host[:port]/path/index.html` (`http/host/...` with
  `--protocol-directories`; `host+port` with `--restrict-file-names=windows`);
* both rewrite links to local file names (`index.html`, `../../2019/02/10/slug/index.html`).

`-a base_url=https://example.org/` gives the origin outright: it fixes the scheme, which no
layout records, and serves for a plain folder of saved pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urljoin, urlparse

from parsel import Selector

#: HTTrack's own files in a mirror's project folder: logs, cache, the project index and its images.
HTTRACK_FILES = frozenset({"hts-log.txt", "hts-err.txt", "hts-in_progress.lock", "hts-nohup.out", "cookies.txt", "backblue.gif", "fade.gif"})
HTTRACK_CACHE = "hts-cache"
_HTTRACK_COMMENT = re.compile(r"<!--\s*Mirrored from\s+(\S+)\s+by HTTrack Website Copier/[^,]*,\s*([^>]*?)\s*-->")
#: HTTrack's index of the projects in a folder (the page that links each mirrored site).
_HTTRACK_INDEX_MARK = "HTTrack Website Copier"
#: How far into a page HTTrack's comment can be: it follows the `<html>` tag.
_HEAD_BYTES = 4096
#: A folder name wget gives a host (a domain name, an IPv4 address or localhost), with an
#: optional port after ':' (or '+' with --restrict-file-names=windows).
_HOST_FOLDER = re.compile(
    r"^(?P<host>localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[a-z0-9-]+\.)+[a-z]{2,63})(?:[:+](?P<port>\d{1,5}))?$", re.IGNORECASE
)
_INDEX_FILES = ("index.html", "index.htm")


def is_mirror_tool_file(path: Path, root: Path) -> bool:
    """HTTrack's logs, cache and images: the tool's files, not the site's."""
    relative = path.relative_to(root) if path != root else PurePosixPath(path.name)
    return path.name in HTTRACK_FILES or HTTRACK_CACHE in relative.parts[:-1]


def is_mirror_tool_index(html_start: str) -> bool:
    """HTTrack's index of mirrored projects: it names HTTrack but mirrors nothing."""
    return _HTTRACK_INDEX_MARK in html_start and _HTTRACK_COMMENT.search(html_start) is None


@dataclass(frozen=True)
class MirrorTrace:
    """What the mirror says about one saved page: its original URL and, where known, when it was fetched."""

    page_url: str | None
    captured_at: datetime | None = None
    #: The tool rewrote links to local file names, so a relative canonical names a saved file.
    local_links: bool = False


def _strip_index(url: str) -> str:
    for name in _INDEX_FILES:
        if url.endswith("/" + name):
            return url[: -len(name)]
    return url


def _httrack_trace(html_start: str) -> MirrorTrace | None:
    match = _HTTRACK_COMMENT.search(html_start)
    if match is None:
        return None
    mirrored, date = match.groups()
    url = mirrored if "://" in mirrored else f"http://{mirrored}"
    try:
        captured = parsedate_to_datetime(date).astimezone(timezone.utc)
    except (TypeError, ValueError):
        captured = None
    return MirrorTrace(page_url=url, captured_at=captured, local_links=True)


def _wget_url(relative: PurePosixPath, base_url: str | None) -> str | None:
    """`host:port/a/b/index.html` -> `http://host:port/a/b/`; `https/host/...` keeps its scheme.
    With `base_url`, its origin replaces the folder's (it knows the scheme)."""
    parts = list(relative.parts)
    scheme = "http"
    if len(parts) > 2 and parts[0] in ("http", "https"):
        scheme = parts.pop(0)
    match = _HOST_FOLDER.match(parts[0]) if len(parts) > 1 else None
    if match is None:
        return None
    path = "/".join(quote(part, safe="?=&;,+%@!$'()*") for part in parts[1:])
    if base_url:
        return _strip_index(urljoin(base_url, path))
    port = f":{match['port']}" if match["port"] else ""
    return _strip_index(f"{scheme}://{match['host'].lower()}{port}/{path}")


def mirror_trace(path: Path, root: Path, html_start: str, base_url: str | None) -> MirrorTrace:
    """The original URL of the page saved at `path` under `root`, from HTTrack's comment, wget's
    folder layout, or `base_url` joined with the path under `root`; None when nothing tells."""
    httrack = _httrack_trace(html_start[:_HEAD_BYTES])
    if httrack is not None:
        if base_url and httrack.page_url:
            origin = urlparse(httrack.page_url)
            rebased = urljoin(base_url, origin.path.lstrip("/") + (f"?{origin.query}" if origin.query else ""))
            return MirrorTrace(rebased, httrack.captured_at, local_links=True)
        return httrack
    relative = PurePosixPath(*path.relative_to(root).parts) if path != root else PurePosixPath(path.name)
    # The mirror's own host folder may be the root itself.
    for candidate in (relative, PurePosixPath(root.name, *relative.parts)):
        url = _wget_url(candidate, base_url)
        if url is not None:
            return MirrorTrace(url, local_links=True)
    if base_url:
        return MirrorTrace(_strip_index(urljoin(base_url, quote(relative.as_posix()))))
    return MirrorTrace(None)


def original_url(selector: Selector, trace: MirrorTrace, fetched_url: str, base_url: str | None) -> str:
    """The page's URL: its canonical link (or `og:url`) resolved against where the page really
    was, else that place itself, else the `file://` URL it was read from."""
    page_url = trace.page_url or fetched_url
    for css in ('link[rel="canonical"]::attr(href)', 'meta[property="og:url"]::attr(content)'):
        href = (selector.css(css).get() or "").strip()
        if not href:
            continue
        if href.startswith("/") and not href.startswith("//") and base_url:
            return urljoin(base_url, href)
        resolved = urljoin(page_url, href)
        if trace.local_links and "://" not in href and not href.startswith("/"):
            # rewritten by the mirror tool: a relative link to a saved file
            resolved = _strip_index(resolved)
        return resolved
    return page_url
