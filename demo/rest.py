"""The demo site's WordPress REST API (`/wp-json/`, `?rest_route=`), answering as WordPress 6 does.

Routes: the index, `wp/v2/posts`, `wp/v2/pages`, `wp/v2/categories`, `wp/v2/tags`,
`wp/v2/users` and single items of each. Collections take WordPress's parameters (`per_page`
1-100, `page`, `search`, `slug`, `include`, `exclude`, `author`, `categories`, `tags` and their
`_exclude`s, `after`/`before`/`modified_after`/`modified_before`, `orderby`, `order`, `status`)
and answer with `X-WP-Total`, `X-WP-TotalPages` and `Link: rel="next"/"prev"`; `_embed` embeds
`author`, `wp:term` and `replies`, `_fields` keeps only the named fields. Errors are WordPress's
JSON errors with its codes and statuses. Dates follow WordPress: `after`/`before` are exclusive,
a date-time without an offset is the site's local time, and a bare date is rejected (400).

`content.rendered` is what `the_content` filters make of a post, so a WordPress.com post carries
Jetpack's sharing, likes and related-posts blocks after its text, as on the real service.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from urllib.parse import urlencode

from demo.build import editor_content, jetpack_flair
from demo.reply import JSON, Reply, api_link
from demo.site import GMT_OFFSET, SITE_NAME, TAGLINE, TIMEZONE, Page, Post, PostComment, Site, Term, User, block_text, esc, gmt_iso, gravatar, local_iso
from demo.templating import render

Entry = Post | Page
MAX_PER_PAGE = 100
_REST_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:\d{2})?)?$")
_SEARCH_TERMS = re.compile(r'"[^"]*"?|[^\s",+]+')
POST_ORDERBY = ("author", "date", "id", "include", "modified", "parent", "relevance", "slug", "include_slugs", "title")
PAGE_ORDERBY = POST_ORDERBY + ("menu_order",)
TERM_ORDERBY = ("id", "include", "name", "slug", "include_slugs", "term_group", "description", "count")
USER_ORDERBY = ("id", "include", "name", "registered_date", "slug", "include_slugs", "email", "url")
EMBEDDABLE = ("author", "replies", "wp:term")


class RestError(Exception):
    """A WordPress REST error: its code, message and HTTP status, and the parameter at fault."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param

    def body(self) -> dict:
        if self.param is None:
            return {"code": self.code, "message": self.message, "data": {"status": self.status}}
        return {
            "code": "rest_invalid_param",
            "message": f"Invalid parameter(s): {self.param}",
            "data": {"status": 400, "params": {self.param: self.message}, "details": {self.param: {"code": self.code, "message": self.message, "data": None}}},
        }


def invalid(param: str, code: str, message: str) -> RestError:
    return RestError(400, code, message, param)


def encode(data: object) -> bytes:
    """JSON as PHP's json_encode writes it: ASCII only, slashes escaped."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/").encode("ascii")


# --- parameters ---------------------------------------------------------------------------


def _integer(params: dict[str, str], name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    if name not in params:
        return default
    try:
        value = int(params[name])
    except ValueError:
        raise invalid(name, "rest_invalid_type", f"{name} is not of type integer.") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} (inclusive) and {maximum} (inclusive)" if maximum else f"greater than or equal to {minimum}"
        raise invalid(name, "rest_out_of_bounds", f"{name} must be {bounds}")
    return value


def _ids(params: dict[str, str], name: str) -> list[int] | None:
    if not params.get(name):
        return None
    try:
        return [int(part) for part in params[name].split(",") if part.strip()]
    except ValueError:
        raise invalid(name, "rest_invalid_type", f"{name}[0] is not of type integer.") from None


def _names(params: dict[str, str], name: str) -> list[str] | None:
    return [part.strip() for part in params[name].split(",") if part.strip()] if params.get(name) else None


def _choice(params: dict[str, str], name: str, allowed: Sequence[str], default: str) -> str:
    value = params.get(name, default)
    if value not in allowed:
        listed = ", ".join(allowed[:-1]) + f", and {allowed[-1]}" if len(allowed) > 2 else " and ".join(allowed)
        raise invalid(name, "rest_not_in_enum", f"{name} is not one of {listed}.")
    return value


def _date(params: dict[str, str], name: str) -> datetime | None:
    """A REST date-time bound: RFC 3339, the site's local time when it has no offset."""
    value = params.get(name)
    if value is None:
        return None
    try:
        if not _REST_DATE.match(value):
            raise ValueError(value)
        moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise invalid(name, "rest_invalid_date", "Invalid date.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)


def _boolean(params: dict[str, str], name: str) -> bool | None:
    value = params.get(name)
    if value is None:
        return None
    if value.lower() in ("1", "true"):
        return True
    if value.lower() in ("0", "false", ""):
        return False
    raise invalid(name, "rest_invalid_type", f"{name} is not of type boolean.")


def _embeds(params: dict[str, str]) -> frozenset[str]:
    """The rels `_embed` asks for: all embeddable ones when it is bare (`_embed` or `_embed=1`)."""
    if "_embed" not in params:
        return frozenset()
    value = params["_embed"]
    if value in ("", "1", "true"):
        return frozenset(EMBEDDABLE)
    return frozenset(part.strip() for part in value.split(",")) & frozenset(EMBEDDABLE)


def _only_fields(item: dict, params: dict[str, str]) -> dict:
    fields = _names(params, "_fields")
    return item if fields is None else {key: value for key, value in item.items() if key in fields}


# --- the objects ----------------------------------------------------------------------------


class Api:
    """One site's API, its URLs under `origin` (e.g. `http://127.0.0.1:8123`)."""

    def __init__(self, site: Site, origin: str):
        self.site = site
        self.origin = origin

    def url(self, route: str) -> str:
        return f"{self.origin}/wp-json/{route.lstrip('/')}"

    def link(self, path: str) -> str:
        return f"{self.origin}{path}"

    # -- JSON shapes --

    def _rendered_content(self, entry: Entry) -> str:
        """`the_content` as REST serves it: blocks with the editor's spacing, then what plugins append."""
        text = editor_content(entry.blocks)
        if isinstance(entry, Post) and entry.article.theme == "wpcom":
            text += jetpack_flair(entry, self.origin)
        return text

    def _excerpt(self, entry: Entry) -> str:
        excerpt = esc(entry.excerpt()).replace(" [\u2026]", " [&hellip;]")
        return render("parts/block-p.html", indent="", text=excerpt) + "\n" if excerpt else ""

    def entry_json(self, entry: Entry, embeds: frozenset[str]) -> dict:
        kind = "post" if isinstance(entry, Post) else "page"
        route = f"wp/v2/{kind}s/{entry.id}"
        item: dict = {
            "id": entry.id,
            "date": local_iso(entry.published),
            "date_gmt": gmt_iso(entry.published),
            "guid": {"rendered": f"{self.origin}/?{'p' if kind == 'post' else 'page_id'}={entry.id}"},
            "modified": local_iso(entry.modified),
            "modified_gmt": gmt_iso(entry.modified),
            "slug": entry.slug,
            "status": "publish",
            "type": kind,
            "link": self.link(entry.path),
            "title": {"rendered": esc(entry.title)},
            "content": {"rendered": self._rendered_content(entry), "protected": False},
            "excerpt": {"rendered": self._excerpt(entry), "protected": False},
            "author": self.site.user(entry.author).id,
            "featured_media": 0,
        }
        if kind == "post":
            item |= {"comment_status": "open", "ping_status": "closed", "sticky": False, "template": "", "format": "standard", "meta": []}
            item |= {"categories": self._term_ids(entry, "category"), "tags": self._term_ids(entry, "post_tag")}
        else:
            item |= {"parent": 0, "menu_order": 0, "comment_status": "closed", "ping_status": "closed", "template": "", "meta": []}
        item["_links"] = self._entry_links(entry, kind, route)
        embedded = self._embedded(entry, embeds)
        if embedded:
            item["_embedded"] = embedded
        return item

    def _term_ids(self, post: Post, taxonomy: str) -> list[int]:
        if taxonomy == "category":
            return [self.site.category(name).id for name in post.article.categories]
        return [self.site.tag(name).id for name in post.article.tags]

    def _entry_links(self, entry: Entry, kind: str, route: str) -> dict:
        links: dict = {
            "self": [{"href": self.url(route)}],
            "collection": [{"href": self.url(f"wp/v2/{kind}s")}],
            "about": [{"href": self.url(f"wp/v2/types/{kind}")}],
            "author": [{"embeddable": True, "href": self.url(f"wp/v2/users/{self.site.user(entry.author).id}")}],
            "replies": [{"embeddable": True, "href": self.url(f"wp/v2/comments?post={entry.id}")}],
            "version-history": [{"count": 0, "href": self.url(f"{route}/revisions")}],
            "wp:attachment": [{"href": self.url(f"wp/v2/media?parent={entry.id}")}],
        }
        if kind == "post":
            links["wp:term"] = [
                {"taxonomy": "category", "embeddable": True, "href": self.url(f"wp/v2/categories?post={entry.id}")},
                {"taxonomy": "post_tag", "embeddable": True, "href": self.url(f"wp/v2/tags?post={entry.id}")},
            ]
        links["curies"] = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]
        return links

    def _embedded(self, entry: Entry, embeds: frozenset[str]) -> dict:
        embedded: dict = {}
        if "author" in embeds:
            embedded["author"] = [self.user_json(self.site.user(entry.author), embedded=True)]
        if "replies" in embeds and entry.comments:
            embedded["replies"] = [[self.comment_json(entry, comment) for comment in reversed(entry.comments)]]
        if "wp:term" in embeds and isinstance(entry, Post):
            embedded["wp:term"] = [
                [self.term_json(self.site.category(name), embedded=True) for name in entry.article.categories],
                [self.term_json(self.site.tag(name), embedded=True) for name in entry.article.tags],
            ]
        return embedded

    def comment_json(self, entry: Entry, comment: PostComment) -> dict:
        return {
            "id": comment.id,
            "parent": 0,
            "author": 0,
            "author_name": comment.comment.author,
            "author_url": "",
            "date": local_iso(comment.date),
            "content": {"rendered": render("parts/block-p.html", indent="", text=esc(comment.comment.text)) + "\n"},
            "link": self.link(f"{entry.path}#comment-{comment.id}"),
            "type": "comment",
            "author_avatar_urls": self._avatars(comment.comment.author),
            "_links": {"up": [{"embeddable": True, "post_type": "post", "href": self.url(f"wp/v2/posts/{entry.id}")}]},
        }

    def term_json(self, term: Term, *, embedded: bool = False) -> dict:
        route = f"wp/v2/{'categories' if term.taxonomy == 'category' else 'tags'}"
        query = "categories" if term.taxonomy == "category" else "tags"
        links = {
            "self": [{"href": self.url(f"{route}/{term.id}")}],
            "collection": [{"href": self.url(route)}],
            "about": [{"href": self.url(f"wp/v2/taxonomies/{term.taxonomy}")}],
            "wp:post_type": [{"href": self.url(f"wp/v2/posts?{query}={term.id}")}],
            "curies": [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}],
        }
        if embedded:
            return {"id": term.id, "link": self.link(term.path), "name": esc(term.name), "slug": term.slug, "taxonomy": term.taxonomy, "_links": links}
        item = {"id": term.id, "count": term.count, "description": "", "link": self.link(term.path), "name": esc(term.name), "slug": term.slug, "taxonomy": term.taxonomy}
        if term.taxonomy == "category":
            item["parent"] = 0
        return item | {"meta": [], "_links": links}

    def _avatars(self, name: str) -> dict:
        return {str(size): gravatar(name, size).replace("&#038;", "&") for size in (24, 48, 96)}

    def user_json(self, user: User, *, embedded: bool = False) -> dict:
        item = {"id": user.id, "name": user.name, "url": "", "description": "", "link": self.link(user.path), "slug": user.slug, "avatar_urls": self._avatars(user.name)}
        if not embedded:
            item["meta"] = []
        return item | {"_links": {"self": [{"href": self.url(f"wp/v2/users/{user.id}")}], "collection": [{"href": self.url("wp/v2/users")}]}}

    def index_json(self) -> dict:
        routes = ("/", "/wp/v2", *(f"/wp/v2/{kind}" for kind in ("posts", "pages", "categories", "tags", "users")))
        return {
            "name": SITE_NAME,
            "description": TAGLINE,
            "url": self.origin,
            "home": self.origin,
            "gmt_offset": GMT_OFFSET,
            "timezone_string": str(TIMEZONE),
            "namespaces": ["oembed/1.0", "wp/v2"],
            "authentication": [],
            "routes": {
                route: {"namespace": "" if route == "/" else "wp/v2", "methods": ["GET"], "endpoints": [{"methods": ["GET"], "args": {}}], "_links": {"self": [{"href": self.url(route)}]}}
                for route in routes
            },
            "site_logo": 0,
            "site_icon": 0,
            "site_icon_url": "",
            "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
        }


# --- queries --------------------------------------------------------------------------------


def _search_terms(text: str) -> list[str]:
    """WordPress's split of a search: words, or "quoted phrases"; a leading `-` excludes."""
    return [term.strip('"') for term in _SEARCH_TERMS.findall(text) if term.strip('"')]


def _entry_text(entry: Entry) -> str:
    return " ".join(part for block in entry.blocks for part in block_text(block))


class EntryQuery:
    """The filters of a posts or pages request, parsed and validated once."""

    def __init__(self, site: Site, params: dict[str, str], orderby_choices: Sequence[str]):
        self.site = site
        statuses = _names(params, "status") or ["publish"]
        if any(status != "publish" for status in statuses):
            raise invalid("status", "rest_forbidden_status", "Status is forbidden.")
        self.bounds = [(name, _date(params, name)) for name in ("after", "before", "modified_after", "modified_before")]
        terms = _search_terms(params.get("search", ""))
        self.phrase = params.get("search", "").strip().casefold()
        self.wanted = [term.casefold() for term in terms if not term.startswith("-")]
        self.unwanted = [term[1:].casefold() for term in terms if term.startswith("-") and len(term) > 1]
        self.slugs = _names(params, "slug")
        self.include, self.exclude = _ids(params, "include"), _ids(params, "exclude")
        self.authors, self.authors_exclude = _ids(params, "author"), _ids(params, "author_exclude")
        self.categories, self.categories_exclude = _ids(params, "categories"), _ids(params, "categories_exclude")
        self.tags, self.tags_exclude = _ids(params, "tags"), _ids(params, "tags_exclude")
        self.any_taxonomy = _choice(params, "tax_relation", ("AND", "OR"), "AND") == "OR"
        self.orderby = _choice(params, "orderby", orderby_choices, "relevance" if self.wanted else "date")
        self.descending = _choice(params, "order", ("asc", "desc"), "desc") == "desc"
        if self.orderby == "relevance" and not self.wanted:
            raise RestError(400, "rest_no_search_term_defined", "You need to define a search term to order by relevance.")

    def matches(self, entry: Entry) -> bool:
        for name, bound in self.bounds:
            moment = entry.modified if name.startswith("modified") else entry.published
            if bound is not None and not (moment > bound if name.endswith("after") else moment < bound):
                return False
        text = f"{entry.title} {_entry_text(entry)}".casefold()
        if not all(term in text for term in self.wanted) or any(term in text for term in self.unwanted):
            return False
        author = self.site.user(entry.author).id
        return (
            (self.slugs is None or entry.slug in self.slugs)
            and (self.include is None or entry.id in self.include)
            and (self.exclude is None or entry.id not in self.exclude)
            and (self.authors is None or author in self.authors)
            and (self.authors_exclude is None or author not in self.authors_exclude)
            and self._terms_match(entry)
        )

    def _terms_match(self, entry: Entry) -> bool:
        if not isinstance(entry, Post):
            return True
        categories = {self.site.category(name).id for name in entry.article.categories}
        tags = {self.site.tag(name).id for name in entry.article.tags}
        if (self.categories_exclude and categories & set(self.categories_exclude)) or (self.tags_exclude and tags & set(self.tags_exclude)):
            return False
        tests = []
        if self.categories is not None:
            tests.append(bool(categories & set(self.categories)))
        if self.tags is not None:
            tests.append(bool(tags & set(self.tags)))
        return not tests or (any(tests) if self.any_taxonomy else all(tests))

    def sort(self, entries: list[Entry]) -> list[Entry]:
        if self.orderby == "relevance":
            return sorted(entries, key=lambda entry: (self._rank(entry), -entry.published.timestamp(), -entry.id))
        keys: dict[str, Callable[[Entry], object]] = {
            "author": lambda entry: self.site.user(entry.author).id,
            "date": lambda entry: entry.published,
            "modified": lambda entry: entry.modified,
            "id": lambda entry: entry.id,
            "include": lambda entry: (self.include or []).index(entry.id) if entry.id in (self.include or []) else 0,
            "include_slugs": lambda entry: (self.slugs or []).index(entry.slug) if entry.slug in (self.slugs or []) else 0,
            "slug": lambda entry: entry.slug,
            "title": lambda entry: entry.title.casefold(),
        }
        key = keys.get(self.orderby, lambda entry: 0)  # parent, menu_order: 0 for every demo entry
        descending = self.descending and self.orderby not in ("include", "include_slugs")
        return sorted(entries, key=lambda entry: (key(entry), entry.id), reverse=descending)

    def _rank(self, entry: Entry) -> int:
        """WordPress's relevance: the phrase in the title, all terms in it, any term in it, the phrase in the text."""
        title = entry.title.casefold()
        if self.phrase in title:
            return 1
        if all(term in title for term in self.wanted):
            return 2
        if any(term in title for term in self.wanted):
            return 3
        return 5 if self.phrase in _entry_text(entry).casefold() else 6


def _named_query(items: Iterable[Term | User], params: dict[str, str], orderby_choices: Sequence[str], keep: Callable[[Term | User], bool]) -> list:
    """Terms or users as their collections filter them (`search`, `slug`, `include`, `exclude`) and sort them (by name)."""
    search = params.get("search", "").casefold()
    slugs, include, exclude = _names(params, "slug") or [], _ids(params, "include") or [], _ids(params, "exclude") or []
    orderby = _choice(params, "orderby", orderby_choices, "name")
    descending = _choice(params, "order", ("asc", "desc"), "asc") == "desc"
    chosen = [
        item
        for item in items
        if (not search or search in item.name.casefold() or search in item.slug)
        and (not slugs or item.slug in slugs)
        and (not include or item.id in include)
        and item.id not in exclude
        and keep(item)
    ]
    keys: dict[str, Callable[[Term | User], object]] = {
        "id": lambda item: item.id,
        "include": lambda item: include.index(item.id) if item.id in include else 0,
        "include_slugs": lambda item: slugs.index(item.slug) if item.slug in slugs else 0,
        "slug": lambda item: item.slug,
        "count": lambda item: getattr(item, "count", 0),
    }
    key = keys.get(orderby, lambda item: item.name.casefold())
    return sorted(chosen, key=lambda item: (key(item), item.id), reverse=descending)


def _term_query(terms: Iterable[Term], params: dict[str, str], site: Site, taxonomy: str) -> list[Term]:
    """A taxonomy's terms; besides the shared filters, `hide_empty`, `post` (the terms of one post) and `parent`."""
    hide_empty = _boolean(params, "hide_empty")
    post_id = _integer(params, "post", 0, minimum=0)
    parent = _integer(params, "parent", 0, minimum=0) if taxonomy == "category" else 0  # every demo term is top-level
    on_post: set[str] | None = None
    if post_id:
        post = next((post for post in site.posts if post.id == post_id), None)
        on_post = set(post.article.categories if taxonomy == "category" else post.article.tags) if post else set()

    def keep(term: Term) -> bool:
        return not (hide_empty and term.count == 0) and (on_post is None or term.name in on_post) and parent == 0

    return _named_query(terms, params, TERM_ORDERBY, keep)


def _user_query(users: Iterable[User], params: dict[str, str]) -> list[User]:
    return _named_query(users, params, USER_ORDERBY, lambda user: True)


# --- requests -------------------------------------------------------------------------------


def request_params(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Query parameters as WordPress reads them: the last value wins, `name[]` values join with commas."""
    params: dict[str, str] = {}
    for key, value in pairs:
        if key.endswith("[]"):
            key = key[:-2]
            value = f"{params[key]},{value}" if key in params else value
        params[key] = value
    return params


def answer(site: Site, origin: str, route: str, pairs: Sequence[tuple[str, str]]) -> Reply:
    """The reply to `GET /wp-json{route}?{pairs}` (or `?rest_route={route}`)."""
    api = Api(site, origin)
    params = request_params(pair for pair in pairs if pair[0] != "rest_route")
    route = "/" + route.strip("/")
    try:
        return _route(api, route, params, [pair for pair in pairs if pair[0] != "rest_route"])
    except RestError as error:
        return Reply(error.status, JSON, encode(error.body()), _rest_headers(origin))


def _rest_headers(origin: str, *links: str) -> tuple[tuple[str, str], ...]:
    link = ("Link", ", ".join(links)) if links else api_link(origin)
    return (
        ("X-Robots-Tag", "noindex"),
        link,
        ("X-Content-Type-Options", "nosniff"),
        ("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"),
        ("Access-Control-Allow-Headers", "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type"),
        ("Allow", "GET"),
    )


_SINGLE = re.compile(r"^/wp/v2/(posts|pages|categories|tags|users)/(\d+)$")
_COLLECTION = re.compile(r"^/wp/v2/(posts|pages|categories|tags|users)$")


def _route(api: Api, route: str, params: dict[str, str], pairs: Sequence[tuple[str, str]]) -> Reply:
    if route in ("/", "/wp/v2"):
        index = api.index_json()
        if route == "/wp/v2":
            index = {"namespace": "wp/v2", "routes": {key: value for key, value in index["routes"].items() if key.startswith("/wp/v2")}}
        return Reply(200, JSON, encode(index), _rest_headers(api.origin))
    if match := _SINGLE.match(route):
        item = _single(api, match.group(1), int(match.group(2)), _embeds(params))
        return Reply(200, JSON, encode(_only_fields(item, params)), _rest_headers(api.origin))
    if match := _COLLECTION.match(route):
        return _collection(api, match.group(1), route, params, pairs)
    raise RestError(404, "rest_no_route", "No route was found matching the URL and request method.")


def _single(api: Api, kind: str, item_id: int, embeds: frozenset[str]) -> dict:
    site = api.site
    if kind in ("posts", "pages"):
        entries = site.posts if kind == "posts" else site.pages
        entry = next((entry for entry in entries if entry.id == item_id), None)
        if entry is None:
            raise RestError(404, "rest_post_invalid_id", "Invalid post ID.")
        return api.entry_json(entry, embeds)
    if kind == "users":
        user = next((user for user in site.users if user.id == item_id), None)
        if user is None:
            raise RestError(404, "rest_user_invalid_id", "Invalid user ID.")
        return api.user_json(user)
    term = next((term for term in (site.categories if kind == "categories" else site.tag_terms) if term.id == item_id), None)
    if term is None:
        raise RestError(404, "rest_term_invalid", "Term does not exist.")
    return api.term_json(term)


def _collection(api: Api, kind: str, route: str, params: dict[str, str], pairs: Sequence[tuple[str, str]]) -> Reply:
    per_page = _integer(params, "per_page", 10, 1, MAX_PER_PAGE)
    page = _integer(params, "page", 1)
    site = api.site
    items: Sequence[object]
    if kind in ("posts", "pages"):
        query = EntryQuery(site, params, POST_ORDERBY if kind == "posts" else PAGE_ORDERBY)
        items = query.sort([entry for entry in (site.posts if kind == "posts" else site.pages) if query.matches(entry)])
    elif kind == "users":
        items = _user_query(site.users, params)
    else:
        taxonomy = "category" if kind == "categories" else "post_tag"
        items = _term_query(site.categories if kind == "categories" else site.tag_terms, params, site, taxonomy)
    total, pages = len(items), math.ceil(len(items) / per_page)
    if kind in ("posts", "pages") and total and page > pages:
        raise RestError(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.")
    embeds = _embeds(params)
    chunk = items[(page - 1) * per_page : page * per_page]
    body = [_only_fields(_item_json(api, item, embeds), params) for item in chunk]
    headers = _rest_headers(api.origin, *_paging_links(api.url(route), pairs, page, pages))
    return Reply(200, JSON, encode(body), (("X-WP-Total", str(total)), ("X-WP-TotalPages", str(pages)), *headers))


def _item_json(api: Api, item: object, embeds: frozenset[str]) -> dict:
    if isinstance(item, (Post, Page)):
        return api.entry_json(item, embeds)
    if isinstance(item, User):
        return api.user_json(item)
    assert isinstance(item, Term)
    return api.term_json(item)


def _paging_links(base: str, pairs: Sequence[tuple[str, str]], page: int, pages: int) -> list[str]:
    """`rel="prev"` and `rel="next"` as WordPress builds them: the request's query, `page` moved to the end."""
    kept = [(key, value) for key, value in pairs if key != "page"]
    links = []
    if page > 1:
        links.append(f'<{base}?{urlencode([*kept, ("page", str(min(page - 1, max(pages, 1))))])}>; rel="prev"')
    if page < pages:
        links.append(f'<{base}?{urlencode([*kept, ("page", str(page + 1))])}>; rel="next"')
    return links
