"""Site families as data: where each kind of site keeps its fields, and which of its blocks are boilerplate.

A new family is a new `SiteProfile` here plus fixtures, no new logic. Spiders use the field
selectors to locate an article; the boilerplate stage uses `drop_blocks` and `drop_lines` to
clean it. Selectors are parsel CSS (with `::text` / `::attr(...)`), tried in order, first hit wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class SiteProfile:
    name: str
    #: Substrings of the raw HTML that identify the family; any one is enough.
    markers: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    #: The element that holds the article body.
    body: tuple[str, ...] = ()
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
    #: Regular expressions a whole line (whitespace-normalised) must match to be dropped as boilerplate.
    drop_lines: tuple[str, ...] = ()


_COMMON_TITLE = ('meta[property="og:title"]::attr(content)', "title::text")
_COMMON_PUBLISHED = (
    'meta[property="article:published_time"]::attr(content)',
    'meta[itemprop="datePublished"]::attr(content)',
    "time[datetime]::attr(datetime)",
)
_COMMON_MODIFIED = (
    'meta[property="article:modified_time"]::attr(content)',
    'meta[itemprop="dateModified"]::attr(content)',
)

GENERIC = SiteProfile(
    name="generic",
    title=("h1::text",) + _COMMON_TITLE,
    body=("article", "main", '[itemprop="articleBody"]', "body"),
    published=_COMMON_PUBLISHED,
    modified=_COMMON_MODIFIED,
    authors=('meta[name="author"]::attr(content)', '[rel="author"]::text'),
    categories=('meta[property="article:section"]::attr(content)',),
    tags=('meta[property="article:tag"]::attr(content)',),
    drop_blocks=("script", "style", "noscript", "template", "iframe", "form", "nav", "aside", "footer"),
)

WORDPRESS = SiteProfile(
    name="wordpress",
    markers=('content="WordPress', "/wp-content/", "/wp-includes/", "wp-json"),
    title=(
        "article .entry-title::text",
        ".entry-title::text",
        "h1.wp-block-post-title::text",
        ".wp-block-post-title::text",
        "h1.post-title::text",
    )
    + _COMMON_TITLE,
    body=(".entry-content", ".wp-block-post-content", ".post-content", "article .content"),
    published=(
        'meta[property="article:published_time"]::attr(content)',
        "time.entry-date.published::attr(datetime)",
        "time.entry-date::attr(datetime)",
        ".wp-block-post-date time::attr(datetime)",
        "time[datetime]::attr(datetime)",
        ".entry-date::text",
        ".posted-on::text",
    ),
    modified=(
        'meta[property="article:modified_time"]::attr(content)',
        "time.updated::attr(datetime)",
    ),
    authors=(".entry-meta .author a::text", ".byline .author a::text", ".author.vcard a::text", '[rel="author"]::text')
    + GENERIC.authors,
    categories=('a[rel~="category"]::text', ".cat-links a::text", ".wp-block-post-terms.taxonomy-category a::text"),
    tags=('a[rel="tag"]::text', ".tags-links a::text", ".wp-block-post-terms.taxonomy-post_tag a::text"),
    listing_links=(
        ".entry-title a::attr(href)",
        ".wp-block-post-title a::attr(href)",
        'article a[rel="bookmark"]::attr(href)',
        ".post-title a::attr(href)",
    ),
    next_page=(
        'link[rel="next"]::attr(href)',
        "a.next.page-numbers::attr(href)",
        ".nav-previous a::attr(href)",
        ".wp-block-query-pagination-next::attr(href)",
    ),
    drop_blocks=GENERIC.drop_blocks
    + (
        # core comment form and comment list
        "#respond",
        ".comment-respond",
        "#commentform",
        "#comments",
        ".comments-area",
        ".comment-list",
        # post navigation, sidebars, widgets
        ".post-navigation",
        ".navigation",
        ".nav-links",
        "#secondary",
        ".widget-area",
        ".widget",
        # Jetpack flair, often inside .entry-content
        "#jp-post-flair",
        ".sharedaddy",
        ".sd-sharing-enabled",
        ".sd-like",
        ".jetpack-likes-widget-wrapper",
        "#jp-relatedposts",
        ".jp-relatedposts",
        # WordAds between paragraphs
        ".wpcnt",
        ".wordads-ad-wrapper",
        # cookie banner
        "#eu-cookie-law",
        ".widget_eu_cookie_law_widget",
        # term and meta lines some themes put inside the content
        ".entry-footer",
        ".entry-meta",
        ".cat-links",
        ".tags-links",
        ".screen-reader-text",
    ),
    drop_lines=(
        # core comment form
        r"Leave a Reply",
        r"Leave a Reply Cancel reply",
        r"Cancel reply",
        r"Your email address will not be published\.( Required fields are marked \*)?",
        r"Required fields are marked \*",
        r"Comment \*?",
        r"Name \*?",
        r"Email \*?",
        r"Website",
        r"Save my name, email, and website in this browser for the next time I comment\.",
        r"Post Comment",
        r"This site uses Akismet to reduce spam\. Learn how your comment data is processed\.",
        r"Δ",
        r"Post navigation",
        r"(Previous|Next) (Post|post|article)",
        # Jetpack flair
        r"Share this:",
        r"Like this:",
        r"Like Loading\.\.\.",
        r"Loading\.\.\.",
        r"Related",
        r"%d bloggers like this:",
        r"(Click to share on|Click to email).*\(Opens in new window\)",
        # WordAds
        r"Advertisements?",
        r"Report this ad",
    ),
)

WORDPRESS_COM = replace(
    WORDPRESS,
    name="wordpress.com",
    markers=("wordpress.com", "s0.wp.com", "wp.com/"),
    drop_blocks=WORDPRESS.drop_blocks
    + (
        "#comment-form-nascar",
        "#comment-form-identity",
        "#comment-form-subscribe",
        "#comment-form-load-service",
        ".comment-subscription-form",
        "#actionbar",
        "#marketingbar",
        ".wpcom-masterbar",
    ),
    drop_lines=WORDPRESS.drop_lines
    + (
        # the "highlander" comment form, as text
        r"Fill in your details below or click an icon to log in:( Logo)?",
        r"(Email|Name|Website) \(required\).*",
        r"You are commenting using your (\w+ )?account\.\s*\(?\s*Log Out\s*/\s*Change\s*\)",
        r"(Google|Twitter|Facebook|WordPress\.com) (photo|picture|logo)",
        r"Connecting to %s",
        r"Notify me of new comments via email\.",
        r"Notify me of new posts via email\.",
        # the 2024+ form
        r"Leave a comment Cancel reply",
        r"Leave a comment",
        r"Write a comment\.\.\.",
        r"Log in or provide your name and email to leave a comment\.",
        # footer bar and cookie banner
        r"Blog at WordPress\.com\.",
        r"Subscribe Subscribed",
        r"Reblog",
        r"Report this content",
        r"Privacy & Cookies: This site uses cookies\..*",
    ),
)

#: Most specific first: detection takes the first family whose marker is present.
PROFILES: tuple[SiteProfile, ...] = (WORDPRESS_COM, WORDPRESS, GENERIC)
_BY_NAME = {profile.name: profile for profile in PROFILES}


def detect_profile(html: str) -> SiteProfile:
    """The first family whose marker appears in `html`; `GENERIC` when none does."""
    for profile in PROFILES:
        if any(marker in html for marker in profile.markers):
            return profile
    return GENERIC


def profile_named(name: str | None) -> SiteProfile:
    """The profile called `name`; `GENERIC` for None or an unknown name."""
    return _BY_NAME.get(name or "", GENERIC)


def all_drop_lines() -> tuple[str, ...]:
    """Every family's boilerplate lines: for text dumps, whose family is unknown."""
    seen: dict[str, None] = {}
    for profile in PROFILES:
        seen.update(dict.fromkeys(profile.drop_lines))
    return tuple(seen)
