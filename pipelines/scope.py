"""The exact scope filter: an article outside the requested dates or categories is left out, and counted.

Discovery already skips what it can tell is out of scope before fetching; only the extracted
article is certain, so this stage runs after the dates stage (`published` is the local date)
and after the boilerplate stage (lifted `Categories:` lines are final). It reads the scope from
settings (`SINMUN_SINCE`, `SINMUN_UNTIL`, `SINMUN_CATEGORIES`), which the `wordpress` spider
sets from its arguments and which `-s` sets for any spider. An article without a publication
date cannot be shown to be in a range, so a range leaves it out.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from crawler.discovery.scope import CrawlScope, category_matches
from pipelines.rejects import Skipped


class ScopePipeline:
    """Raises `Skipped("out-of-range")` or `Skipped("other-category")` for articles outside the crawl's scope."""

    def __init__(self, scope: CrawlScope):
        self.scope = scope

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScopePipeline:
        return cls(CrawlScope.from_settings(crawler.settings))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        bounds = self.scope.published
        if bounds:
            published = adapter.get("published")
            if published is None:
                raise Skipped("out-of-range", f"{adapter.get('url')}: no publication date to place in the requested range")
            if bounds.excludes_days(published):
                raise Skipped("out-of-range", f"{adapter.get('url')}: published {published.isoformat()}")
        wanted = self.scope.categories
        categories = adapter.get("categories") or []
        if wanted and not any(category_matches(wanted, name) for name in categories):
            raise Skipped("other-category", f"{adapter.get('url')}: in {', '.join(categories) or 'no category'}")
        return item
