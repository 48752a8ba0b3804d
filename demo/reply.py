"""An HTTP answer as the demo's surfaces build it, independent of the server that sends it."""

from __future__ import annotations

from dataclasses import dataclass, field

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    #: Extra headers in order; a name may repeat (WordPress sends several `Link` headers).
    headers: tuple[tuple[str, str], ...] = field(default=())

    @classmethod
    def text(cls, status: int, content_type: str, text: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
        return cls(status, content_type, text.encode("utf-8"), headers)

    @classmethod
    def redirect(cls, location: str) -> Reply:
        """WordPress's canonical redirects are permanent."""
        return cls(301, HTML, b"", (("Location", location),))


def api_link(origin: str) -> tuple[str, str]:
    """The header by which every WordPress response announces its REST API root."""
    return ("Link", f'<{origin}/wp-json/>; rel="https://api.w.org/"')
