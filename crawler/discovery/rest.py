"""The REST surface: `wp/v2/posts` pages of 100 posts with terms and authors embedded; no page fetches.

The API filters by date (`after`/`before`, `modified_after`/`modified_before`) and by category
ids, which one term lookup per wanted name or slug turns the names into. Until one request has
answered as the API, each failure moves on to the next guessed API root (pretty, then plain
permalinks); after that, a failure is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import wordpress_api as api
from crawler.discovery.listing import ListingRequests, describe_failure
from crawler.discovery.scope import category_matches
from crawler.items import Article

SURFACE = "rest"
CATEGORIES_ROUTE = "wp/v2/categories"


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
        """Page 1 of each wanted route; only the first carries the fallback roots, so a wrong root is retried once."""
        routes = ["wp/v2/posts", "wp/v2/pages"] if self.include_pages else ["wp/v2/posts"]
        filters = {**filters, **api.date_filters(self.scope.published, self.scope.modified)}
        for index, route in enumerate(routes):
            yield self.rest_page(site, root, route, filters, 1, [], fallbacks if index == 0 else [])

    def rest_page(
        self, site: dict[str, Any], root: str, route: str, filters: dict[str, str], page: int, previous: list[int], fallbacks: list[str]
    ) -> Request:
        return self.listing_request(
            api.endpoint_url(root, route, api.listing_params(page, filters)),
            self.parse_rest_listing,
            self.rest_failed,
            surface=SURFACE,
            site=site,
            api_root=root,
            route=route,
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
        page = meta["page"]
        if page == 1:
            self.count(SURFACE, "expected", api.total_items(response.headers) or len(posts))
        for post in posts:
            if api.is_protected(post):
                self.crawler.stats.inc_value("sinmun/skipped/password-protected")
                continue
            self.count(SURFACE, "found")
            yield api.article_from_post(post, listing_url=response.url, site_family=site["family"], language=site["language"])
        ids = [post.get("id") for post in posts]
        last_page = api.total_pages(response.headers)
        more = last_page > page if last_page is not None else len(posts) >= api.PER_PAGE
        if more and self.follows_next_page(response.url, page, ids, meta["previous"]):
            yield self.rest_page(site, meta["api_root"], meta["route"], meta["filters"], page + 1, ids, [])

    def rest_failed(self, failure: Failure) -> Iterator[Request]:
        yield from self.rest_not_answered(failure.request, describe_failure(failure))

    def rest_not_answered(self, request: Request, problem: str) -> Iterator[Request]:
        """A REST request that did not answer as the API: the next root, if this was a probe; else reported."""
        self.listing_problem(request, problem)
        fallbacks = request.meta.get("fallback_roots") or []
        if fallbacks:
            yield from self.rest_entry(request.meta["site"], fallbacks)
