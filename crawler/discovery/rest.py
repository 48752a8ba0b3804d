"""The REST surface: `wp/v2/posts` pages of 100 posts with terms and authors embedded; no page fetches.

The API filters by date (`after`/`before`, `modified_after`/`modified_before`) and by category
ids, which one term lookup per wanted name or slug turns the names into. Until one request has
answered as the API, each failure moves on to the next guessed API root (pretty, then plain
permalinks); after that, a failure is reported.

Appending to a dataset whose last complete run of the same scope saw modifications up to a
high-water mark H (`crawler.state.StateStore.high_water_mark`), three listings replace the whole
one; together they hold everything new or changed since H, each post once:

- `modified`: modified since H. Edits, and new posts written the usual way (modified at or after
  their publication).
- `scheduled`: published since H but modified before it. WordPress publishes a scheduled post
  without touching its modification time, so a post edited days before it went live is here.
- `created`: newest id first, up to the first post the dataset holds: new posts modified and
  published before H. WordPress takes the given date as the modification time of a post created
  with one (imports, and API clients that republish with the original date).

On an unchanged site each is one request. A post the dataset holds with this modification time
is not yielded again (`known_unchanged`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import wordpress_api as api
from crawler.discovery.listing import ListingRequests, describe_failure
from crawler.discovery.scope import category_matches, parse_instant
from crawler.items import Article

SURFACE = "rest"
CATEGORIES_ROUTE = "wp/v2/categories"
#: The listings of an incremental run (see above); `all` is the whole listing.
INCREMENTAL_LISTINGS = ("modified", "scheduled", "created")


def json_list(response: Response) -> list[dict[str, Any]] | None:
    """The response's JSON array, or None when it is not one (an HTML page, an error object)."""
    try:
        data = response.json()
    except (ValueError, AttributeError):
        return None
    return data if isinstance(data, list) else None


class RestDiscovery(ListingRequests):
    """Spider methods of the REST surface."""

    def start_rest(self, site: dict[str, Any], home: Response | None) -> Iterator[Request]:
        roots = [site["api_root"]] if site.get("api_root") else api.guessed_api_roots(self.site_url)
        yield from self.rest_entry(site, roots)

    def rest_entry(self, site: dict[str, Any], roots: list[str]) -> Iterator[Request]:
        """The first request against `roots[0]`; the other roots are tried if it does not answer as the API."""
        root, fallbacks = roots[0], roots[1:]
        if self.scope.categories:
            yield self.category_lookup(site, root, list(self.scope.categories), [], fallbacks)
        else:
            yield from self.rest_listings(site, root, {}, fallbacks)

    def category_lookup(self, site: dict[str, Any], root: str, pending: list[str], ids: list[int], fallbacks: list[str]) -> Request:
        """One term lookup for `pending[0]`; the ids found so far ride along to the next lookup."""
        return self.listing_request(
            api.term_lookup_url(root, CATEGORIES_ROUTE, pending[0]),
            self.parse_category_terms,
            self.rest_failed,
            surface=SURFACE,
            site=site,
            api_root=root,
            fallback_roots=fallbacks,
            pending_categories=pending,
            category_ids=ids,
        )

    def parse_category_terms(self, response: Response) -> Iterator[Request]:
        terms = json_list(response)
        if terms is None:
            yield from self.rest_not_answered(response.request, "is not a REST term listing")
            return
        self.listing_answered(SURFACE)
        meta = response.meta
        wanted, pending = meta["pending_categories"][0], meta["pending_categories"][1:]
        found = api.matching_term_ids(terms, wanted)
        if not found:
            self.conclude_failure(f"-a category={wanted}: {self.site_url} has no such category (looked up {response.url})")
            return
        for term in terms:
            if term.get("id") in found and not category_matches([wanted], term.get("name") or ""):
                self.logger.warning(
                    "-a category=%s is the hand-made slug of %r: articles are matched by name after extraction, so ask for it by name",
                    wanted,
                    term.get("name"),
                )
        ids = [*meta["category_ids"], *found]
        if pending:
            yield self.category_lookup(meta["site"], meta["api_root"], pending, ids, [])
        else:
            yield from self.rest_listings(meta["site"], meta["api_root"], {"categories": ",".join(map(str, ids))}, [])

    def rest_listings(self, site: dict[str, Any], root: str, filters: dict[str, str], fallbacks: list[str]) -> Iterator[Request]:
        """Page 1 of each wanted route and listing; only the first carries the fallback roots, so a wrong root is retried once."""
        routes = ["wp/v2/posts", "wp/v2/pages"] if self.scope.pages else ["wp/v2/posts"]
        since = self.incremental_since
        listings = [(route, listing) for route in routes for listing in (INCREMENTAL_LISTINGS if since else ("all",))]
        for index, (route, listing) in enumerate(listings):
            listing_filters = {**filters, **self.listing_filters(listing, since)}
            yield self.rest_page(site, root, route, listing, since and since.isoformat(), listing_filters, 1, [], fallbacks if index == 0 else [])

    def listing_filters(self, listing: str, since: datetime | None) -> dict[str, str]:
        """The REST query of one listing: the scope's dates, narrowed to what the listing adds since `since`."""
        published, modified = self.scope.published, self.scope.modified
        if listing == "modified":
            assert since is not None
            modified = modified.starting_from(since)
        elif listing == "scheduled":
            assert since is not None
            published = published.starting_from(since)
        return {**api.date_filters(published, modified), **({"order": "desc"} if listing == "created" else {})}

    def rest_page(
        self,
        site: dict[str, Any],
        root: str,
        route: str,
        listing: str,
        since: str | None,
        filters: dict[str, str],
        page: int,
        previous: list[int],
        fallbacks: list[str],
    ) -> Request:
        return self.listing_request(
            api.endpoint_url(root, route, api.listing_params(page, filters)),
            self.parse_rest_listing,
            self.rest_failed,
            surface=SURFACE,
            site=site,
            api_root=root,
            route=route,
            listing=listing,
            incremental_since=since,
            filters=filters,
            page=page,
            previous=previous,
            fallback_roots=fallbacks,
        )

    def parse_rest_listing(self, response: Response) -> Iterator[Article | Request]:
        posts = json_list(response)
        if posts is None:
            yield from self.rest_not_answered(response.request, "is not a REST listing")
            return
        self.listing_answered(SURFACE)
        meta, site = response.meta, response.meta["site"]
        page, listing = meta["page"], meta["listing"]
        if page == 1 and listing != "created":  # the created listing's total is the whole site's
            self.count(SURFACE, "expected", api.total_items(response.headers) or len(posts))
        since = parse_instant(meta["incremental_since"])
        listed = [(post, api.article_from_post(post, listing_url=response.url, site_family=site["family"], language=site["language"])) for post in posts]
        wanted, reached_stored = self.listed_posts(listed, listing, since)
        for post, article in wanted:
            if api.is_protected(post):
                self.crawler.stats.inc_value("sinmun/skipped/password-protected")
            elif not self.known_unchanged(SURFACE, article.url, article.modified_at):
                self.count(SURFACE, "found")
                yield article
        ids = [post.get("id") for post in posts]
        last_page = api.total_pages(response.headers)
        more = last_page > page if last_page is not None else len(posts) >= api.PER_PAGE
        if more and self.follows_next_page(SURFACE, response.url, page, ids, meta["previous"], nothing_more=reached_stored):
            yield self.rest_page(site, meta["api_root"], meta["route"], listing, meta["incremental_since"], meta["filters"], page + 1, ids, [])

    def listed_posts(self, listed: list[tuple[Any, Article]], listing: str, since: datetime | None) -> tuple[list[tuple[Any, Article]], bool]:
        """The (post, article) pairs of a page that this listing yields (no other listing of the run has them),
        and, for the `created` listing, whether the page reached a post the dataset holds (older ids follow)."""
        if since is None or listing in ("all", "modified"):
            return listed, False

        def before_since(moment: datetime | None) -> bool:
            return moment is not None and moment < since

        if listing == "scheduled":
            return [(post, article) for post, article in listed if before_since(article.modified_at)], False
        created = []
        for post, article in listed:
            if self.state is not None and self.state.lookup(article.url) is not None:
                return created, True
            if before_since(article.modified_at) and before_since(article.published_at):
                created.append((post, article))
        return created, False

    def rest_failed(self, failure: Failure) -> Iterator[Request]:
        yield from self.rest_not_answered(failure.request, describe_failure(failure))

    def rest_not_answered(self, request: Request, problem: str) -> Iterator[Request]:
        """A REST request that did not answer as the API: the next root, if this was a probe; else reported."""
        fallbacks = request.meta.get("fallback_roots") or []
        self.listing_problem(request, problem, unread=not fallbacks)
        if fallbacks:
            yield from self.rest_entry(request.meta["site"], fallbacks)
