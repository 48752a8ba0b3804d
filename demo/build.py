"""Render the demo articles to a static WordPress-style site.

    python -m demo.build DEST [--per-page N]

writes a tree that any static file server can serve as a WordPress blog: the home page and
its `/page/N/` successors (newest first), one `/YYYY/MM/DD/slug/index.html` per post,
category, tag, author and month archives, an About page and `robots.txt`. Every link,
including `<link rel="canonical">`, `og:url` and JSON-LD ids, is root-relative because the
site's origin is not known at build time; the site works on any host and port.

Each post is rendered in its article's theme: "core" (self-hosted WordPress 6.4.2, an
_s-based theme, Yoast-style meta, core comment form with Akismet) or "wpcom" (WordPress.com:
s0.wp.com assets, Jetpack sharing/likes/related posts inside `.entry-content`, WordAds
between paragraphs, the "highlander" comment form, cookie banner and action bar). Listings
and archives use the core theme.

`expected_articles()` says what a correct crawl of the site exports; the output is
byte-identical from one build to the next (no clocks, no randomness).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from demo.content import ARTICLES, CATEGORIES, DemoArticle

SITE_NAME = "Morning Calm Reader"
TAGLINE = "Articles from the DPRK press, republished"
WP_VERSION = "6.4.2"
CORE_THEME = "chollima"
CORE_THEME_VERSION = "1.0.3"
WPCOM_SITE_ID = "163245871"
MENU = (
    ("Home", "/"),
    ("Ideology", "/category/ideology/"),
    ("Economy", "/category/economy/"),
    ("Culture", "/category/culture/"),
    ("Sports", "/category/sports/"),
    ("About", "/about/"),
)
_DATELINE = re.compile(r"^([A-Z][\w ]+, [A-Z][a-z]+ \d{1,2} \(KCNA\) --)")


# --- small helpers ----------------------------------------------------------------------


def esc(text: str) -> str:
    """Text-node escaping."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Attribute-value escaping."""
    return html.escape(text, quote=True)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _fill(template: str, **values: str) -> str:
    """`{{name}}` placeholders; plain braces (CSS, JavaScript) are left alone."""
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    leftover = re.search(r"\{\{\w+\}\}", template)
    assert leftover is None, f"unfilled placeholder {leftover.group()}"
    return template


def _digest(*parts: object, length: int = 10) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:length]


def _gravatar(name: str, size: int) -> str:
    email_hash = hashlib.md5(name.lower().encode("utf-8")).hexdigest()  # noqa: S324 (an avatar id, not security)
    return f"https://secure.gravatar.com/avatar/{email_hash}?s={size}&#038;d=mm&#038;r=g"


def _human_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def _human_time(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def _json_ld(data: object, css_class: str = "") -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    class_attr = f' class="{css_class}"' if css_class else ""
    return f'<script type="application/ld+json"{class_attr}>{text}</script>'


def _block_text(block: object) -> list[str]:
    """The clean paragraphs a block stands for: a heading, a paragraph, or one per list item."""
    if isinstance(block, str):
        return [block]
    kind, value = block  # type: ignore[misc]
    if kind in ("ul", "ol"):
        return list(value)
    return [value]


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- the site model ---------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    article: DemoArticle
    id: int
    index: int  # chronological position

    @property
    def path(self) -> str:
        return self.article.path

    @property
    def published(self) -> datetime:
        return self.article.published_at

    @property
    def modified(self) -> datetime:
        return datetime.fromisoformat(self.article.modified or self.article.published)

    @property
    def modified_iso(self) -> str:
        return self.article.modified or self.article.published

    @property
    def author_slug(self) -> str:
        return slugify(self.article.author)

    def excerpt(self, words: int = 55) -> str:
        """WordPress's automatic excerpt, as plain text: the first 55 words of the content, then " […]"."""
        text = " ".join(part for block in self.article.paragraphs for part in _block_text(block))
        split = text.split()
        if len(split) <= words:
            return " ".join(split)
        return " ".join(split[:words]) + " [\u2026]"

    def css_classes(self) -> str:
        terms = [f"category-{slugify(name)}" for name in self.article.categories]
        terms += [f"tag-{slugify(name)}" for name in self.article.tags]
        return f"post-{self.id} post type-post status-publish format-standard hentry " + " ".join(terms)


@dataclass(frozen=True)
class Site:
    posts: tuple[Post, ...]  # newest first

    @classmethod
    def from_articles(cls, articles: Iterable[DemoArticle]) -> Site:
        chronological = sorted(articles, key=lambda article: article.published_at)
        # Post ids grow with time but skip numbers, as drafts, pages and attachments take some.
        posts = [Post(article, 112 + 7 * i + (i * i) % 5, i) for i, article in enumerate(chronological)]
        return cls(tuple(reversed(posts)))

    @property
    def chronological(self) -> tuple[Post, ...]:
        return tuple(reversed(self.posts))

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """(previous = older, next = newer)."""
        chronological = self.chronological
        older = chronological[post.index - 1] if post.index > 0 else None
        newer = chronological[post.index + 1] if post.index + 1 < len(chronological) else None
        return older, newer

    def category_counts(self) -> dict[str, int]:
        counts = {name: 0 for name in CATEGORIES}
        for post in self.posts:
            for name in post.article.categories:
                counts[name] += 1
        return {name: count for name, count in counts.items() if count}

    def months(self) -> list[tuple[int, int]]:
        return list(dict.fromkeys((post.published.year, post.published.month) for post in self.posts))

    def tags(self) -> list[str]:
        return sorted({tag for post in self.posts for tag in post.article.tags}, key=str.lower)

    def authors(self) -> list[str]:
        return list(dict.fromkeys(post.article.author for post in self.posts))


def _category_id(name: str) -> int:
    return 2 + CATEGORIES.index(name)


# --- shared page parts (core theme) ------------------------------------------------------

_EMOJI_SETTINGS = """<script>
window._wpemojiSettings = {"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0\\/72x72\\/","ext":".png","svgUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0\\/svg\\/","svgExt":".svg","source":{"concatemoji":"\\/wp-includes\\/js\\/wp-emoji-release.min.js?ver=6.4.2"}};
/*! This file is auto-generated */
!function(i,n){var o,s,e;function c(e){try{var t={supportTests:e,timestamp:(new Date).valueOf()};sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}}(window,document);
</script>
<style id='wp-emoji-styles-inline-css'>

	img.wp-smiley, img.emoji {
		display: inline !important;
		border: none !important;
		box-shadow: none !important;
		height: 1em !important;
		width: 1em !important;
		margin: 0 0.07em !important;
		vertical-align: -0.1em !important;
		background: none !important;
		padding: 0 !important;
	}
</style>"""


def _core_head(*, title: str, site: Site, canonical: str, extra: Sequence[str], json_ld: str, rest_link: str = "") -> str:
    lines = [
        "<!doctype html>",
        '<html lang="en-US">',
        "<head>",
        '\t<meta charset="UTF-8">',
        '\t<meta name="viewport" content="width=device-width, initial-scale=1">',
        '\t<link rel="profile" href="https://gmpg.org/xfn/11">',
        "",
        "\t<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />",
        "",
        "\t<!-- This site is optimized with the Yoast SEO plugin v21.7 - https://yoast.com/wordpress/plugins/seo/ -->",
        f"\t<title>{esc(title)}</title>",
        f'\t<link rel="canonical" href="{attr(canonical)}" />',
        *[f"\t{line}" for line in extra],
        f"\t{json_ld}",
        "\t<!-- / Yoast SEO plugin. -->",
        "",
        "",
        f'<link rel="alternate" type="application/rss+xml" title="{attr(SITE_NAME)} &raquo; Feed" href="/feed/" />',
        f'<link rel="alternate" type="application/rss+xml" title="{attr(SITE_NAME)} &raquo; Comments Feed" href="/comments/feed/" />',
        _EMOJI_SETTINGS,
        f"<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver={WP_VERSION}' media='all' />",
        f"<link rel='stylesheet' id='classic-theme-styles-css' href='/wp-includes/css/classic-themes.min.css?ver={WP_VERSION}' media='all' />",
        f"<link rel='stylesheet' id='{CORE_THEME}-style-css' href='/wp-content/themes/{CORE_THEME}/style.css?ver={CORE_THEME_VERSION}' media='all' />",
        '<link rel="https://api.w.org/" href="/wp-json/" />' + rest_link,
        '<link rel="EditURI" type="application/rsd+xml" title="RSD" href="/xmlrpc.php?rsd" />',
        f'<meta name="generator" content="WordPress {WP_VERSION}" />',
        "</head>",
    ]
    return "\n".join(lines)


def _core_header(current: str) -> str:
    items = []
    for number, (label, href) in enumerate(MENU):
        item_id = 20 + number
        kind = "menu-item-type-custom menu-item-object-custom" if href in ("/", "/about/") else "menu-item-type-taxonomy menu-item-object-category"
        classes = f"menu-item {kind}"
        current_attr = ""
        if href == current:
            classes += " current-menu-item"
            current_attr = ' aria-current="page"'
        if href == "/":
            classes += " menu-item-home"
        items.append(f'<li id="menu-item-{item_id}" class="{classes} menu-item-{item_id}"><a href="{href}"{current_attr}>{esc(label)}</a></li>')
    title_tag = "h1" if current == "/" else "p"
    return "\n".join(
        [
            '<div id="page" class="site">',
            '\t<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>',
            "",
            '\t<header id="masthead" class="site-header">',
            '\t\t<div class="site-branding">',
            f'\t\t\t\t<{title_tag} class="site-title"><a href="/" rel="home">{esc(SITE_NAME)}</a></{title_tag}>',
            f'\t\t\t\t<p class="site-description">{esc(TAGLINE)}</p>',
            "\t\t\t</div><!-- .site-branding -->",
            "",
            '\t\t<nav id="site-navigation" class="main-navigation">',
            '\t\t\t<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Primary Menu</button>',
            '\t\t\t<div class="menu-main-menu-container"><ul id="primary-menu" class="menu">' + "".join(items) + "</ul></div>\t\t</nav><!-- #site-navigation -->",
            "\t</header><!-- #masthead -->",
        ]
    )


def _sidebar(site: Site, *, landmark: str = "aside") -> str:
    recent = "\n".join(f'\t\t\t\t<li>\n\t\t\t\t\t<a href="{post.path}">{esc(post.article.title)}</a>\n\t\t\t\t\t\t\t\t\t</li>' for post in site.posts[:5])
    months = "\n".join(
        f"\t\t\t<li><a href='/{year:04d}/{month:02d}/'>{datetime(year, month, 1):%B} {year}</a></li>" for year, month in site.months()
    )
    categories = "\n".join(
        f'\t<li class="cat-item cat-item-{_category_id(name)}"><a href="/category/{slugify(name)}/">{esc(name)}</a> ({count})\n</li>'
        for name, count in sorted(site.category_counts().items())
    )
    return "\n".join(
        [
            f'<{landmark} id="secondary" class="widget-area">',
            '\t<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/">',
            "\t\t\t\t<label>",
            '\t\t\t\t\t<span class="screen-reader-text">Search for:</span>',
            '\t\t\t\t\t<input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" />',
            "\t\t\t\t</label>",
            '\t\t\t\t<input type="submit" class="search-submit" value="Search" />',
            "\t\t\t</form></section>",
            '\t\t<section id="recent-posts-2" class="widget widget_recent_entries">',
            '\t\t<h2 class="widget-title">Recent Posts</h2><nav aria-label="Recent Posts">',
            "\t\t<ul>",
            recent,
            "\t\t\t\t\t</ul>",
            "",
            "\t\t</nav></section>",
            '<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2><nav aria-label="Archives">',
            "\t\t\t<ul>",
            months,
            "\t\t\t</ul>",
            "",
            "\t\t\t</nav></section>",
            '<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2><nav aria-label="Categories">',
            "\t\t\t<ul>",
            categories,
            "\t\t\t</ul>",
            "",
            "\t\t\t</nav></section>",
            f"</{landmark}><!-- #secondary -->",
        ]
    )


def _core_footer(*, comment_scripts: bool) -> str:
    scripts = [
        f'<script src="/wp-content/themes/{CORE_THEME}/js/navigation.js?ver={CORE_THEME_VERSION}" id="{CORE_THEME}-navigation-js"></script>',
    ]
    if comment_scripts:
        scripts += [
            f'<script src="/wp-includes/js/comment-reply.min.js?ver={WP_VERSION}" id="comment-reply-js" async data-wp-strategy="async"></script>',
            '<script defer src="/wp-content/plugins/akismet/_inc/akismet-frontend.js?ver=1704837519" id="akismet-frontend-js"></script>',
        ]
    return "\n".join(
        [
            '\t<footer id="colophon" class="site-footer">',
            '\t\t<div class="site-info">',
            '\t\t\t<a href="https://wordpress.org/">',
            "\t\t\t\tProudly powered by WordPress\t\t\t</a>",
            '\t\t\t<span class="sep"> | </span>',
            f'\t\t\t\tTheme: Chollima by <a href="/">{esc(SITE_NAME)}</a>.\t\t</div><!-- .site-info -->',
            "\t</footer><!-- #colophon -->",
            "</div><!-- #page -->",
            "",
            *scripts,
            "",
            "</body>",
            "</html>",
            "",
        ]
    )


def _term_links(post: Post, *, indent: str = "\t\t") -> str:
    article = post.article
    parts = []
    if article.categories:
        links = ", ".join(f'<a href="/category/{slugify(name)}/" rel="category tag">{esc(name)}</a>' for name in article.categories)
        parts.append(f'<span class="cat-links">Posted in {links}</span>')
    if article.tags:
        links = ", ".join(f'<a href="/tag/{slugify(name)}/" rel="tag">{esc(name)}</a>' for name in article.tags)
        parts.append(f'<span class="tags-links">Tagged {links}</span>')
    return indent + "".join(parts)


def _entry_meta(post: Post, *, indent: str = "\t\t\t") -> str:
    published = f'<time class="entry-date published" datetime="{post.article.published}">{_human_date(post.published)}</time>'
    if post.article.modified:
        published += f'<time class="updated" datetime="{post.article.modified}">{_human_date(post.modified)}</time>'
    else:
        published = published.replace('class="entry-date published"', 'class="entry-date published updated"')
    return "\n".join(
        [
            f'{indent}<div class="entry-meta">',
            f'{indent}\t<span class="posted-on">Posted on <a href="{post.path}" rel="bookmark">{published}</a></span>'
            f'<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/{post.author_slug}/">{esc(post.article.author)}</a></span></span>',
            f"{indent}</div><!-- .entry-meta -->",
        ]
    )


def _content_blocks(post: Post, *, indent: str = "\t\t") -> list[str]:
    out: list[str] = []
    for block in post.article.paragraphs:
        if isinstance(block, str):
            out.append(f"{indent}<p>{esc(block)}</p>")
        else:
            kind, value = block
            if kind in ("ul", "ol"):
                items = "\n".join(f"{indent}<li>{esc(item)}</li>" for item in value)
                out.append(f"{indent}<{kind}>\n{items}\n{indent}</{kind}>")
            else:
                out.append(f'{indent}<{kind} class="wp-block-heading">{esc(value)}</{kind}>')
    return out


def _post_navigation(site: Site, post: Post, *, indent: str = "\t") -> str:
    older, newer = site.neighbours(post)
    links = ""
    if older:
        links += f'<div class="nav-previous"><a href="{older.path}" rel="prev"><span class="nav-subtitle">Previous:</span> <span class="nav-title">{esc(older.article.title)}</span></a></div>'
    if newer:
        links += f'<div class="nav-next"><a href="{newer.path}" rel="next"><span class="nav-subtitle">Next:</span> <span class="nav-title">{esc(newer.article.title)}</span></a></div>'
    return "\n".join(
        [
            f'{indent}<nav class="navigation post-navigation" aria-label="Posts">',
            f'{indent}\t<h2 class="screen-reader-text">Post navigation</h2>',
            f'{indent}\t<div class="nav-links">{links}</div>',
            f"{indent}</nav>",
        ]
    )


def _description(post: Post) -> str:
    return post.excerpt(30).replace(" [\u2026]", "\u2026")


def _og_tags(post: Post) -> list[str]:
    article = post.article
    return [
        '<meta property="og:locale" content="en_US" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:title" content="{attr(article.title)}" />',
        f'<meta property="og:description" content="{attr(_description(post))}" />',
        f'<meta property="og:url" content="{post.path}" />',
        f'<meta property="og:site_name" content="{attr(SITE_NAME)}" />',
        f'<meta property="article:published_time" content="{article.published}" />',
        f'<meta property="article:modified_time" content="{post.modified_iso}" />',
    ]


# --- core single post -------------------------------------------------------------------

_CORE_RESPOND = """<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{{path}}#respond" style="display:none;">Cancel reply</a></small></h3><form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p><p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p><p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required /></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{{post_id}}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' />
</p><p style="display: none;"><input type="hidden" id="akismet_comment_nonce" name="akismet_comment_nonce" value="{{nonce}}" /></p><p style="display: none !important;" class="akismet-fields-container" data-prefix="ak_"><label>&#916;<textarea name="ak_hp_textarea" cols="45" rows="8" maxlength="100"></textarea></label><input type="hidden" id="ak_js_1" name="ak_js" value="{{ak_js}}"/><script>document.getElementById( "ak_js_1" ).setAttribute( "value", ( new Date() ).getTime() );</script></p></form>	</div><!-- #respond -->
	<p class="akismet_comment_form_privacy_notice">This site uses Akismet to reduce spam. <a href="https://akismet.com/privacy/" target="_blank" rel="nofollow noopener">Learn how your comment data is processed</a>.</p>"""


def _core_comments(post: Post) -> str:
    article = post.article
    lines = ['<div id="comments" class="comments-area">', ""]
    if article.comments:
        count = len(article.comments)
        heading = "One thought on" if count == 1 else f"{count} thoughts on"
        lines += [
            '\t\t<h2 class="comments-title">',
            f"\t\t\t{heading} &ldquo;<span>{esc(article.title)}</span>&rdquo;\t\t</h2><!-- .comments-title -->",
            "",
            "\t\t",
            '\t\t<ol class="comment-list">',
        ]
        for number, comment in enumerate(article.comments):
            comment_id = post.id * 10 + number + 1
            when = datetime.fromisoformat(comment.date)
            parity = "odd alt" if number % 2 else "even"
            lines += [
                f'\t\t\t\t<li id="comment-{comment_id}" class="comment {parity} thread-{parity.split()[0]} depth-1">',
                f'\t\t\t<article id="div-comment-{comment_id}" class="comment-body">',
                '\t\t\t\t<footer class="comment-meta">',
                '\t\t\t\t\t<div class="comment-author vcard">',
                f"\t\t\t\t\t\t<img alt='' src='{_gravatar(comment.author, 32)}' class='avatar avatar-32 photo' height='32' width='32' loading='lazy' decoding='async'/>"
                f'\t\t\t\t\t\t<b class="fn">{esc(comment.author)}</b> <span class="says">says:</span>\t\t\t\t\t</div><!-- .comment-author -->',
                "",
                '\t\t\t\t\t<div class="comment-metadata">',
                f'\t\t\t\t\t\t<a href="{post.path}#comment-{comment_id}"><time datetime="{comment.date}">{_human_date(when)} at {_human_time(when)}</time></a>\t\t\t\t\t</div><!-- .comment-metadata -->',
                "",
                "\t\t\t\t\t\t\t\t\t</footer><!-- .comment-meta -->",
                "",
                '\t\t\t\t<div class="comment-content">',
                f"\t\t\t\t\t<p>{esc(comment.text)}</p>",
                "\t\t\t\t</div><!-- .comment-content -->",
                "",
                f"\t\t\t\t<div class=\"reply\"><a rel='nofollow' class='comment-reply-link' href='{post.path}?replytocom={comment_id}#respond' "
                f'data-commentid="{comment_id}" data-postid="{post.id}" data-belowelement="div-comment-{comment_id}" data-respondelement="respond" '
                f"data-replyto=\"Reply to {attr(comment.author)}\" aria-label='Reply to {attr(comment.author)}'>Reply</a></div>\t\t\t</article><!-- .comment-body -->",
                "\t\t</li><!-- #comment-## -->",
            ]
        lines += ["\t\t</ol><!-- .comment-list -->", "", "\t\t"]
    lines.append(
        "\t"
        + _fill(
            _CORE_RESPOND,
            path=post.path,
            post_id=str(post.id),
            nonce=_digest("akismet", post.id),
            ak_js=str(100 + post.id % 97),
        )
    )
    lines += ["", "</div><!-- #comments -->"]
    return "\n".join(lines)


def _core_single(site: Site, post: Post) -> str:
    article = post.article
    person_id = f"/#/schema/person/{_digest(article.author, length=32)}"
    words = sum(len(part.split()) for block in article.paragraphs for part in _block_text(block))
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "BlogPosting",
                "@id": f"{post.path}#article",
                "isPartOf": {"@id": post.path},
                "author": {"name": article.author, "@id": person_id},
                "headline": article.title,
                "datePublished": article.published,
                "dateModified": post.modified_iso,
                "mainEntityOfPage": {"@id": post.path},
                "wordCount": words,
                "commentCount": len(article.comments),
                "publisher": {"@id": "/#organization"},
                "keywords": list(article.tags),
                "articleSection": list(article.categories),
                "inLanguage": "en-US",
                "potentialAction": [{"@type": "CommentAction", "name": "Comment", "target": [f"{post.path}#respond"]}],
            },
            {
                "@type": "WebPage",
                "@id": post.path,
                "url": post.path,
                "name": f"{article.title} - {SITE_NAME}",
                "isPartOf": {"@id": "/#website"},
                "datePublished": article.published,
                "dateModified": post.modified_iso,
                "breadcrumb": {"@id": f"{post.path}#breadcrumb"},
                "inLanguage": "en-US",
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{post.path}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": "/"},
                    {"@type": "ListItem", "position": 2, "name": article.title},
                ],
            },
            {"@type": "WebSite", "@id": "/#website", "url": "/", "name": SITE_NAME, "description": TAGLINE, "publisher": {"@id": "/#organization"}, "inLanguage": "en-US"},
            {"@type": "Organization", "@id": "/#organization", "name": SITE_NAME, "url": "/"},
            {"@type": "Person", "@id": person_id, "name": article.author, "url": f"/author/{post.author_slug}/"},
        ],
    }
    extra = _og_tags(post) + [
        f'<meta name="author" content="{attr(article.author)}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
        '<meta name="twitter:label1" content="Written by" />',
        f'<meta name="twitter:data1" content="{attr(article.author)}" />',
        '<meta name="twitter:label2" content="Est. reading time" />',
        f'<meta name="twitter:data2" content="{max(1, round(words / 200))} minute{"s" if round(words / 200) > 1 else ""}" />',
    ]
    head = _core_head(
        title=f"{article.title} - {SITE_NAME}",
        site=site,
        canonical=post.path,
        extra=extra,
        json_ld=_json_ld(graph, "yoast-schema-graph"),
        rest_link=f'<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/{post.id}" />',
    )
    head = head.replace(
        "</head>",
        f"<link rel='shortlink' href='/?p={post.id}' />\n"
        f'<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url={attr(post.path)}" />\n'
        "</head>",
    )
    categories = " ".join(f"category-{slugify(name)}" for name in article.categories)
    content = _content_blocks(post)
    body = [
        head,
        "",
        f'<body class="post-template-default single single-post postid-{post.id} single-format-standard {categories}">',
        _core_header(current=""),
        "",
        '\t<main id="primary" class="site-main">',
        "",
        "\t\t",
        f'<article id="post-{post.id}" class="{post.css_classes()}">',
        '\t<header class="entry-header">',
        f'\t\t<h1 class="entry-title">{esc(article.title)}</h1>',
        _entry_meta(post),
        "\t\t\t</header><!-- .entry-header -->",
        "",
        "\t",
        '\t<div class="entry-content">',
        "\n\n".join(content),
        "\t</div><!-- .entry-content -->",
        "",
        '\t<footer class="entry-footer">',
        _term_links(post),
        "\t</footer><!-- .entry-footer -->",
        f"</article><!-- #post-{post.id} -->",
        "",
        _post_navigation(site, post),
        _core_comments(post),
        "",
        "\t</main><!-- #main -->",
        "",
        "",
        _sidebar(site),
        "",
        _core_footer(comment_scripts=True),
    ]
    return "\n".join(body)


# --- WordPress.com single post ----------------------------------------------------------

_WPCOM_HEAD_ASSETS = """<script type="text/javascript">
  WebFontConfig = {"google":{"families":["Libre+Baskerville:r:latin,latin-ext","Lato:r,i,b,bi:latin,latin-ext"]},"api_url":"https:\\/\\/fonts-api.wp.com\\/css"};
  (function() {
    var wf = document.createElement('script');
    wf.src = '/wp-content/plugins/custom-fonts/js/webfont.js';
    wf.type = 'text/javascript';
    wf.async = 'true';
    var s = document.getElementsByTagName('script')[0];
    s.parentNode.insertBefore(wf, s);
	})();
</script><style id="jetpack-custom-fonts-css">.wf-active .site-title{font-family:"Libre Baskerville",serif}</style>
<meta name='robots' content='max-image-preview:large' />
<link rel='dns-prefetch' href='//s0.wp.com' />
<link rel='dns-prefetch' href='//wordpress.com' />
<link rel='dns-prefetch' href='//fonts-api.wp.com' />
<link rel="alternate" type="application/rss+xml" title="{{site}} &raquo; Feed" href="/feed/" />
<link rel="alternate" type="application/rss+xml" title="{{site}} &raquo; Comments Feed" href="/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="{{site}} &raquo; {{title_attr}} Comments Feed" href="{{path}}feed/" />
	<script type="text/javascript">
		/* <![CDATA[ */
		function addLoadEvent(func) {
			var oldonload = window.onload;
			if (typeof window.onload != 'function') {
				window.onload = func;
			} else {
				window.onload = function () {
					oldonload();
					func();
				}
			}
		}
		/* ]]> */
	</script>
	<link crossorigin='anonymous' rel='stylesheet' id='all-css-0-1' href='https://s0.wp.com/_static/??-eJx9jEEOwjAMBD9EcCsq4IJ4S5qY4Cqxo9pR1N9T4IQ4cFvNzi70Oqvg1zYeVmVPt3yBtm7Fp3HaO4bXNQGbFMAxrdXJlfQMhCJ4fwr79B+lF5SRWkmOuTBaL0Ug0t+i9lvCiHT2qJ/h5xiuTOuPPjaJrYoRHCrANKqzPhEWdg5l7c2Jcpqu+Ccc7qRBCF3pGFmLsOSPnn/1xI5s6LGd3/dkW8FjB/0vgBuNG8Jj?cssminify=yes' type='text/css' media='all' />
<style id='wp-emoji-styles-inline-css'>

	img.wp-smiley, img.emoji {
		display: inline !important;
		border: none !important;
		height: 1em !important;
		width: 1em !important;
		vertical-align: -0.1em !important;
	}
</style>
<link crossorigin='anonymous' rel='stylesheet' id='all-css-2-1' href='https://s0.wp.com/wp-content/themes/pub/independent-publisher-2/style.css?m=1702491541i&cssminify=yes' type='text/css' media='all' />
<link crossorigin='anonymous' rel='stylesheet' id='print-css-3-1' href='https://s0.wp.com/wp-content/mu-plugins/global-print/global-print.css?m=1465851035i&cssminify=yes' type='text/css' media='print' />
<script type="text/javascript" id="wpcom-actionbar-placeholder-js-extra">
/* <![CDATA[ */
var actionbardata = {"siteID":"{{site_id}}","postID":"{{post_id}}","siteURL":"","xhrURL":"\\/wp-admin\\/admin-ajax.php","nonce":"{{nonce}}","isLoggedIn":"","statusMessage":"","subsEmailDefault":"instantly","proxyScriptUrl":"https:\\/\\/s0.wp.com\\/wp-content\\/js\\/wpcom-proxy-request.js?m=1513050504i&amp;ver=20211021","shortlink":"https:\\/\\/wp.me\\/p{{shortlink}}","i18n":{"followedText":"New posts from this site will now appear in your <a href=\\"https:\\/\\/wordpress.com\\/read\\">Reader<\\/a>","foldBar":"Collapse this bar","unfoldBar":"Expand this bar","shortLinkCopied":"Shortlink copied to clipboard."}};
/* ]]> */
</script>
<script crossorigin='anonymous' type='text/javascript'  src='https://s0.wp.com/_static/??-eJyFykEKwkAMheELOQ1aqCtxLW3HA5RpGKJJJiQpvb4uXLjz7f4PXrcLNLcWTGq+/0iXD2wQUHg==?cssminify=yes'></script>
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress.com" />
<meta name="generator" content="WordPress {{wp_version}}" />
<link rel="canonical" href="{{path}}" />
<link rel='shortlink' href='https://wp.me/p{{shortlink}}' />
<link rel="alternate" type="application/json+oembed" href="https://public-api.wordpress.com/oembed/?format=json&amp;url={{path_attr}}&amp;for=wpcom-auto-discovery" /><link rel="alternate" type="application/xml+oembed" href="https://public-api.wordpress.com/oembed/?format=xml&amp;url={{path_attr}}&amp;for=wpcom-auto-discovery" />
<!-- Jetpack Open Graph Tags -->
{{og}}
<meta property="og:image" content="https://s0.wp.com/i/blank.jpg" />
<meta name="twitter:text:title" content="{{title_attr}}" />
<meta name="twitter:card" content="summary" />

<!-- End Jetpack Open Graph Tags -->
<link rel="shortcut icon" type="image/x-icon" href="https://s0.wp.com/i/favicon.ico" sizes="16x16 24x24 32x32 48x48" />
<link rel="icon" type="image/x-icon" href="https://s0.wp.com/i/favicon.ico" sizes="16x16 24x24 32x32 48x48" />
<link rel="apple-touch-icon" href="https://s0.wp.com/i/webclip.png" />
<link rel='openid.server' href='/?openidserver=1' />
<link rel='openid.delegate' href='/' />
<link rel="search" type="application/opensearchdescription+xml" href="/osd.xml" title="{{site}}" />
<link rel="search" type="application/opensearchdescription+xml" href="https://s1.wp.com/opensearch.xml" title="WordPress.com" />
<meta name="description" content="{{description}}" />"""

_WPCOM_FLAIR = """<div id="jp-post-flair" class="sharedaddy sd-like-enabled sd-sharing-enabled"><div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-twitter"><a rel="nofollow noopener noreferrer" data-shared="sharing-twitter-{{post_id}}" class="share-twitter sd-button share-icon" href="{{path}}?share=twitter" target="_blank" title="Click to share on Twitter" ><span>Twitter</span></a></li><li class="share-facebook"><a rel="nofollow noopener noreferrer" data-shared="sharing-facebook-{{post_id}}" class="share-facebook sd-button share-icon" href="{{path}}?share=facebook" target="_blank" title="Click to share on Facebook" ><span>Facebook</span></a></li><li class="share-end"></li></ul></div></div></div><div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded' id='like-post-wrapper-{{site_id}}-{{post_id}}-{{like_id}}' data-src='//widgets.wp.com/likes/index.html?ver=20231201#blog_id={{site_id}}&amp;post_id={{post_id}}&amp;origin=&amp;obj_id={{site_id}}-{{post_id}}-{{like_id}}' data-name='like-post-frame-{{site_id}}-{{post_id}}-{{like_id}}' data-title='Like or Reblog'><h3 class="sd-title">Like this:</h3><div class='likes-widget-placeholder post-likes-widget-placeholder' style='height: 55px;'><span class='button'><span>Like</span></span> <span class="loading">Loading...</span></div><span class='sd-text-color'></span><a class='sd-link-color'></a></div>
<div id='jp-relatedposts' class='jp-relatedposts' >
	<h3 class="jp-relatedposts-headline"><em>Related</em></h3>
</div></div>"""

_WORDADS = """<div class="wpcnt">
			<div class="wpa">
				<span class="wpa-about">Advertisements</span>
				<div class="u top_amp">
					<div id="atatags-{{site_id}}-{{ad_id}}">
						<script type="text/javascript">
							__ATA.cmd.push(function() {
								__ATA.initDynamicSlot({
									id: 'atatags-{{site_id}}-{{ad_id}}',
									location: 120,
									formFactor: '001',
									label: {text: 'Advertisements'},
									creative: {reportAd: {text: 'Report this ad'}, privacySettings: {text: 'Privacy'}}
								});
							});
						</script>
					</div>
				</div>
				<span class="wpa-about">Report this ad</span>
			</div>
		</div>"""

_HIGHLANDER_SERVICE = """	<div id="comment-form-{{service}}" class="comment-form-service">
		<div class="comment-form-padder">
			<div class="comment-form-avatar">
				<img src="{{avatar}}" alt="{{alt}}" width="25" class="no-grav" />
			</div>

				<div class="comment-form-fields">
				<input type="hidden" name="{{prefix}}_avatar" id="{{service}}-avatar" class="comment-meta-{{service}}" value="" />
				<input type="hidden" name="{{prefix}}_user_id" id="{{service}}-user_id" class="comment-meta-{{service}}" value="" />
				<input type="hidden" name="{{prefix}}_access_token" id="{{service}}-access_token" class="comment-meta-{{service}}" value="" />
						<p class="comment-form-posting-as pa-{{service}}">
			<strong></strong>
			You are commenting using your {{account}} account.			<span class="comment-form-log-out">
				(&nbsp;<a href="javascript:HighlanderComments.doExternalLogout( '{{service}}' );">Log&nbsp;Out</a>&nbsp;/&nbsp;
				<a href="#" onclick="javascript:HighlanderComments.switchAccount();return false;">Change</a>&nbsp;)
			</span>
		</p>
					</div>

		</div>
	</div>"""

_HIGHLANDER = """<div id="respond" class="comment-respond">
		<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{{path}}#respond" style="display:none;">Cancel reply</a></small></h3><form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">


<input type="hidden" id="highlander_comment_nonce" name="highlander_comment_nonce" value="{{nonce}}" /><input type="hidden" name="_wp_http_referer" value="{{path}}" />
<input type="hidden" name="hc_post_as" id="hc_post_as" value="guest" />

<div class="comment-form-field comment-textarea">
	<label for="comment">Enter your comment here...</label>
	<div id="comment-form-comment"><textarea id="comment" name="comment" title="Enter your comment here..."></textarea></div>
</div>

<div id="comment-form-identity">
	<div id="comment-form-nascar">
		<p>Fill in your details below or click an icon to log in:</p>
		<ul>
			<li class="selected" style="display:none;">
				<a href="#comment-form-guest" id="postas-guest" class="nascar-signin-link" title="Login via Guest">
									</a>
			</li>
			<li>
				<a href="https://wordpress.com/log-in?redirect_to=https%3A%2F%2Fr-login.wordpress.com%2Fremote-login.php%3Faction%3Dlink%26back%3D{{path_url}}" id="postas-wordpress" class="nascar-signin-link" title="Login via WordPress.com">
					<svg xmlns="http://www.w3.org/2000/svg" role="presentation" viewBox="0 0 24 24"><path fill="#0087be" d="M12.158 12.786l-2.698 7.84c.806.236 1.657.365 2.54.365 1.047 0 2.05-.18 2.986-.51-.024-.037-.046-.078-.065-.123l-2.762-7.57z"/></svg>
				</a>
			</li>
			<li>
				<a href="#comment-form-googleplus" id="postas-googleplus" class="nascar-signin-link" title="Login via Google">
					<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#4285f4" d="M22.56 12.25c0-.78-.07-1.53-.2-2.25H12v4.26h5.92c-.26 1.37-1.04 2.53-2.21 3.31v2.77h3.57c2.08-1.92 3.28-4.74 3.28-8.09z"/></svg>
				</a>
			</li>
			<li>
				<a href="#comment-form-twitter" id="postas-twitter" class="nascar-signin-link" title="Login via Twitter">
					<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#1DA1F2" d="M22.23 5.924c-.736.326-1.527.547-2.357.646.847-.508 1.498-1.312 1.804-2.27z"/></svg>
				</a>
			</li>
			<li>
				<a href="#comment-form-facebook" id="postas-facebook" class="nascar-signin-link" title="Login via Facebook">
					<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#3B5998" d="M20.007 3H3.993C3.445 3 3 3.445 3 3.993v16.013c0 .55.445.994.993.994h8.62v-6.97H10.27V11.31h2.346V9.31c0-2.325 1.42-3.59 3.494-3.59z"/></svg>
				</a>
			</li>
		</ul>
	</div>

	<div id="comment-form-guest" class="comment-form-service selected">
		<div class="comment-form-padder">
			<div class="comment-form-avatar">
<a href="https://gravatar.com/site/signup/" target="_blank"><img src="https://1.gravatar.com/avatar/ad516503a11cd5ca435acc9bb6523536?s=25&#038;d=identicon&#038;forcedefault=y&#038;r=G" alt="Gravatar" width="25" class="no-grav" /></a>			</div>

				<div class="comment-form-fields">
				<div class="comment-form-input comment-form-email">
					<label for="email">Email <span class="required">(required)</span> <span class="nopublish">(Address never made public)</span></label>
					<div class="comment-form-input"><input id="email" name="email" type="email" value="" /></div>
				</div>
				<div class="comment-form-input comment-form-author">
					<label for="author">Name <span class="required">(required)</span></label>
					<div class="comment-form-input"><input id="author" name="author" type="text" value="" /></div>
				</div>
				<div class="comment-form-input comment-form-url">
					<label for="url">Website</label>
					<div class="url-wrapper comment-form-input"><input id="url" name="url" type="url" value="" /></div>
				</div>
			</div>
		</div>
	</div>

	<div id="comment-form-wordpress" class="comment-form-service">
		<div class="comment-form-padder">
			<div class="comment-form-avatar">
				<a href="https://gravatar.com/site/signup/" target="_blank"><img src="https://1.gravatar.com/avatar/ad516503a11cd5ca435acc9bb6523536?s=25&#038;d=identicon&#038;forcedefault=y&#038;r=G" alt="WordPress.com Logo" width="25" class="no-grav" /></a>
			</div>

				<div class="comment-form-fields">
				<div class="comment-form-poster">
				<input type="hidden" name="wp_avatar" id="wordpress-avatar" class="comment-meta-wordpress" value="" />
				<input type="hidden" name="wp_user_id" id="wordpress-user_id" class="comment-meta-wordpress" value="" />
				<input type="hidden" name="wp_access_token" id="wordpress-access_token" class="comment-meta-wordpress" value="" />
						<p class="comment-form-posting-as pa-wordpress">
			<strong></strong>
			</p>You are commenting using your WordPress.com account. <span class="comment-form-log-out">(&nbsp;<a href="javascript:HighlanderComments.doExternalLogout( 'wordpress' );">Log&nbsp;Out</a>&nbsp;/&nbsp; <a href="#" onclick="javascript:HighlanderComments.switchAccount();return false;">Change</a>&nbsp;)</span>
				</div>
					</div>

		</div>
	</div>

{{services}}

	<div id="comment-form-load-service" class="comment-form-service">
		<div class="comment-form-posting-as-cancel"><a href="javascript:HighlanderComments.cancelExternalLogin();">Cancel</a></div>
		<p>Connecting to %s</p>
	</div>

</div>

<script type="text/javascript">
var highlander_expando_javascript = function(){
	var input = document.createElement( 'input' ),
	    comment = jQuery( '#comment' );

	if ( 'placeholder' in input ) {
		comment.attr( 'placeholder', jQuery( '.comment-textarea label' ).remove().text() );
	}

	// Expando Mode: start small, then auto-resize on first click + text length
	jQuery( '#comment-form-identity' ).hide();
	jQuery( '#comment-form-subscribe' ).hide();
	jQuery( '#commentform .form-submit' ).hide();
};
jQuery( document ).ready( highlander_expando_javascript );
</script>

<div id="comment-form-subscribe">
	<p class="comment-subscription-form"><input type="checkbox" name="subscribe" id="subscribe" value="subscribe" style="width: auto;"/> <label class="subscribe-label" id="subscribe-label" for="subscribe" style="display: inline;">Notify me of new comments via email.</label></p><p class="post-subscription-form"><input type="checkbox" name="subscribe_blog" id="subscribe_blog" value="subscribe" style="width: auto;"/> <label class="subscribe-label" id="subscribe-blog-label" for="subscribe_blog"  style="display: inline;">Notify me of new posts via email.</label></p></div>

<p class="form-submit wp-block-button"><input name="submit" type="submit" id="comment-submit" class="submit wp-block-button__link wp-element-button" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{{post_id}}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' />
</p><p style="display: none;"><input type="hidden" id="akismet_comment_nonce" name="akismet_comment_nonce" value="{{akismet_nonce}}" /></p>
<input type="hidden" name="genseq" value="{{genseq}}" />
<p style="display: none !important;" class="akismet-fields-container" data-prefix="ak_"><label>&#916;<textarea name="ak_hp_textarea" cols="45" rows="8" maxlength="100"></textarea></label><input type="hidden" id="ak_js_1" name="ak_js" value="{{ak_js}}"/><script type="text/javascript">
/* <![CDATA[ */
document.getElementById( "ak_js_1" ).setAttribute( "value", ( new Date() ).getTime() );
/* ]]> */
</script>
</p></form>	</div><!-- #respond -->"""

_WPCOM_FOOTER = """	<footer id="colophon" class="site-footer" role="contentinfo">
		<div class="site-info">
			<a href="https://wordpress.com/?ref=footer_blog" rel="nofollow">Blog at WordPress.com.</a>
			
		</div><!-- .site-info -->
	</footer><!-- #colophon -->
</div><!-- #page -->

<!--  -->
<script type="text/javascript" src="https://s0.wp.com/wp-content/js/jquery/jquery.js?m=1699467093i&amp;ver=3.7.1" id="jquery-core-js"></script>
<script type="text/javascript" src="//0.gravatar.com/js/hovercards/hovercards.min.js?ver=202349d6694ed1ef7d9dc9d1c3f4e2c3b7f5a8d5c6f5e8a4b5e9b1e3c7b0d2a4f" id="grofiles-cards-js"></script>
	<div style="display:none">
	</div>
<div id="eu-cookie-law" class="widget widget_eu_cookie_law_widget">
	<form method="post">
		<input type="submit" value="Close and accept" class="accept" />
	</form>
Privacy &amp; Cookies: This site uses cookies. By continuing to use this website, you agree to their use. <br />
To find out more, including how to control cookies, see here:
		<a href="https://automattic.com/cookies/" rel="nofollow">
		Cookie Policy	</a>
</div>
		<div id="actionbar" dir="ltr" style="display: none;"
			class="actnbr-pub-independent-publisher-2 actnbr-has-follow actnbr-has-actions">
		<ul>
								<li class="actnbr-btn actnbr-hidden">
								<a class="actnbr-action actnbr-actn-follow " href="">
			<svg class="gridicon" height="20" width="20" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path clip-rule="evenodd" d="m4 4.5h12v6.5h1.5v-6.5-1.5h-1.5-12-1.5v1.5 10.5c0 1.1046.89543 2 2 2h7v-1.5h-7c-.27614 0-.5-.2239-.5-.5z" fill-rule="evenodd"></path></svg>
			<span>Subscribe</span>
		</a>
		<a class="actnbr-action actnbr-actn-following  no-display" href="">
			<svg class="gridicon" height="20" width="20" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path fill-rule="evenodd" clip-rule="evenodd" d="M16 4.5H4V15C4 15.2761 4.22386 15.5 4.5 15.5H11.5V17H4.5C3.39543 17 2.5 16.1046 2.5 15V4.5V3H4H16H17.5V4.5V12.5H16V4.5Z"></path></svg>
			<span>Subscribed</span>
		</a>
							<div class="actnbr-popover tip tip-top-left actnbr-notice" id="follow-bubble">
							<div class="tip-arrow"></div>
							<div class="tip-inner actnbr-follow-bubble">
															<ul>
											<li class="actnbr-sitename">
			<a href="/">
				<img loading='lazy' alt='' src='https://s0.wp.com/i/logo/wpcom-gray-white.png' srcset='https://s0.wp.com/i/logo/wpcom-gray-white.png 1x' class='avatar avatar-50' height='50' width='50' />				{{site}}			</a>
		</li>
										<div class="actnbr-message no-display"></div>
									<form method="post" action="https://subscribe.wordpress.com" accept-charset="utf-8" style="display: none;">
																						<div class="actnbr-follow-count">Join 214 other subscribers</div>
																					<div>
										<input type="email" name="email" placeholder="Enter your email address" class="actnbr-email-field" aria-label="Enter your email address" />
										</div>
										<input type="hidden" name="action" value="subscribe" />
										<input type="hidden" name="blog_id" value="{{site_id}}" />
										<input type="hidden" name="source" value="{{path}}" />
										<input type="hidden" name="sub-type" value="actionbar-follow" />
										<input type="hidden" id="_wpnonce" name="_wpnonce" value="{{nonce}}" />										<div class="actnbr-button-wrap">
											<button type="submit" value="Sign me up">
												Sign me up											</button>
										</div>
									</form>
									<li class="actnbr-login-nudge">
										<div>
											Already have a WordPress.com account? <a href="https://wordpress.com/log-in?redirect_to=https%3A%2F%2Fr-login.wordpress.com%2Fremote-login.php%3Faction%3Dlink%26back%3D{{path_url}}">Log in now.</a>										</div>
									</li>
								</ul>
															</div>
						</div>
					</li>
							<li class="actnbr-btn actnbr-hidden">
								<a class="actnbr-action actnbr-actn-reblog" href="">
			<svg class="gridicon gridicons-reblog" height="20" width="20" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g><path d="M22.086 9.914L20 7.828V18c0 1.105-.895 2-2 2h-7v-2h7V7.828l-2.086 2.086L14.5 8.5 19 4l4.5 4.5-1.414 1.414z"/></g></svg>
			<span>Reblog</span>
		</a>
					</li>
									<li class="actnbr-ellipsis actnbr-hidden">
				<svg class="gridicon gridicons-ellipsis" height="24" width="24" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g><path d="M7 12c0 1.104-.896 2-2 2s-2-.896-2-2 .896-2 2-2 2 .896 2 2zm12-2c-1.104 0-2 .896-2 2s.896 2 2 2 2-.896 2-2-.896-2-2-2zm-7 0c-1.104 0-2 .896-2 2s.896 2 2 2 2-.896 2-2-.896-2-2-2z"/></g></svg>
				<div class="actnbr-popover tip tip-top-left actnbr-more">
					<div class="tip-arrow"></div>
					<div class="tip-inner">
						<ul>
								<li class="actnbr-sitename">
			<a href="/">
				<img loading='lazy' alt='' src='https://s0.wp.com/i/logo/wpcom-gray-white.png' srcset='https://s0.wp.com/i/logo/wpcom-gray-white.png 1x' class='avatar avatar-50' height='50' width='50' />				{{site}}			</a>
		</li>
								<li class="actnbr-folded-follow">
												<a class="actnbr-action actnbr-actn-follow " href="">
			<svg class="gridicon" height="20" width="20" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path clip-rule="evenodd" d="m4 4.5h12v6.5h1.5v-6.5-1.5h-1.5-12-1.5v1.5 10.5c0 1.1046.89543 2 2 2h7v-1.5h-7c-.27614 0-.5-.2239-.5-.5z" fill-rule="evenodd"></path></svg>
			<span>Subscribe</span>
		</a>
		<a class="actnbr-action actnbr-actn-following  no-display" href="">
			<svg class="gridicon" height="20" width="20" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path fill-rule="evenodd" clip-rule="evenodd" d="M16 4.5H4V15C4 15.2761 4.22386 15.5 4.5 15.5H11.5V17H4.5C3.39543 17 2.5 16.1046 2.5 15V4.5V3H4H16H17.5V4.5V12.5H16V4.5Z"></path></svg>
			<span>Subscribed</span>
		</a>
											</li>
																	<li class="actnbr-signup"><a href="https://wordpress.com/start/">Sign up</a></li>
							<li class="actnbr-login"><a href="https://wordpress.com/log-in?redirect_to=https%3A%2F%2Fr-login.wordpress.com%2Fremote-login.php%3Faction%3Dlink%26back%3D{{path_url}}">Log in</a></li>
																<li class="actnbr-shortlink"><a href="https://wp.me/p{{shortlink}}">Copy shortlink</a></li>
																<li class="flb-report">
									<a href="https://wordpress.com/abuse/?report_url={{path_url}}" target="_blank" rel="noopener noreferrer">
										Report this content									</a>
								</li>
															<li class="actnbr-reader">
									<a href="https://wordpress.com/reader/blogs/{{site_id}}/posts/{{post_id}}">
										View post in Reader									</a>
								</li>
																<li class="actnbr-subs">
									<a href="https://subscribe.wordpress.com/">Manage subscriptions</a>
								</li>
																<li class="actnbr-fold"><a href="">Collapse this bar</a></li>
														</ul>
					</div>
				</div>
			</li>
		</ul>
	</div>

<div id="likes-other-gravatars" class="wpl-new-layout" role="dialog" aria-hidden="true" tabindex="-1"><div class="likes-text"><span>%d</span> bloggers like this:</div><ul class="wpl-avatars sd-like-gravatars"></ul></div>
<script type="text/javascript" src="https://s0.wp.com/wp-content/js/comment-reply.min.js?m=1689246143i&amp;ver=6.4.2" id="comment-reply-js" async></script>
<script src="//stats.wp.com/w.js?67" defer></script> <script type="text/javascript">
_tkq = window._tkq || [];
_stq = window._stq || [];
_tkq.push(['storeContext', {'blog_id':'{{site_id}}','blog_tz':'9','user_lang':'en','blog_lang':'en','user_id':'0'}]);
_stq.push(['view', {'blog':'{{site_id}}','v':'wpcom','tz':'9','user_id':'0','post':'{{post_id}}','subd':'morningcalmreader'}]);
_stq.push(['extra', {'crypt':'UE5XaGUuOTlwaD85ZlAmcm1mcmZsaDhkV11YdTdvUG14'}]);
</script>
<noscript><img src="https://pixel.wp.com/b.gif?v=noscript" style="height:1px;width:1px;overflow:hidden;position:absolute;bottom:1px;" alt="" /></noscript>

</body>
</html>
"""


def _wpcom_single(site: Site, post: Post) -> str:
    article = post.article
    shortlink = f"9W5q3-{post.id:x}"
    path_url = post.path.replace("/", "%2F")
    og = "\n".join(_og_tags(post))
    description = _description(post)
    head_assets = _fill(
        _WPCOM_HEAD_ASSETS,
        site=attr(SITE_NAME),
        title_attr=attr(article.title),
        path=post.path,
        path_attr=attr(post.path),
        site_id=WPCOM_SITE_ID,
        post_id=str(post.id),
        nonce=_digest("actionbar", post.id),
        shortlink=shortlink,
        wp_version=WP_VERSION,
        og=og,
        description=attr(description),
    )
    json_ld = _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": article.title,
            "url": post.path,
            "mainEntityOfPage": post.path,
            "datePublished": article.published,
            "dateModified": post.modified_iso,
            "author": {"@type": "Person", "name": article.author, "url": f"/author/{post.author_slug}/"},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "articleSection": list(article.categories),
            "keywords": list(article.tags),
            "inLanguage": "en-US",
        }
    )
    content = _content_blocks(post, indent="\t\t\t")
    if article.ads:
        ad = "\t\t" + _fill(_WORDADS, site_id=WPCOM_SITE_ID, ad_id=_digest("ad", post.id, length=6))
        content.insert(min(2, len(content)), ad)
    flair = _fill(
        _WPCOM_FLAIR,
        post_id=str(post.id),
        path=post.path,
        site_id=WPCOM_SITE_ID,
        like_id=_digest("like", post.id, length=13),
    )
    services = "\n\n".join(
        _fill(_HIGHLANDER_SERVICE, service=service, prefix=prefix, account=account, alt=alt, avatar=avatar)
        for service, prefix, account, alt, avatar in (
            ("googleplus", "googleplus", "Google", "Google photo", "https://1.gravatar.com/avatar/ad516503a11cd5ca435acc9bb6523536?s=25&#038;d=identicon&#038;forcedefault=y&#038;r=G"),
            ("twitter", "twitter", "Twitter", "Twitter picture", "https://1.gravatar.com/avatar/ad516503a11cd5ca435acc9bb6523536?s=25&#038;d=identicon&#038;forcedefault=y&#038;r=G"),
            ("facebook", "fb", "Facebook", "Facebook photo", "https://1.gravatar.com/avatar/ad516503a11cd5ca435acc9bb6523536?s=25&#038;d=identicon&#038;forcedefault=y&#038;r=G"),
        )
    )
    respond = _fill(
        _HIGHLANDER,
        path=post.path,
        path_url=path_url,
        post_id=str(post.id),
        nonce=_digest("highlander", post.id),
        akismet_nonce=_digest("akismet", post.id),
        genseq=str(1700000000 + post.id * 3571),
        ak_js=str(100 + post.id % 97),
        services=services,
    )
    older, newer = site.neighbours(post)
    nav_links = ""
    if older:
        nav_links += f'<div class="nav-previous"><a href="{older.path}" rel="prev"><span class="meta-nav screen-reader-text">Previous Post</span> {esc(older.article.title)}</a></div>'
    if newer:
        nav_links += f'<div class="nav-next"><a href="{newer.path}" rel="next"><span class="meta-nav screen-reader-text">Next Post</span> {esc(newer.article.title)}</a></div>'
    categories = " ".join(f"category-{slugify(name)}" for name in article.categories)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en-US">',
        "<head>",
        '<meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="profile" href="http://gmpg.org/xfn/11">',
        '<link rel="pingback" href="/xmlrpc.php">',
        "",
        f"<title>{esc(article.title)} &#8211; {esc(SITE_NAME)}</title>",
        head_assets,
        json_ld,
        "</head>",
        "",
        f'<body class="post-template-default single single-post postid-{post.id} single-format-standard {categories} wp-embed-responsive '
        'customizer-styles-applied has-sidebar highlander-enabled highlander-light">',
        "",
        '<div id="page" class="hfeed site">',
        '\t<a class="skip-link screen-reader-text" href="#content">Skip to content</a>',
        "",
        '\t<div id="hero-header" class="site-hero-section">',
        '\t\t<header id="masthead" class="site-header" role="banner">',
        '\t\t\t<div class="inner">',
        '\t\t\t\t<div class="site-branding">',
        '\t\t\t\t\t<a href="/" class="site-logo-link" rel="home" itemprop="url"></a>',
        f'\t\t\t\t\t<p class="site-title"><a href="/" rel="home">{esc(SITE_NAME)}</a></p>',
        f'\t\t\t\t\t<p class="site-description">{esc(TAGLINE)}</p>',
        "\t\t\t\t</div><!-- .site-branding -->",
        "",
        '\t\t\t\t<nav id="site-navigation" class="main-navigation" role="navigation">',
        '\t\t\t\t\t<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false" id="primary-menu-button">Menu</button>',
        '\t\t\t\t\t<div class="menu-main-container"><ul id="primary-menu" class="menu">'
        + "".join(f'<li class="menu-item"><a href="{href}">{esc(label)}</a></li>' for label, href in MENU)
        + "</ul></div>",
        "\t\t\t\t</nav><!-- .main-navigation -->",
        "\t\t\t</div><!-- .inner -->",
        "\t\t</header><!-- #masthead -->",
        "\t</div>",
        "",
        '\t<div id="content-wrapper" class="content-wrapper">',
        '\t\t<div id="content" class="site-content">',
        "",
        '\t<div id="primary" class="content-area">',
        '\t\t<main id="main" class="site-main" role="main">',
        "",
        "\t\t",
        f'<article id="post-{post.id}" class="{post.css_classes()}">',
        '\t\t\t<header class="entry-header">',
        f'\t\t\t<h1 class="entry-title">{esc(article.title)}</h1>',
        _entry_meta(post, indent="\t\t\t"),
        "\t\t\t</header><!-- .entry-header -->",
        "",
        '\t\t<div class="entry-content">',
        "\n".join(content) + ("\n" if content else "") + flair,
        "\t\t\t\t\t</div><!-- .entry-content -->",
        "",
        '\t\t<footer class="entry-footer">',
        _term_links(post, indent="\t\t\t"),
        "\t\t</footer><!-- .entry-footer -->",
        f"\t</article><!-- #post-{post.id} -->",
        "",
        '\t<nav class="navigation post-navigation" aria-label="Posts">',
        '\t\t<h2 class="screen-reader-text">Post navigation</h2>',
        f'\t\t<div class="nav-links">{nav_links}</div>',
        "\t</nav>",
        '<div id="comments" class="comments-area">',
        "",
        "\t",
        "\t\t" + respond,
        "\t",
        "</div><!-- #comments -->",
        "",
        "\t\t</main><!-- #main -->",
        "\t</div><!-- #primary -->",
        "",
        _sidebar(site, landmark="div").replace('class="widget-area"', 'class="widget-area" role="complementary"', 1),
        "",
        "\t\t</div><!-- #content -->",
        "\t</div><!-- #content-wrapper -->",
        "",
        _fill(
            _WPCOM_FOOTER,
            site=esc(SITE_NAME),
            site_id=WPCOM_SITE_ID,
            post_id=str(post.id),
            path=post.path,
            path_url=path_url,
            shortlink=shortlink,
            nonce=_digest("subscribe", post.id),
        ),
    ]
    return "\n".join(lines)


# --- listings and archives --------------------------------------------------------------


def _listing_entry(post: Post) -> str:
    article = post.article
    count = len(article.comments)
    if count == 0:
        comments = f'<a href="{post.path}#respond">Leave a Comment<span class="screen-reader-text"> on {esc(article.title)}</span></a>'
    else:
        label = "1 Comment" if count == 1 else f"{count} Comments"
        comments = f'<a href="{post.path}#comments">{label}<span class="screen-reader-text"> on {esc(article.title)}</span></a>'
    excerpt = post.excerpt()
    excerpt_html = esc(excerpt).replace(" [\u2026]", " [&hellip;]")
    summary = f"<p>{excerpt_html}</p>" if excerpt else ""
    return "\n".join(
        [
            f'<article id="post-{post.id}" class="{post.css_classes()}">',
            '\t<header class="entry-header">',
            f'\t\t<h2 class="entry-title"><a href="{post.path}" rel="bookmark">{esc(article.title)}</a></h2>',
            _entry_meta(post),
            "\t\t\t</header><!-- .entry-header -->",
            "",
            "\t",
            '\t<div class="entry-summary">',
            f"\t\t{summary}",
            "\t</div><!-- .entry-summary -->",
            "",
            '\t<footer class="entry-footer">',
            _term_links(post) + f'<span class="comments-link">{comments}</span>',
            "\t</footer><!-- .entry-footer -->",
            f"</article><!-- #post-{post.id} -->",
        ]
    )


def _page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _numbered_pagination(base: str, number: int, total: int) -> str:
    links: list[str] = []
    if number > 1:
        links.append(f'<a class="prev page-numbers" href="{_page_url(base, number - 1)}">Newer posts</a>')
    for other in range(1, total + 1):
        if other == number:
            links.append(f'<span aria-current="page" class="page-numbers current">{other}</span>')
        else:
            links.append(f'<a class="page-numbers" href="{_page_url(base, other)}">{other}</a>')
    if number < total:
        links.append(f'<a class="next page-numbers" href="{_page_url(base, number + 1)}">Older posts</a>')
    return "\n".join(
        [
            '\t<nav class="navigation pagination" aria-label="Posts">',
            '\t\t<h2 class="screen-reader-text">Posts navigation</h2>',
            '\t\t<div class="nav-links">' + "\n".join(links) + "</div>",
            "\t</nav>",
        ]
    )


def _posts_navigation(base: str, number: int, total: int) -> str:
    links = ""
    if number < total:
        links += f'<div class="nav-previous"><a href="{_page_url(base, number + 1)}" >Older posts</a></div>'
    if number > 1:
        links += f'<div class="nav-next"><a href="{_page_url(base, number - 1)}" >Newer posts</a></div>'
    return "\n".join(
        [
            '\t<nav class="navigation posts-navigation" aria-label="Posts">',
            '\t\t<h2 class="screen-reader-text">Posts navigation</h2>',
            f'\t\t<div class="nav-links">{links}</div>',
            "\t</nav>",
        ]
    )


@dataclass(frozen=True)
class Listing:
    base: str  # "/", "/category/economy/", ...
    posts: tuple[Post, ...]
    #: (title tag text, page header HTML or "" for the home page)
    title: str
    header: str
    body_class: str
    numbered: bool  # home: numbered pagination; archives: older/newer links


def _listing_pages(site: Site, listing: Listing, per_page: int) -> Iterable[tuple[str, str]]:
    """(path, html) for each page of a listing."""
    chunks = [listing.posts[start : start + per_page] for start in range(0, len(listing.posts), per_page)] or [()]
    total = len(chunks)
    for number, chunk in enumerate(chunks, start=1):
        url = _page_url(listing.base, number)
        page_suffix = f" - Page {number} of {total}" if number > 1 else ""
        title = f"{listing.title}{page_suffix} - {SITE_NAME}" if listing.base != "/" else (
            f"{SITE_NAME} - {TAGLINE}" if number == 1 else f"{SITE_NAME} - Page {number} of {total} - {TAGLINE}"
        )
        extra = [
            '<meta property="og:locale" content="en_US" />',
            f'<meta property="og:type" content="{"website" if listing.base == "/" else "object"}" />',
            f'<meta property="og:title" content="{attr(title)}" />',
            f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{attr(SITE_NAME)}" />',
        ]
        if number > 1:
            extra.append(f'<link rel="prev" href="{_page_url(listing.base, number - 1)}" />')
        if number < total:
            extra.append(f'<link rel="next" href="{_page_url(listing.base, number + 1)}" />')
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "CollectionPage",
                    "@id": url,
                    "url": url,
                    "name": title,
                    "isPartOf": {"@id": "/#website"},
                    "inLanguage": "en-US",
                },
                {"@type": "WebSite", "@id": "/#website", "url": "/", "name": SITE_NAME, "description": TAGLINE, "inLanguage": "en-US"},
            ],
        }
        head = _core_head(title=title, site=site, canonical=url, extra=extra, json_ld=_json_ld(graph, "yoast-schema-graph"))
        paged = f" paged paged-{number}" if number > 1 else ""
        navigation = ""
        if total > 1:
            navigation = (_numbered_pagination if listing.numbered else _posts_navigation)(listing.base, number, total)
        entries = "\n\n".join(_listing_entry(post) for post in chunk)
        if not chunk:
            entries = '<section class="no-results not-found"><header class="page-header"><h1 class="page-title">Nothing Found</h1></header></section>'
        html_text = "\n".join(
            [
                head,
                "",
                f'<body class="{listing.body_class}{paged} hfeed">',
                _core_header(current=listing.base if number == 1 else ""),
                "",
                '\t<main id="primary" class="site-main">',
                "",
                "\t\t",
                listing.header,
                entries,
                "",
                navigation,
                "",
                "\t</main><!-- #main -->",
                "",
                "",
                _sidebar(site),
                "",
                _core_footer(comment_scripts=False),
            ]
        )
        yield url, html_text


def _listings(site: Site) -> Iterable[Listing]:
    yield Listing("/", site.posts, SITE_NAME, "", "home blog", numbered=True)
    for name in site.category_counts():
        slug = slugify(name)
        posts = tuple(post for post in site.posts if name in post.article.categories)
        header = f'\t\t\t<header class="page-header">\n\t\t\t\t<h1 class="page-title">Category: <span>{esc(name)}</span></h1>\t\t\t</header><!-- .page-header -->\n'
        yield Listing(f"/category/{slug}/", posts, f"{name} Archives", header, f"archive category category-{slug} category-{_category_id(name)}", numbered=False)
    for tag in site.tags():
        slug = slugify(tag)
        posts = tuple(post for post in site.posts if tag in post.article.tags)
        header = f'\t\t\t<header class="page-header">\n\t\t\t\t<h1 class="page-title">Tag: <span>{esc(tag)}</span></h1>\t\t\t</header><!-- .page-header -->\n'
        yield Listing(f"/tag/{slug}/", posts, f"{tag} Archives", header, f"archive tag tag-{slug}", numbered=False)
    for author in site.authors():
        slug = slugify(author)
        posts = tuple(post for post in site.posts if post.article.author == author)
        header = f'\t\t\t<header class="page-header">\n\t\t\t\t<h1 class="page-title">Author: <span class="vcard">{esc(author)}</span></h1>\t\t\t</header><!-- .page-header -->\n'
        yield Listing(f"/author/{slug}/", posts, f"{author}, Author at {SITE_NAME}", header, f"archive author author-{slug}", numbered=False)
    for year, month in site.months():
        posts = tuple(post for post in site.posts if (post.published.year, post.published.month) == (year, month))
        label = f"{datetime(year, month, 1):%B} {year}"
        header = f'\t\t\t<header class="page-header">\n\t\t\t\t<h1 class="page-title">Month: <span>{label}</span></h1>\t\t\t</header><!-- .page-header -->\n'
        yield Listing(f"/{year:04d}/{month:02d}/", posts, label, header, "archive date", numbered=False)


def _about_page(site: Site) -> str:
    path = "/about/"
    head = _core_head(
        title=f"About - {SITE_NAME}",
        site=site,
        canonical=path,
        extra=[
            '<meta property="og:locale" content="en_US" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="About - {attr(SITE_NAME)}" />',
            f'<meta property="og:url" content="{path}" />',
        ],
        json_ld=_json_ld({"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": path, "url": path, "name": f"About - {SITE_NAME}"}]}, "yoast-schema-graph"),
    )
    return "\n".join(
        [
            head,
            "",
            '<body class="page-template-default page page-id-2">',
            _core_header(current=path),
            "",
            '\t<main id="primary" class="site-main">',
            "",
            '<article id="post-2" class="post-2 page type-page status-publish hentry">',
            '\t<header class="entry-header">',
            '\t\t<h1 class="entry-title">About</h1>\t</header><!-- .entry-header -->',
            "",
            '\t<div class="entry-content">',
            f"\t\t<p>{esc(SITE_NAME)} is the demo site bundled with sinmun. Its articles were written for the project in "
            "the style of the DPRK press agencies and republishing blogs; they are not copies of real reports.</p>",
            "\t\t<p>Some posts use the markup of a self-hosted WordPress theme, others that of a WordPress.com blog, "
            "so that a crawler meets both families on one site.</p>",
            "\t</div><!-- .entry-content -->",
            "</article><!-- #post-2 -->",
            "",
            "\t</main><!-- #main -->",
            "",
            _sidebar(site),
            "",
            _core_footer(comment_scripts=False),
        ]
    )


ROBOTS_TXT = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"


# --- public API -------------------------------------------------------------------------


def render_site(per_page: int = 10, articles: Iterable[DemoArticle] = ARTICLES) -> dict[str, str]:
    """Every file of the site: {relative file path: text}."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    site = Site.from_articles(articles)
    files: dict[str, str] = {"robots.txt": ROBOTS_TXT, "about/index.html": _about_page(site)}
    for post in site.posts:
        render = _wpcom_single if post.article.theme == "wpcom" else _core_single
        files[post.path.strip("/") + "/index.html"] = render(site, post)
    for listing in _listings(site):
        for url, text in _listing_pages(site, listing, per_page):
            relative = (url.strip("/") + "/index.html").lstrip("/")
            assert relative not in files, f"two pages at {url}"
            files[relative] = text
    return files


def build_site(dest: Path, per_page: int = 10) -> None:
    """Write the static site into `dest` (created if needed; existing files are overwritten, others left)."""
    dest = Path(dest)
    for relative, text in render_site(per_page).items():
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _dateline(first: str) -> str | None:
    match = _DATELINE.match(first)
    return match.group(1) if match else None


def expected_articles() -> list[dict]:
    """What a correct crawl exports: one dict per non-rejected post, newest first.

    `paragraphs` are the clean body paragraphs (a heading, a paragraph, or one list item each,
    whitespace-normalised); `body` joins them with blank lines. `modified` is what the page
    declares in `article:modified_time` (the publication time when the post was never edited).
    """
    site = Site.from_articles(ARTICLES)
    expected = []
    for post in site.posts:
        article = post.article
        if article.expect_rejected:
            continue
        paragraphs = [_squash(part) for block in article.paragraphs for part in _block_text(block)]
        expected.append(
            {
                "path": post.path,
                "slug": article.slug,
                "post_id": post.id,
                "title": article.title,
                "author": article.author,
                "authors": [article.author],
                "categories": list(article.categories),
                "tags": list(article.tags),
                "published": article.published,
                "modified": post.modified_iso,
                "theme": article.theme,
                "site_family": "wordpress.com" if article.theme == "wpcom" else "wordpress",
                "language": "en-US",
                "dateline": _dateline(paragraphs[0]),
                "paragraphs": paragraphs,
                "body": "\n\n".join(paragraphs),
            }
        )
    return expected


def expected_rejects() -> list[dict]:
    """The posts a crawl must reject (no article text): path, slug, title, theme."""
    site = Site.from_articles(ARTICLES)
    return [
        {"path": post.path, "slug": post.article.slug, "title": post.article.title, "theme": post.article.theme}
        for post in site.posts
        if post.article.expect_rejected
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.build", description="Build the static demo WordPress site.")
    parser.add_argument("dest", type=Path, help="directory to write the site into")
    parser.add_argument("--per-page", type=int, default=10, help="posts per listing page (default: 10)")
    args = parser.parse_args(argv)
    build_site(args.dest, per_page=args.per_page)
    posts = len(ARTICLES)
    print(f"Built {posts} posts ({len(expected_articles())} exportable, {len(expected_rejects())} to reject) into {args.dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
