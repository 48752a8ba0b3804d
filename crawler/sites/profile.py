"""What a site family knows, as data: the `SiteProfile` every family module fills in.

Logic stays generic (crawler/locate.py, crawler/published.py, pipelines/boilerplate.py); a family
only says where its fields are, which of its blocks and lines are furniture and where those rules
apply, and the text conventions of its copy. Selectors are parsel CSS (with `::text` /
`::attr(...)`); line rules are regular expressions a whole whitespace-normalised line must match.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class SiteProfile:
    name: str
    #: Host names (or their parent domains) that belong to the family: the first test.
    domains: tuple[str, ...] = ()
    #: Substrings of the page's markup (never its text) that identify the family: the `generator`
    #: meta, stylesheet and script URLs, `<link>` targets, the body's classes. Any one is enough.
    markers: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    #: Elements that may hold the article body; every match is a candidate, the best one is chosen.
    body: tuple[str, ...] = ()
    #: A candidate body with at least this many words outside links is the article as it stands:
    #: no main-content extractor is run (0: always ask the extractor).
    reliable_body_words: int = 0
    #: The family's own date elements, tried before the generic date cascade.
    published: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: On archive pages (home, /page/N/, category and date archives): links to articles, and to the next page.
    listing_links: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    #: CSS selectors of boilerplate blocks to remove from the body element.
    drop_blocks: tuple[str, ...] = ()
    #: Words of class and id names that mark furniture inside a body container ("smg-zone-widget",
    #: "author-bio", "related-posts"): such an element goes unless it holds most of the body's words.
    drop_class_words: tuple[str, ...] = ()
    #: Lines that are furniture wherever they stand, even between paragraphs ("Advertisement").
    drop_lines: tuple[str, ...] = ()
    #: Lines that are furniture only at the body's edges, before its first or after its last line of
    #: prose ("Email", "Print", "Website"): in the middle they may be the article's own list items.
    edge_lines: tuple[str, ...] = ()
    #: Lines that open the boilerplate after an article (comment form, footer): once the article has
    #: begun, the first such line and everything after it go, term lines excepted (lifted into fields).
    cut_lines: tuple[str, ...] = ()
    #: Headings of boxes that themes put after an article and sometimes between its paragraphs
    #: (related links, share bar, "Comments"): they open the trailing boilerplate only when less
    #: article prose follows them than precedes them.
    box_lines: tuple[str, ...] = ()
    #: Text conventions of state-media copy: a news-agency dateline opens the body, "-0-" closes
    #: it, leaders' names glued to their neighbours are set apart. Other families apply them only to
    #: a body that itself has that form at its edges (a blog republishing KCNA).
    state_media_copy: bool = False
    #: Pages of the family that are not articles, as the page itself says: (CSS selector, kind),
    #: first match wins. Saved mirrors skip them (`sinmun/files/skipped/<kind>`), unless the kind
    #: is asked for (`page` with `-a include=pages`). See crawler/pagekinds.py for the generic signs.
    non_article_pages: tuple[tuple[str, str], ...] = ()
    #: IANA zone of the family's dates when the page gives none, and its usual language.
    timezone: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        """Each selector and rule once, at its first place: a family's tuples are often its own with
        the generic ones appended, and a cascade (authors: the first selector that finds any) that
        tried a selector once would walk the page again for the same nothing."""
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, tuple):
                object.__setattr__(self, field.name, tuple(dict.fromkeys(value)))
