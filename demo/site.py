"""The demo blog as WordPress models it: posts with ids, terms, users and pages, shared by every surface.

The HTML pages (`demo.build`), the REST API (`demo.rest`), the feeds (`demo.feeds`) and the
sitemaps (`demo.sitemaps`) all read one `Site`, so they can never disagree about a post's id,
permalink, dates or terms. Dates follow WordPress: `post_date` is the site's local time
(Asia/Pyongyang, +09:00 for every demo post), `post_date_gmt` the same instant in UTC, so a post
published early in the Pyongyang morning has a GMT date on the previous day.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from zoneinfo import ZoneInfo

from demo.content import ABOUT, ARTICLES, CATEGORIES, Comment, DemoArticle, DemoPage

SITE_NAME = "Morning Calm Reader"
TAGLINE = "Articles from the DPRK press, republished"
LANGUAGE = "en-US"
TIMEZONE = ZoneInfo("Asia/Pyongyang")
#: What WordPress reports as the site's offset (hours); Pyongyang is on UTC+9 for every demo post.
GMT_OFFSET = 9
WP_VERSION = "6.4.2"
#: WordPress's own id for the category every site starts with; it has no posts here.
UNCATEGORIZED = "Uncategorized"


def esc(text: str) -> str:
    """Text-node escaping."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Attribute-value escaping."""
    return html.escape(text, quote=True)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def digest(*parts: object, length: int = 10) -> str:
    """A stable stand-in for a nonce or an id that real WordPress would randomise."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:length]


def gravatar(name: str, size: int) -> str:
    email_hash = hashlib.md5(name.lower().encode("utf-8")).hexdigest()  # noqa: S324 (an avatar id, not security)
    return f"https://secure.gravatar.com/avatar/{email_hash}?s={size}&#038;d=mm&#038;r=g"


def human_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def human_time(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def local_iso(moment: datetime) -> str:
    """WordPress's `date`/`modified`: the site's wall-clock time, without an offset."""
    return moment.astimezone(TIMEZONE).replace(tzinfo=None).isoformat()


def gmt_iso(moment: datetime) -> str:
    """WordPress's `date_gmt`/`modified_gmt`: UTC, without an offset."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat()


def block_text(block: object) -> list[str]:
    """The clean paragraphs a block stands for: a heading, a paragraph, or one per list item."""
    if isinstance(block, str):
        return [block]
    kind, value = block  # type: ignore[misc]
    if kind in ("ul", "ol"):
        return list(value)
    return [value]


def squash(text: str) -> str:
    return " ".join(text.split())


def excerpt_of(blocks: Iterable[object], words: int = 55) -> str:
    """WordPress's automatic excerpt, as plain text: the first 55 words of the content, then " […]"."""
    split = " ".join(part for block in blocks for part in block_text(block)).split()
    if len(split) <= words:
        return " ".join(split)
    return " ".join(split[:words]) + " [\u2026]"


@dataclass(frozen=True)
class Term:
    id: int
    name: str
    taxonomy: str  # "category" or "post_tag"
    count: int

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def path(self) -> str:
        return f"/{'category' if self.taxonomy == 'category' else 'tag'}/{self.slug}/"


@dataclass(frozen=True)
class User:
    id: int
    name: str

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def path(self) -> str:
        return f"/author/{self.slug}/"


@dataclass(frozen=True)
class PostComment:
    id: int
    comment: Comment

    @property
    def date(self) -> datetime:
        return datetime.fromisoformat(self.comment.date)


class Published:
    """What posts and pages share, read from their content (a `DemoArticle` or a `DemoPage`)."""

    id: int

    @property
    def content(self) -> DemoArticle | DemoPage:
        raise NotImplementedError

    @property
    def slug(self) -> str:
        return self.content.slug

    @property
    def title(self) -> str:
        return self.content.title

    @property
    def author(self) -> str:
        return self.content.author

    @property
    def blocks(self) -> tuple[object, ...]:
        return self.content.paragraphs

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.content.published)

    def excerpt(self, words: int = 55) -> str:
        return excerpt_of(self.content.paragraphs, words)


@dataclass(frozen=True)
class Post(Published):
    article: DemoArticle
    id: int
    index: int  # chronological position

    @property
    def content(self) -> DemoArticle:
        return self.article

    @property
    def path(self) -> str:
        return self.article.path

    @property
    def modified(self) -> datetime:
        return datetime.fromisoformat(self.modified_iso)

    @property
    def modified_iso(self) -> str:
        return self.article.modified or self.article.published

    @property
    def author_slug(self) -> str:
        return slugify(self.article.author)

    @property
    def comments(self) -> list[PostComment]:
        """Approved comments, oldest first, with the ids the post page shows."""
        return [PostComment(self.id * 10 + number + 1, comment) for number, comment in enumerate(self.article.comments)]

    def css_classes(self) -> str:
        terms = [f"category-{slugify(name)}" for name in self.article.categories]
        terms += [f"tag-{slugify(name)}" for name in self.article.tags]
        return f"post-{self.id} post type-post status-publish format-standard hentry " + " ".join(terms)


@dataclass(frozen=True)
class Page(Published):
    """A published WordPress page: listed by `wp/v2/pages` and the pages sitemap, not by post listings."""

    page: DemoPage
    id: int

    @property
    def content(self) -> DemoPage:
        return self.page

    @property
    def path(self) -> str:
        return f"/{self.page.slug}/"

    @property
    def modified(self) -> datetime:
        return self.published

    @property
    def comments(self) -> list[PostComment]:
        return []


@dataclass(frozen=True)
class Site:
    posts: tuple[Post, ...]  # newest first

    @classmethod
    def from_articles(cls, articles: Iterable[DemoArticle] = ARTICLES) -> Site:
        chronological = sorted(articles, key=lambda article: article.published_at)
        # Post ids grow with time but skip numbers, as drafts, pages and attachments take some.
        posts = [Post(article, 112 + 7 * i + (i * i) % 5, i) for i, article in enumerate(chronological)]
        return cls(tuple(reversed(posts)))

    @property
    def chronological(self) -> tuple[Post, ...]:
        return tuple(reversed(self.posts))

    @cached_property
    def pages(self) -> tuple[Page, ...]:
        return (Page(ABOUT, 2),)

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

    @cached_property
    def categories(self) -> tuple[Term, ...]:
        """Every category by id, Uncategorized (id 1, empty, as on every WordPress) included."""
        counts = self.category_counts()
        return (Term(1, UNCATEGORIZED, "category", 0),) + tuple(
            Term(category_id(name), name, "category", counts.get(name, 0)) for name in CATEGORIES
        )

    @cached_property
    def tag_terms(self) -> tuple[Term, ...]:
        """Tags by id; their ids follow the categories', in alphabetical order."""
        first = category_id(CATEGORIES[-1]) + 1
        return tuple(
            Term(first + number, name, "post_tag", sum(name in post.article.tags for post in self.posts))
            for number, name in enumerate(self.tags())
        )

    @cached_property
    def users(self) -> tuple[User, ...]:
        """The authors, by id in the order they first published (the pages' author is one of them).

        Ids start at 2: user 1 is the administrator, who publishes nothing and is listed nowhere.
        """
        names = dict.fromkeys(post.article.author for post in self.chronological)
        return tuple(User(number, name) for number, name in enumerate(names, start=2))

    def user(self, name: str) -> User:
        return next(user for user in self.users if user.name == name)

    def category(self, name: str) -> Term:
        return next(term for term in self.categories if term.name == name)

    def tag(self, name: str) -> Term:
        return next(term for term in self.tag_terms if term.name == name)

    def latest_modified(self) -> datetime:
        return max(post.modified for post in self.posts)


def category_id(name: str) -> int:
    return 2 + CATEGORIES.index(name)
