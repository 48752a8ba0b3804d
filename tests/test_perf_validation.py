"""Validation without a table per item refuses exactly what the Arrow table builder refuses, for the same reason."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.items import ARTICLE_SCHEMA, Article
from pipelines.parquet import REFUSALS, article_rows_to_table, item_row, row_refusal
from tests.conftest import fuzz_settings
from tests.test_fuzz_output import anything, instants

#: Text with what a string column cannot hold (lone surrogates) among what it can.
odd_text = st.text(alphabet=st.sampled_from(["a", " ", "é", "조", "\ud83d", "\udc00", "\x00"]), max_size=8)
numbers = st.sampled_from([0, 1, -1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**40]) | st.booleans() | st.floats(allow_nan=False)
mention_keys = st.sampled_from(["text", "start", "end", "iso", "precision", "extra"])
mentions = st.lists(st.none() | st.dictionaries(mention_keys, st.none() | odd_text | numbers, max_size=6) | odd_text, max_size=3)
zoned = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)), ZoneInfo("Asia/Pyongyang")])
edge_instants = st.builds(
    lambda year, tz: datetime(year, 1 if year == 1 else 12, 1 if year == 1 else 31, 3, 0, tzinfo=tz),
    st.sampled_from([1, 2, 9998, 9999]),
    zoned,
)
values = (
    anything
    | odd_text
    | numbers
    | mentions
    | edge_instants
    | st.lists(st.none() | odd_text | numbers, max_size=3).map(tuple)
    | st.lists(st.none() | odd_text | numbers, max_size=3)
)
rows = st.fixed_dictionaries({}, optional={name: values for name in ARTICLE_SCHEMA.names})


def table_refusal(row: dict[str, Any]) -> str | None:
    try:
        article_rows_to_table([row])
    except REFUSALS as error:
        return f"{type(error).__name__}: {error}"
    return None


@fuzz_settings(examples=400)
@given(row=rows)
def test_a_row_is_refused_exactly_when_the_table_builder_refuses_it_and_for_the_same_reason(row):
    error = row_refusal(row)
    assert (None if error is None else f"{type(error).__name__}: {error}") == table_refusal(row)


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Lone surrogate \ud83d"},
        {"url": None},
        {"tags": "abc"},
        {"authors": [5]},
        {"version": 2**31},
        {"published": "2021-10-10"},
        {"published_at": datetime(1, 1, 1, 6, 0, tzinfo=timezone(timedelta(hours=14)))},
        {"date_mentions": [{"text": "x", "start": 2**40, "end": 0, "iso": "2021", "precision": "year"}]},
    ],
    ids=lambda fields: next(iter(fields)),
)
def test_a_value_the_schema_cannot_hold_is_refused(fields):
    row = item_row(Article(**{"url": "https://example.org/a/", "title": "T", "body": "B", **fields}))
    assert row_refusal(row) is not None


def test_an_article_as_a_crawl_makes_it_is_held():
    article = Article(
        url="https://example.org/a/",
        title="Title",
        body="Body",
        authors=["A"],
        published=date(2021, 10, 10),
        published_at=datetime(2021, 10, 10, 1, 30, tzinfo=timezone.utc),
        date_mentions=[{"text": "October 10", "start": 0, "end": 10, "iso": "2021-10-10", "precision": "day"}],
        version=1,
    )
    assert row_refusal(item_row(article)) is None


def test_an_item_row_is_a_shallow_copy_of_the_fields():
    article = Article(url="https://example.org/a/", tags=["x"])
    row = item_row(article)
    assert row["tags"] is article.tags and set(row) >= set(ARTICLE_SCHEMA.names)
