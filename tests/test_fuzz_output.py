"""Fuzzing the end of the pipeline: dates of any type and zone, and rows of any value, never lose their neighbours.

Bounded for CI (a few seconds per property, see `fuzz_settings`); SINMUN_FUZZ_EXAMPLES=N runs N examples of each.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pyarrow.parquet as pq
from hypothesis import given
from hypothesis import strategies as st

from crawler.items import ARTICLE_SCHEMA, Article
from crawler.dates import find_dates, parse_date
from pipelines.parquet import REFUSALS, ParquetItemExporter, article_rows_to_table
from tests.conftest import fuzz_settings

ZONE_NAMES = ["Asia/Pyongyang", "UTC", "America", "Asia", "US", "__pycache__", "zone1970.tab", "Asia/", "../x", "/etc/localtime", "x" * 300, ""]
offsets = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
instants = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.none() | offsets | st.just(timezone.utc))
anything = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.binary(max_size=5) | instants | st.dates() | st.lists(st.text(max_size=5) | st.integers(), max_size=3) | st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)


@fuzz_settings(examples=200)
@given(tz=st.sampled_from(ZONE_NAMES) | st.text(max_size=40), text=st.text(max_size=30))
def test_any_zone_name_is_a_zone_or_an_unknown_time_zone(tz, text):
    for function in (parse_date, find_dates):
        try:
            function(f"2021-10-10 10:30 {text}", tz=tz)
        except ValueError as error:
            assert "unknown time zone" in str(error) or "out of range" in str(error) or "contradict" in str(error)


@fuzz_settings(examples=150)
@given(published=anything, modified=anything, body=st.none() | st.text(max_size=60))
def test_the_dates_stage_never_raises_on_any_raw_value(item_stages, published, modified, body):
    item = Article(url="https://example.org/a/", title="Title", body=body, published_raw=published, modified_raw=modified)
    item_stages[1].process_item(item)  # the dates stage
    assert item.published is None or isinstance(item.published, date)


def well_formed(name: str) -> st.SearchStrategy[Any]:
    arrow_type = ARTICLE_SCHEMA.field(name).type
    if str(arrow_type).startswith("timestamp"):
        return st.none() | instants
    if str(arrow_type) == "date32[day]":
        return st.none() | st.dates()
    if str(arrow_type) == "list<item: string>":
        return st.lists(st.text(max_size=10), max_size=3)
    if name == "date_mentions":
        return st.just([])
    return st.none() | st.text(max_size=20)


rows = st.fixed_dictionaries({name: well_formed(name) | anything for name in ARTICLE_SCHEMA.names})


@fuzz_settings(examples=25)
@given(items=st.lists(rows, min_size=1, max_size=6), row_group_size=st.integers(1, 4))
def test_the_exporter_writes_exactly_the_rows_the_schema_can_hold_to_a_readable_file(items, row_group_size):
    def holds(row: dict[str, Any]) -> bool:
        try:
            article_rows_to_table([row])
        except REFUSALS:
            return False
        return True

    file = io.BytesIO()
    exporter = ParquetItemExporter(file, row_group_size=row_group_size)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    written = pq.read_table(io.BytesIO(file.getvalue())).to_pylist()
    assert written == article_rows_to_table([item for item in items if holds(item)]).to_pylist()
