"""Render the demo articles to the HTML pages of a WordPress-style site.

    python -m demo.build DEST [--per-page N]

writes a tree that any static file server can serve as a WordPress blog: the home page and
its `/page/N/` successors (newest first), one `/YYYY/MM/DD/slug/index.html` per post,
category, tag, author and month archives, an About page and `robots.txt`. Every link,
including `<link rel="canonical">`, `og:url` and JSON-LD ids, is root-relative because the
site's origin is not known at build time; the site works on any host and port. The REST API,
feeds and sitemaps need the origin and query strings: `demo.serve` adds them.

Each post is rendered in its article's theme, from the templates in demo/templates/: "core"
(self-hosted WordPress 6.4.2, an _s-based theme, Yoast-style meta, core comment form with
Akismet) or "wpcom" (WordPress.com: s0.wp.com assets, Jetpack sharing/likes/related posts
inside `.entry-content`, WordAds between paragraphs, the "highlander" comment form, cookie
banner and action bar). Listings, archives and pages use the core theme.

`expected_articles()` says what a correct crawl of the site exports; the output is
byte-identical from one build to the next (no clocks, no randomness).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from demo.content import ARTICLES, DemoArticle
from demo.site import (
    SITE_NAME,
    TAGLINE,
    WP_VERSION,
    Page,
    Post,
    Site,
    attr,
    block_text,
    category_id,
    digest,
    esc,
    gravatar,
    human_date,
    human_time,
    slugify,
    squash,
)
from demo.templating import render

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
#: The Gravatar WordPress.com shows for each sign-in service of its comment form.
_SERVICE_AVATAR = "https://1.gravatar.com/avatar/ad516503a11cd5ca435acc9bb6523536?s=25&#038;d=identicon&#038;forcedefault=y&#038;r=G"
_HIGHLANDER_SERVICES = (
    ("googleplus", "googleplus", "Google", "Google photo"),
    ("twitter", "twitter", "Twitter", "Twitter picture"),
    ("facebook", "fb", "Facebook", "Facebook photo"),
)


def json_ld(data: object, css_class: str = "") -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return render("parts/json-ld.html", class_attr=f' class="{css_class}"' if css_class else "", json=text)


def _head_meta(fragments: Iterable[str]) -> str:
    """`<head>` fragments between the title and the JSON-LD, each line one tab in."""
    return "".join(textwrap.indent(fragment, "\t") + "\n" for fragment in fragments)


# --- parts both themes share ------------------------------------------------------------


def content_blocks(blocks: Iterable[object], *, indent: str) -> list[str]:
    """A post's blocks as the HTML `the_content` prints: paragraphs, headings, lists."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(render("parts/block-p.html", indent=indent, text=esc(block)))
            continue
        kind, value = block
        if kind in ("ul", "ol"):
            items = "\n".join(render("parts/list-item.html", indent=indent, text=esc(item)) for item in value)
            out.append(render("parts/block-list.html", indent=indent, tag=kind, items=items))
        else:
            out.append(render("parts/block-heading.html", indent=indent, tag=kind, text=esc(value)))
    return out


def editor_content(blocks: Iterable[object]) -> str:
    """A post's content as WordPress stores and serves it outside the theme (REST, feeds): blocks with the editor's spacing."""
    html_blocks = content_blocks(blocks, indent="")
    return "\n" + "\n\n\n\n".join(html_blocks) + "\n" if html_blocks else ""


def _term_links(post: Post, *, indent: str = "\t\t") -> str:
    article = post.article
    parts = []
    if article.categories:
        links = ", ".join(
            render("parts/term-link.html", href=f"/category/{slugify(name)}/", rel="category tag", name=esc(name)) for name in article.categories
        )
        parts.append(render("parts/cat-links.html", links=links))
    if article.tags:
        links = ", ".join(render("parts/term-link.html", href=f"/tag/{slugify(name)}/", rel="tag", name=esc(name)) for name in article.tags)
        parts.append(render("parts/tags-links.html", links=links))
    return indent + "".join(parts)


def _entry_meta(post: Post) -> str:
    article = post.article
    if article.modified:
        times = render("parts/time.html", **{"class": "entry-date published", "datetime": article.published, "text": human_date(post.published)})
        times += render("parts/time.html", **{"class": "updated", "datetime": article.modified, "text": human_date(post.modified)})
    else:
        times = render("parts/time.html", **{"class": "entry-date published updated", "datetime": article.published, "text": human_date(post.published)})
    return render("parts/entry-meta.html", path=post.path, times=times, author_slug=post.author_slug, author=esc(article.author))


def _post_navigation(site: Site, post: Post, theme: str) -> str:
    older, newer = site.neighbours(post)
    links = ""
    if older:
        links += render(f"{theme}/nav-previous.html", path=older.path, title=esc(older.article.title))
    if newer:
        links += render(f"{theme}/nav-next.html", path=newer.path, title=esc(newer.article.title))
    return render("parts/post-navigation.html", links=links)


def _description(post: Post) -> str:
    return post.excerpt(30).replace(" [\u2026]", "\u2026")


def _og_tags(post: Post) -> str:
    article = post.article
    return render(
        "parts/og-article.html",
        title=attr(article.title),
        description=attr(_description(post)),
        path=post.path,
        site=attr(SITE_NAME),
        published=article.published,
        modified=post.modified_iso,
    )


def _sidebar(site: Site, *, landmark: str = "aside", role: str = "") -> str:
    recent = "\n".join(render("parts/sidebar-recent.html", path=post.path, title=esc(post.article.title)) for post in site.posts[:5])
    months = "\n".join(
        render("parts/sidebar-month.html", path=f"/{year:04d}/{month:02d}/", label=f"{datetime(year, month, 1):%B} {year}") for year, month in site.months()
    )
    categories = "\n".join(
        render("parts/sidebar-category.html", id=str(category_id(name)), path=f"/category/{slugify(name)}/", name=esc(name), count=str(count))
        for name, count in sorted(site.category_counts().items())
    )
    return render("parts/sidebar.html", landmark=landmark, role=f' role="{role}"' if role else "", recent=recent, months=months, categories=categories)


# --- the core theme's frame ----------------------------------------------------------------


def _core_head(*, title: str, meta: Sequence[str], graph: object, rest_link: str = "", head_links: str = "") -> str:
    return render(
        "core/head.html",
        title=esc(title),
        meta=_head_meta(meta),
        json_ld=json_ld(graph, "yoast-schema-graph"),
        site=attr(SITE_NAME),
        wp_version=WP_VERSION,
        rest_link=rest_link,
        head_links=head_links,
    )


def _canonical(url: str) -> str:
    return render("parts/link-rel.html", rel="canonical", href=attr(url))


def _core_header(current: str) -> str:
    items = []
    for number, (label, href) in enumerate(MENU):
        kind = "menu-item-type-custom menu-item-object-custom" if href in ("/", "/about/") else "menu-item-type-taxonomy menu-item-object-category"
        classes = f"menu-item {kind}" + (" current-menu-item" if href == current else "") + (" menu-item-home" if href == "/" else "")
        current_attr = ' aria-current="page"' if href == current else ""
        items.append(render("core/menu-item.html", id=str(20 + number), classes=classes, href=href, current=current_attr, label=esc(label)))
    return render("core/header.html", title_tag="h1" if current == "/" else "p", site=esc(SITE_NAME), tagline=esc(TAGLINE), menu="".join(items))


def _core_footer(*, comment_scripts: bool) -> str:
    scripts = "\n" + render("core/comment-scripts.html", wp_version=WP_VERSION) if comment_scripts else ""
    return render("core/footer.html", site=esc(SITE_NAME), comment_scripts=scripts)


# --- core single post -------------------------------------------------------------------


def _core_comments(post: Post) -> str:
    article = post.article
    comment_list = ""
    if post.comments:
        comments = []
        for number, entry in enumerate(post.comments):
            comment, when = entry.comment, entry.date
            parity = "odd alt" if number % 2 else "even"
            comments.append(
                render(
                    "core/comment.html",
                    id=str(entry.id),
                    parity=parity,
                    thread=parity.split()[0],
                    avatar=gravatar(comment.author, 32),
                    author=esc(comment.author),
                    author_attr=attr(comment.author),
                    path=post.path,
                    date=comment.date,
                    when=f"{human_date(when)} at {human_time(when)}",
                    text=esc(comment.text),
                    post_id=str(post.id),
                )
            )
        count = len(comments)
        heading = "One thought on" if count == 1 else f"{count} thoughts on"
        comment_list = render("core/comment-list.html", heading=heading, title=esc(article.title), comments="\n".join(comments)) + "\n"
    respond = render("core/respond.html", path=post.path, post_id=str(post.id), nonce=digest("akismet", post.id), ak_js=str(100 + post.id % 97))
    return render("core/comments.html", list=comment_list, respond=respond)


def _core_graph(post: Post, words: int) -> dict:
    article = post.article
    person_id = f"/#/schema/person/{digest(article.author, length=32)}"
    return {
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


def _core_single(site: Site, post: Post) -> str:
    article = post.article
    words = sum(len(part.split()) for block in article.paragraphs for part in block_text(block))
    minutes = max(1, round(words / 200))
    reading_time = f"{minutes} minute{'s' if round(words / 200) > 1 else ''}"
    meta = [_canonical(post.path), _og_tags(post), render("core/meta-author.html", author=attr(article.author), reading_time=reading_time)]
    head = _core_head(
        title=f"{article.title} - {SITE_NAME}",
        meta=meta,
        graph=_core_graph(post, words),
        rest_link=render("core/rest-link.html", post_id=str(post.id)),
        head_links=render("core/post-links.html", post_id=str(post.id), path=attr(post.path)),
    )
    return render(
        "core/single.html",
        head=head,
        post_id=str(post.id),
        categories=" ".join(f"category-{slugify(name)}" for name in article.categories),
        header=_core_header(current=""),
        classes=post.css_classes(),
        title=esc(article.title),
        entry_meta=_entry_meta(post),
        content="\n\n".join(content_blocks(article.paragraphs, indent="\t\t")),
        term_links=_term_links(post),
        post_navigation=_post_navigation(site, post, "core"),
        comments=_core_comments(post),
        sidebar=_sidebar(site),
        footer=_core_footer(comment_scripts=True),
    )


# --- WordPress.com single post ----------------------------------------------------------


def jetpack_flair(post: Post, origin: str = "") -> str:
    """Jetpack's sharing, likes and related-posts blocks, which its the_content filter appends to the post."""
    return render("wpcom/flair.html", post_id=str(post.id), path=origin + post.path, site_id=WPCOM_SITE_ID, like_id=digest("like", post.id, length=13))


def _wpcom_respond(post: Post) -> str:
    services = "\n\n".join(
        render("wpcom/highlander-service.html", service=service, prefix=prefix, account=account, alt=alt, avatar=_SERVICE_AVATAR)
        for service, prefix, account, alt in _HIGHLANDER_SERVICES
    )
    return render(
        "wpcom/respond.html",
        path=post.path,
        path_url=post.path.replace("/", "%2F"),
        post_id=str(post.id),
        nonce=digest("highlander", post.id),
        akismet_nonce=digest("akismet", post.id),
        genseq=str(1700000000 + post.id * 3571),
        ak_js=str(100 + post.id % 97),
        services=services,
    )


def _wpcom_graph(post: Post) -> dict:
    article = post.article
    return {
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


def _wpcom_single(site: Site, post: Post) -> str:
    article = post.article
    shortlink = f"9W5q3-{post.id:x}"
    path_url = post.path.replace("/", "%2F")
    head = render(
        "wpcom/head.html",
        site=attr(SITE_NAME),
        title_attr=attr(article.title),
        path=post.path,
        path_attr=attr(post.path),
        site_id=WPCOM_SITE_ID,
        post_id=str(post.id),
        nonce=digest("actionbar", post.id),
        shortlink=shortlink,
        wp_version=WP_VERSION,
        og=_og_tags(post),
        description=attr(_description(post)),
    )
    content = content_blocks(article.paragraphs, indent="\t\t\t")
    if article.ads:
        ad = "\t\t" + render("wpcom/wordads.html", site_id=WPCOM_SITE_ID, ad_id=digest("ad", post.id, length=6))
        content.insert(min(2, len(content)), ad)
    footer = render(
        "wpcom/footer.html",
        site=esc(SITE_NAME),
        site_id=WPCOM_SITE_ID,
        post_id=str(post.id),
        path=post.path,
        path_url=path_url,
        shortlink=shortlink,
        nonce=digest("subscribe", post.id),
    )
    return render(
        "wpcom/single.html",
        title=esc(article.title),
        site=esc(SITE_NAME),
        head=head,
        json_ld=json_ld(_wpcom_graph(post)),
        post_id=str(post.id),
        categories=" ".join(f"category-{slugify(name)}" for name in article.categories),
        tagline=esc(TAGLINE),
        menu="".join(render("wpcom/menu-item.html", href=href, label=esc(label)) for label, href in MENU),
        classes=post.css_classes(),
        entry_meta=_entry_meta(post),
        content="\n".join(content) + ("\n" if content else "") + jetpack_flair(post),
        term_links=_term_links(post, indent="\t\t\t"),
        post_navigation=_post_navigation(site, post, "wpcom"),
        respond=_wpcom_respond(post),
        sidebar=_sidebar(site, landmark="div", role="complementary"),
        footer=footer,
    )


# --- listings and archives --------------------------------------------------------------


def _listing_entry(post: Post) -> str:
    article = post.article
    count = len(article.comments)
    if count == 0:
        comments = render("core/comments-link.html", href=f"{post.path}#respond", label="Leave a Comment", title=esc(article.title))
    else:
        label = "1 Comment" if count == 1 else f"{count} Comments"
        comments = render("core/comments-link.html", href=f"{post.path}#comments", label=label, title=esc(article.title))
    excerpt = post.excerpt()
    summary = render("parts/block-p.html", indent="", text=esc(excerpt).replace(" [\u2026]", " [&hellip;]")) if excerpt else ""
    return render(
        "core/listing-entry.html",
        post_id=str(post.id),
        classes=post.css_classes(),
        path=post.path,
        title=esc(article.title),
        entry_meta=_entry_meta(post),
        summary=summary,
        term_links=_term_links(post),
        comments_link=comments,
    )


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _numbered_pagination(base: str, number: int, total: int) -> str:
    links: list[str] = []
    if number > 1:
        links.append(render("core/page-number.html", **{"class": "prev page-numbers", "href": page_url(base, number - 1), "label": "Newer posts"}))
    for other in range(1, total + 1):
        if other == number:
            links.append(render("core/page-number-current.html", number=str(other)))
        else:
            links.append(render("core/page-number.html", **{"class": "page-numbers", "href": page_url(base, other), "label": str(other)}))
    if number < total:
        links.append(render("core/page-number.html", **{"class": "next page-numbers", "href": page_url(base, number + 1), "label": "Older posts"}))
    return render("core/posts-navigation.html", kind="pagination", links="\n".join(links))


def _posts_navigation(base: str, number: int, total: int) -> str:
    links = ""
    if number < total:
        links += render("core/posts-navigation-link.html", **{"class": "nav-previous", "href": page_url(base, number + 1), "label": "Older posts"})
    if number > 1:
        links += render("core/posts-navigation-link.html", **{"class": "nav-next", "href": page_url(base, number - 1), "label": "Newer posts"})
    return render("core/posts-navigation.html", kind="posts-navigation", links=links)


@dataclass(frozen=True)
class Listing:
    """A paged list of posts: the home page or an archive (category, tag, author, month)."""

    base: str  # "/", "/category/economy/", ...
    posts: tuple[Post, ...]
    title: str  # of the archive, in the title tag
    label: str  # "Category", "Tag", ... in the page header; "" for the home page
    name: str  # what the header names after the label
    body_class: str
    numbered: bool  # home: numbered pagination; archives: older/newer links

    def chunks(self, per_page: int) -> list[tuple[Post, ...]]:
        return [self.posts[start : start + per_page] for start in range(0, len(self.posts), per_page)] or [()]

    def page_title(self, number: int, total: int) -> str:
        if self.base == "/":
            return f"{SITE_NAME} - {TAGLINE}" if number == 1 else f"{SITE_NAME} - Page {number} of {total} - {TAGLINE}"
        return f"{self.title}{f' - Page {number} of {total}' if number > 1 else ''} - {SITE_NAME}"

    def header(self) -> str:
        if not self.label:
            return ""
        span_class = ' class="vcard"' if self.label == "Author" else ""
        return render("core/listing-header.html", label=self.label, span_class=span_class, name=esc(self.name))


def _listing_head(listing: Listing, url: str, number: int, total: int) -> str:
    title = listing.page_title(number, total)
    meta = [_canonical(url), render("core/meta-listing.html", og_type="website" if listing.base == "/" else "object", title=attr(title), url=url, site=attr(SITE_NAME))]
    if number > 1:
        meta.append(render("parts/link-rel.html", rel="prev", href=page_url(listing.base, number - 1)))
    if number < total:
        meta.append(render("parts/link-rel.html", rel="next", href=page_url(listing.base, number + 1)))
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "CollectionPage", "@id": url, "url": url, "name": title, "isPartOf": {"@id": "/#website"}, "inLanguage": "en-US"},
            {"@type": "WebSite", "@id": "/#website", "url": "/", "name": SITE_NAME, "description": TAGLINE, "inLanguage": "en-US"},
        ],
    }
    return _core_head(title=title, meta=meta, graph=graph)


def listing_pages(site: Site, listing: Listing, per_page: int) -> Iterable[tuple[str, str]]:
    """(path, html) for each page of a listing."""
    chunks = listing.chunks(per_page)
    total = len(chunks)
    for number, chunk in enumerate(chunks, start=1):
        url = page_url(listing.base, number)
        navigation = ""
        if total > 1:
            navigation = (_numbered_pagination if listing.numbered else _posts_navigation)(listing.base, number, total)
        entries = "\n\n".join(_listing_entry(post) for post in chunk) if chunk else render("core/no-results.html")
        html_text = render(
            "core/listing.html",
            head=_listing_head(listing, url, number, total),
            body_class=listing.body_class + (f" paged paged-{number}" if number > 1 else ""),
            header=_core_header(current=listing.base if number == 1 else ""),
            page_header=listing.header(),
            entries=entries,
            navigation=navigation,
            sidebar=_sidebar(site),
            footer=_core_footer(comment_scripts=False),
        )
        yield url, html_text


def listings(site: Site) -> Iterable[Listing]:
    """The home page and every archive WordPress keeps for the site's posts."""
    yield Listing("/", site.posts, SITE_NAME, "", "", "home blog", numbered=True)
    for name in site.category_counts():
        slug = slugify(name)
        posts = tuple(post for post in site.posts if name in post.article.categories)
        yield Listing(f"/category/{slug}/", posts, f"{name} Archives", "Category", name, f"archive category category-{slug} category-{category_id(name)}", numbered=False)
    for tag in site.tags():
        slug = slugify(tag)
        posts = tuple(post for post in site.posts if tag in post.article.tags)
        yield Listing(f"/tag/{slug}/", posts, f"{tag} Archives", "Tag", tag, f"archive tag tag-{slug}", numbered=False)
    for author in site.authors():
        slug = slugify(author)
        posts = tuple(post for post in site.posts if post.article.author == author)
        yield Listing(f"/author/{slug}/", posts, f"{author}, Author at {SITE_NAME}", "Author", author, f"archive author author-{slug}", numbered=False)
    for year, month in site.months():
        posts = tuple(post for post in site.posts if (post.published.year, post.published.month) == (year, month))
        label = f"{datetime(year, month, 1):%B} {year}"
        yield Listing(f"/{year:04d}/{month:02d}/", posts, label, "Month", label, "archive date", numbered=False)


def _page(site: Site, page: Page) -> str:
    title = f"{page.page.title} - {SITE_NAME}"
    meta = [_canonical(page.path), render("core/meta-page.html", title=attr(title), path=page.path)]
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": page.path, "url": page.path, "name": title}]}
    return render(
        "core/page.html",
        head=_core_head(title=title, meta=meta, graph=graph),
        page_id=str(page.id),
        header=_core_header(current=page.path),
        title=esc(page.page.title),
        content="\n".join(content_blocks(page.page.paragraphs, indent="\t\t")),
        sidebar=_sidebar(site),
        footer=_core_footer(comment_scripts=False),
    )


def not_found_page(site: Site) -> str:
    """The theme's 404 page, which WordPress serves for any path it does not know."""
    title = f"Page not found - {SITE_NAME}"
    meta = [render("core/meta-listing.html", og_type="website", title=attr(title), url="/", site=attr(SITE_NAME))]
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "@id": "/#website", "url": "/", "name": SITE_NAME, "inLanguage": "en-US"}]}
    return render(
        "core/404.html",
        head=_core_head(title=title, meta=meta, graph=graph),
        header=_core_header(current=""),
        sidebar=_sidebar(site),
        footer=_core_footer(comment_scripts=False),
    )


def robots_txt(sitemap_url: str | None = None) -> str:
    """WordPress's virtual robots.txt; with core sitemaps on it announces the sitemap index."""
    return render("robots.txt", sitemap=f"\nSitemap: {sitemap_url}\n" if sitemap_url else "")


# --- public API -------------------------------------------------------------------------


def render_site(per_page: int = 10, articles: Iterable[DemoArticle] = ARTICLES) -> dict[str, str]:
    """Every file of the site: {relative file path: text}."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    site = Site.from_articles(articles)
    files: dict[str, str] = {"robots.txt": robots_txt()}
    for page in site.pages:
        files[page.path.strip("/") + "/index.html"] = _page(site, page)
    for post in site.posts:
        render_post = _wpcom_single if post.article.theme == "wpcom" else _core_single
        files[post.path.strip("/") + "/index.html"] = render_post(site, post)
    for listing in listings(site):
        for url, text in listing_pages(site, listing, per_page):
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
        paragraphs = [squash(part) for block in article.paragraphs for part in block_text(block)]
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
