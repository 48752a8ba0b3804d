"""The Article dataclass is the one schema: Arrow types, versions and docs all follow from it."""

from dataclasses import fields

import pyarrow as pa

from crawler import __version__
from crawler.items import ARTICLE_SCHEMA, SCHEMA_VERSION, Article, schema_markdown
from tests.conftest import REPO

FIXED_COLUMNS = {
    "url": pa.string(),
    "site": pa.string(),
    "title": pa.string(),
    "body": pa.string(),
    "authors": pa.list_(pa.string()),
    "categories": pa.list_(pa.string()),
    "tags": pa.list_(pa.string()),
    "language": pa.string(),
    "published": pa.date32(),
    "published_precision": pa.string(),
    "published_at": pa.timestamp("us", tz="UTC"),
    "published_raw": pa.string(),
    "modified_at": pa.timestamp("us", tz="UTC"),
    "source": pa.string(),
    "fetched_at": pa.timestamp("us", tz="UTC"),
    "content_hash": pa.string(),
}


def test_fixed_columns_have_their_promised_types():
    for name, arrow_type in FIXED_COLUMNS.items():
        assert ARTICLE_SCHEMA.field(name).type == arrow_type, name


def test_url_is_the_only_required_column():
    assert [f.name for f in ARTICLE_SCHEMA if not f.nullable] == ["url"]


def test_date_mentions_are_structs_with_offsets():
    mention = ARTICLE_SCHEMA.field("date_mentions").type.value_type
    assert [f.name for f in mention] == ["text", "start", "end", "iso", "precision"]


def test_schema_follows_the_dataclass_field_for_field():
    assert ARTICLE_SCHEMA.names == [f.name for f in fields(Article)]


def test_schema_metadata_carries_versions():
    assert ARTICLE_SCHEMA.metadata[b"sinmun.schema_version"] == SCHEMA_VERSION.encode()
    assert ARTICLE_SCHEMA.metadata[b"sinmun.version"] == __version__.encode()


def test_docs_schema_reference_is_generated_from_the_dataclass():
    assert (REPO / "docs" / "schema.md").read_text() == schema_markdown(), (
        "docs/schema.md is stale: run `python -m crawler.items > docs/schema.md`"
    )

