"""WordPress core themes and the themes built like them (Astra, GeneratePress, Hueman, block themes)."""

from __future__ import annotations

from crawler.sites.generic import (
    COMMENT_FORM_LINES,
    COMMON_DROP_BLOCKS,
    COMMON_TITLE,
    FURNITURE_CLASS_WORDS,
    GENERIC,
    NEWS_DROP_LINES,
    NEWS_EDGE_LINES,
)
from crawler.sites.profile import SiteProfile

#: Headings of the share, related-post and comment boxes that close an article, and that themes and
#: plugins also put between its paragraphs: they cut only when less prose follows than precedes.
BOX_LINES = (
    r"Share this:",
    r"Share this( post| article)?:?",
    r"Like this:",
    r"Related",
    r"Related (Posts|posts|Articles|articles):?",
    r"\d+ (Comments?|Responses?|Replies)",
    r"(Comments|Responses|Discussion)",
)
#: What opens the end of a WordPress page whatever follows: the comment form and list, the footer.
CUT_LINES = (
    r"Leave a Reply",
    r"Leave a comment",
    r"Leave a Reply Cancel reply",
    r"Leave a Reply to .{1,80} Cancel reply",
    r"(\d+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten) (thoughts?|responses?|comments?|replies|reply) (on|to) .{1,200}",
    r"Comments are closed\.",
    r"You must be logged in to post a comment\.",
    r"Post navigation",
    r"%d bloggers like this:",
    r"(Proudly )?[Pp]owered by WordPress\.?",
    r"Blog at WordPress\.com\.?",
)
#: Core comment form and Jetpack lines, furniture wherever they stand.
DROP_LINES = (
    r"Cancel reply",
    r"Your email address will not be published\.( Required fields are marked \*)?",
    r"Required fields are marked \*",
    r"Save my name, email, and website in this browser for the next time I comment\.",
    r"Post Comment",
    r"This site uses Akismet to reduce spam\. Learn how your comment data is processed\.",
    r"Δ",
    r"(Previous|Next) (Post|post|article|Article)( ?:.{0,150})?",
    r"Like Loading\.\.\.",
    r"Loading\.\.\.",
    r"Be the first to like this\.",
    r"\d+ bloggers? likes? this\.",
    r"(Click to share on|Click to email a link to a friend|Click to print|Click to email|Share on) .{0,40}\(Opens in new window\)",
    r"Share on (Twitter|X|Facebook|Telegram|WhatsApp|Reddit|LinkedIn|Tumblr|Pinterest|Mastodon|Threads|Bluesky)",
    r"Report this ad",
)
#: Short labels of the comment form and share bar: furniture at the body's edges only.
EDGE_LINES = (
    r"Comment \*?",
    r"Name \*?",
    r"Email \*?",
    r"Website",
    r"In [\"“][^\"”]{1,60}[\"”]",
    r"Similar posts?",
    r"(Twitter|X|Facebook|Email|Print|Telegram|WhatsApp|Reddit|LinkedIn|Tumblr|Pinterest|Pocket|Mastodon|Threads|Bluesky|Nextdoor|More|Like)",
)

WORDPRESS = SiteProfile(
    name="wordpress",
    markers=('content="WordPress', "/wp-content/", "/wp-includes/", "wp-json", "api.w.org"),
    title=(
        "article .entry-title::text",
        ".entry-title::text",
        "h1.wp-block-post-title::text",
        ".wp-block-post-title::text",
        "h1.post-title::text",
    )
    + COMMON_TITLE,
    body=(
        ".entry-content",
        ".wp-block-post-content",
        ".post-content",
        ".entry-inner",
        "article .content",
        # page builders and popular themes: Elementor, Newspaper (tagDiv), schema.org markup
        ".elementor-widget-theme-post-content",
        ".td-post-content",
        '[itemprop="articleBody"]',
        ".article-content",
        "article.post .entry",
    ),
    reliable_body_words=120,
    published=(
        "time.entry-date.published::attr(datetime)",
        ".wp-block-post-date time::attr(datetime)",
        "time.entry-date::attr(datetime)",
        ".posted-on time::attr(datetime)",
    ),
    modified=('meta[property="article:modified_time"]::attr(content)', "time.updated::attr(datetime)"),
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
    drop_blocks=COMMON_DROP_BLOCKS
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
    drop_class_words=FURNITURE_CLASS_WORDS,
    drop_lines=NEWS_DROP_LINES + DROP_LINES,
    edge_lines=NEWS_EDGE_LINES + EDGE_LINES,
    cut_lines=COMMENT_FORM_LINES + CUT_LINES,
    box_lines=GENERIC.box_lines + BOX_LINES,
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
