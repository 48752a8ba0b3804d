"""Fuzzing what servers send: REST posts, JSON-LD and Link headers of any shape never raise, and give typed fields.

Bounded for CI (a few seconds per property, see `fuzz_settings`); SINMUN_FUZZ_EXAMPLES=N runs N examples of each.
"""

from __future__ import annotations

import json
from datetime import timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from crawler import wordpress_api as api
from crawler.locate import locate_article
from pipelines.parquet import article_rows_to_table
from pipelines.rejects import Rejected
from tests.conftest import fuzz_settings, through_stages

#: Strings that are near what the fields hold, or what broke them: dates WordPress writes for
#: drafts, offsets, odd URLs, HTML with lone surrogates and control characters.
NEAR_VALUES = [
    "2021-10-10T10:30:00", "2021-10-10T01:30:00", "2021-10-10T09:00:00+09:00", "0000-00-00 00:00:00", "not a date",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "", " ", "https://example.org/a/", "https://[oops/",
    "http://example.org:99999/", "mailto:x@example.org", "<p>Text.</p>", "<p>Lone \ud83d surrogate.</p>", "<p>\x0b</p>",
    "Ideology", "category", "post_tag", "rendered", "protected", "name", "taxonomy",
]
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30) | st.sampled_from(NEAR_VALUES)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10) | st.sampled_from(NEAR_VALUES), inner, max_size=4), max_leaves=20)


def rest_shaped(value: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Posts with WordPress's keys, each holding a well-formed value or anything at all."""
    well_formed = {
        "date": st.sampled_from(NEAR_VALUES[:2]),
        "date_gmt": st.sampled_from(NEAR_VALUES[:7]),
        "modified": st.sampled_from(NEAR_VALUES[:2]),
        "modified_gmt": st.sampled_from(NEAR_VALUES[:7]),
        "link": st.sampled_from(NEAR_VALUES[9:13]),
        "title": st.fixed_dictionaries({"rendered": st.text(max_size=40)}),
        "content": st.fixed_dictionaries({"rendered": st.sampled_from(NEAR_VALUES[13:16]), "protected": st.booleans()}),
        "_embedded": st.fixed_dictionaries(
            {
                "author": st.lists(st.fixed_dictionaries({"name": st.text(max_size=20)}), max_size=2),
                "wp:term": st.lists(st.lists(st.fixed_dictionaries({"taxonomy": st.sampled_from(["category", "post_tag"]), "name": st.text(max_size=20)}), max_size=2), max_size=2),
            }
        ),
    }
    return st.fixed_dictionaries({}, optional={key: strategy | value for key, strategy in well_formed.items()})


posts = rest_shaped(json_values) | json_values


def as_article(post: Any) -> Any:
    return api.article_from_post(post, listing_url="https://example.org/wp-json/wp/v2/posts", site_family="wordpress", language=None)


@fuzz_settings(examples=120)
@given(post=posts)
def test_any_json_is_an_article_with_typed_fields(post):
    article = as_article(post)
    assert isinstance(article.url, str)
    for text in (article.title, article.body_html, article.published_raw, article.modified_raw, article.site):
        assert text is None or isinstance(text, str)
    assert all(isinstance(name, str) for name in article.authors + article.categories + article.tags)
    for instant in (article.published_at, article.modified_at):
        assert instant is None or instant.tzinfo is timezone.utc
    assert isinstance(api.is_protected(post), bool)


@fuzz_settings(examples=60)
@given(post=rest_shaped(json_values))
def test_any_post_is_kept_as_a_row_the_exporter_takes_or_rejected_with_a_reason(item_stages, post):
    result = through_stages(as_article(post), item_stages)
    if isinstance(result, Rejected):
        assert result.code
        return
    article_rows_to_table([dict(vars(result))])


@fuzz_settings(examples=30)
@given(json_ld=json_values | st.sampled_from(['{"@graph": [0, 0]}', "[" * 3000 + "]" * 3000]), raw=st.booleans())
def test_any_json_ld_gives_text_fields_or_none(json_ld, raw):
    script = json_ld if raw and isinstance(json_ld, str) else json.dumps(json_ld)
    html = f'<html><head><script type="application/ld+json">{script}</script></head><body><main><p>Text.</p></main></body></html>'
    article = locate_article(html, "https://example.org/a/", source="file")
    for text in (article.title, article.published_raw, article.modified_raw, article.language):
        assert text is None or isinstance(text, str)
    assert all(isinstance(name, str) for name in article.authors + article.categories + article.tags)


link_text = st.lists(st.sampled_from(["<", ">", ";", ",", "=", '"', "'", " ", "rel", "REL", "https://api.w.org/", "alternate", "https://example.com/wp-json/"]) | st.text(max_size=5), max_size=20).map("".join)


@fuzz_settings(examples=150)
@given(values=st.lists(link_text | link_text.map(str.encode), max_size=3))
def test_any_link_header_gives_a_root_or_none(values):
    root = api.api_root_from_link_header(values)
    assert root is None or isinstance(root, str)
