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
    #: Whole lines that open the boilerplate after an article (share bar, comments, post navigation,
    #: footer): once the article has begun, the first such line and everything after it are dropped,
    #: term lines excepted (they are lifted into fields). Before the article they are only dropped.
    cut_lines: tuple[str, ...] = ()
    #: Those `cut_lines` that also head boxes placed between an article's paragraphs (related links,
    #: a share bar): they open the trailing boilerplate only when less article prose follows them
    #: than precedes them. Comment and footer openers are not here: they always cut.
    box_lines: tuple[str, ...] = ()
    #: Pages of the family that are not articles, as the page itself says: (CSS selector, kind),
    #: first match wins. Saved mirrors skip them (`sinmun/files/skipped/<kind>`), unless the kind
    #: is asked for (`page` with `-a include=pages`). See crawler/pagekinds.py for the generic signs.
    non_article_pages: tuple[tuple[str, str], ...] = ()


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

# Boilerplate as text, for text dumps and for what markup alone does not give away. Each is matched
# against a whole whitespace-normalised line (NBSPs count as spaces), never as a prefix.
#: Headings of the share and related-post boxes that close an article, and that themes and plugins
#: also put between its paragraphs.
_BOX_LINES = (
    r"Share this:",
    r"Share this( post| article)?:?",
    r"Like this:",
    r"Related",
    r"Related (Posts|posts|Articles|articles):?",
)
_WORDPRESS_CUT_LINES = (
    # the core comment form and the comment list open the end of the page
    r"Leave a Reply",
    r"Leave a comment",
    r"Leave a Reply Cancel reply",
    r"Leave a Reply to .{1,80} Cancel reply",
    r"(\d+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten) (thoughts?|responses?|comments?|replies|reply) (on|to) .{1,200}",
    r"\d+ (Comments?|Responses?|Replies)",
    r"(Comments|Responses|Discussion)",
    r"Comments are closed\.",
    r"You must be logged in to post a comment\.",
    r"Post navigation",
    # Jetpack flair appended to the content
    *_BOX_LINES,
    r"%d bloggers like this:",
    # footers
    r"(Proudly )?[Pp]owered by WordPress\.?",
    r"Blog at WordPress\.com\.?",
)
_WORDPRESS_DROP_LINES = _WORDPRESS_CUT_LINES + (
    # core comment form
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
    r"(Previous|Next) (Post|post|article|Article)( ?:.{0,150})?",
    # Jetpack sharing and likes
    r"Like Loading\.\.\.",
    r"Loading\.\.\.",
    r"Be the first to like this\.",
    r"In [\"“][^\"”]{1,60}[\"”]",
    r"Similar posts?",
    r"\d+ bloggers? likes? this\.",
    r"(Click to share on|Click to email a link to a friend|Click to print|Click to email|Share on) .{0,40}\(Opens in new window\)",
    r"(Twitter|X|Facebook|Email|Print|Telegram|WhatsApp|Reddit|LinkedIn|Tumblr|Pinterest|Pocket|Mastodon|Threads|Bluesky|Nextdoor|More|Like)",
    r"Share on (Twitter|X|Facebook|Telegram|WhatsApp|Reddit|LinkedIn|Tumblr|Pinterest|Mastodon|Threads|Bluesky)",
    # WordAds between paragraphs
    r"(?i:advertisements?)",
    r"Report this ad",
)
_WORDPRESS_COM_CUT_LINES = (
    r"Leave a comment Cancel reply",
    r"Fill in your details below or click an icon to log in:( Logo)?",
    r"Write a comment\.\.\.",
)
_WORDPRESS_COM_DROP_LINES = _WORDPRESS_COM_CUT_LINES + (
    # the "highlander" comment form, as text
    r"(Email|Name|Website) \(required\).*",
    r"Email \(Address never made public\)",
    r"You are commenting using your (\w+(\.com)? )?account\.\s*\(?\s*Log Out\s*/\s*Change\s*\)",
    r"(Google|Twitter|Facebook|WordPress\.com|Gravatar) (photo|picture|logo)",
    r"Connecting to %s",
    r"Notify me of new comments via email\.",
    r"Notify me of new posts via email\.",
    r"Post was not sent - check your email addresses!",
    r"Email check failed, please try again",
    r"Sorry, your blog cannot share posts by email\.",
    # the 2024+ form
    r"Log in or provide your name and email to leave a comment\.",
    r"Comment",
    # the WordPress.com footer and action bars, the cookie banner
    r"Subscribe Subscribed",
    r"(Subscribe|Subscribed|Reblog|Follow|Following|Follow Following|Customize|Sign me up|Log in now\.|Log in|Copy shortlink|Copy link)",
    r"Report this content",
    r"View site in Reader",
    r"Manage subscriptions",
    r"Collapse this bar",
    r"Already have a WordPress\.com account\? Log in now\.",
    r"Join \d[\d,]* other (subscribers|followers)",
    r"(Design a site like this with|Create a (free )?website or blog at|Website Powered by) WordPress\.com\.?",
    r"Privacy & Cookies: This site uses cookies\..*",
    r"To find out more, including how to control cookies, see here: Cookie Policy",
    r"Close and accept",
)

#: News sites' furniture between and after paragraphs: links to other stories, copyright and contact lines.
_NEWS_DROP_LINES = (
    r"(?i:read more|see more|read also|also read|see also|related)\s*:\s*.{1,200}",
    r"(?i:don[’']?t miss)\s*:?",
    r"(?i:(copyright|©).{0,100}all rights reserved\.?)",
    # one "@" splits the address, and its end is where the spaces start: no backtracking into it
    r"(?i:(email|write to|contact) [\w .'-]{1,40} at [^\s@]+@\S+(?!\S).{0,150})",
)

GENERIC = SiteProfile(
    name="generic",
    title=_COMMON_TITLE + ("h1::text",),
    # no selector: the body of a page of no known family is found by a main-content extractor
    body=(),
    published=_COMMON_PUBLISHED,
    modified=_COMMON_MODIFIED,
    authors=('meta[name="author"]::attr(content)', '[rel="author"]::text'),
    categories=('meta[property="article:section"]::attr(content)',),
    tags=('meta[property="article:tag"]::attr(content)',),
    drop_blocks=("script", "style", "noscript", "template", "iframe", "form", "nav", "aside", "footer"),
    # a page of no known family may still carry WordPress's furniture as text
    drop_lines=_NEWS_DROP_LINES + _WORDPRESS_DROP_LINES + _WORDPRESS_COM_DROP_LINES,
    cut_lines=_WORDPRESS_CUT_LINES + _WORDPRESS_COM_CUT_LINES,
    box_lines=_BOX_LINES,
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
    body=(".entry-content", ".wp-block-post-content", ".post-content", ".entry-inner", "article .content"),
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
    authors=(
        ".entry-meta .author a::text",
        ".byline .author a::text",
        ".author.vcard a::text",
        ".wp-block-post-author__name::text",
        ".wp-block-post-author-name__link::text",
        '[rel="author"]::text',
    )
    + GENERIC.authors,
    categories=('a[rel~="category"]::text', ".cat-links a::text", ".wp-block-post-terms.taxonomy-category a::text"),
    # block themes mark category links rel="tag" too: the specific selectors come first
    tags=(
        ".wp-block-post-terms.taxonomy-post_tag a::text",
        ".tags-links a::text",
        'a[rel="tag"]:not([rel~="category"]):not([href*="/category/"]):not([href*="cat="])::text',
    ),
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
        ".comment-form",
        "#comments",
        ".comments-area",
        ".comment-list",
        ".commentlist",
        ".wp-block-comments",
        ".wp-block-post-comments-form",
        # post navigation, sidebars, widgets, headers and footers
        ".post-navigation",
        ".navigation",
        ".nav-links",
        ".wp-block-post-navigation-link",
        "#secondary",
        ".sidebar",
        ".widget-area",
        ".widget",
        ".site-header",
        ".site-footer",
        "header.wp-block-template-part",
        "footer.wp-block-template-part",
        # Jetpack flair, often inside .entry-content
        "#jp-post-flair",
        ".sharedaddy",
        ".sd-sharing-enabled",
        ".sd-like",
        ".jetpack-likes-widget-wrapper",
        ".sharing",
        "#jp-relatedposts",
        ".jp-relatedposts",
        ".wp-block-jetpack-related-posts",
        ".wp-block-jetpack-sharing-buttons",
        ".wp-block-jetpack-like",
        # WordAds between paragraphs
        ".wpcnt",
        ".wordads-ad-wrapper",
        ".wordads-tag",
        ".wpa",
        # cookie banner
        "#eu-cookie-law",
        ".widget_eu_cookie_law_widget",
        # term and meta lines some themes put inside the content
        ".entry-footer",
        ".entry-meta",
        ".cat-links",
        ".tags-links",
        ".post-categories",
        ".post-tags",
        ".screen-reader-text",
    ),
    drop_lines=_NEWS_DROP_LINES + _WORDPRESS_DROP_LINES,
    cut_lines=_WORDPRESS_CUT_LINES,
    box_lines=_BOX_LINES,
    # get_body_class(): the template WordPress rendered, most specific first; posts say "single".
    non_article_pages=(
        ("body.error404", "not-found"),
        ("body.search", "search-results"),
        ("body.attachment", "attachment-page"),
        ("body.author", "author-archive"),
        ("body.category", "category-archive"),
        ("body.tag", "tag-archive"),
        ('body[class^="tax-"], body[class*=" tax-"]', "taxonomy-archive"),
        ("body.date", "date-archive"),
        ("body.archive", "archive"),
        ("body.paged", "listing"),
        ("body.blog", "listing"),
        ("body.page", "page"),
        ("article.type-page", "page"),
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
        "#comment-form-guest",
        "#comment-form-wordpress",
        "#comment-form-googleplus",
        "#comment-form-twitter",
        "#comment-form-facebook",
        "#comment-form-subscribe",
        "#comment-form-load-service",
        ".comment-subscription-form",
        ".verbum-form",
        "#actionbar",
        "#marketingbar",
        ".wpcom-masterbar",
        "#wpadminbar",
    ),
    drop_lines=_NEWS_DROP_LINES + _WORDPRESS_DROP_LINES + _WORDPRESS_COM_DROP_LINES,
    cut_lines=_WORDPRESS_CUT_LINES + _WORDPRESS_COM_CUT_LINES,
)

#: Saved text, whose family is unknown: every family's lines apply.
TEXT_DUMP = replace(GENERIC, name="text", markers=(), body=(), drop_blocks=())

#: Most specific first: detection takes the first family whose marker is present.
PROFILES: tuple[SiteProfile, ...] = (WORDPRESS_COM, WORDPRESS, GENERIC)
_BY_NAME = {profile.name: profile for profile in (*PROFILES, TEXT_DUMP)}


def detect_profile(html: str) -> SiteProfile:
    """The first family whose marker appears in `html`; `GENERIC` when none does."""
    for profile in PROFILES:
        if any(marker in html for marker in profile.markers):
            return profile
    return GENERIC


def profile_named(name: str | None) -> SiteProfile:
    """The profile called `name`; `GENERIC` for None or an unknown name."""
    return _BY_NAME.get(name or "", GENERIC)

