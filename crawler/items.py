"""The Article: the one record sinmun produces, and the single place its columns are defined.

The Arrow schema, the Parquet exporter, the validation stage and docs/schema.md are all
derived from the `Article` dataclass below, so a column is added or changed here and
nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from crawler import __version__

#: Bumped whenever a column is added, removed, renamed or retyped (2: `version`). A dataset records
#: it; parts of an older version still load (new columns null) and `scrapy compact` rewrites them.
SCHEMA_VERSION = "2"

PRECISIONS = ("year", "month", "day", "datetime")
SOURCES = ("rest", "sitemap", "feed", "archive", "file")

_TIMESTAMP = pa.timestamp("us", tz="UTC")
_STRINGS = pa.list_(pa.string())
_DATE_MENTION = pa.struct(
    [
        ("text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("iso", pa.string()),
        ("precision", pa.string()),
    ]
)


def column(arrow_type: pa.DataType, doc: str, *, nullable: bool = True, list_: bool = False) -> Any:
    """A dataclass field that carries its Arrow type and its documentation."""
    metadata = {"arrow": arrow_type, "nullable": nullable, "doc": doc}
    if list_:
        return field(default_factory=list, metadata=metadata)
    return field(default=None, metadata=metadata)


@dataclass
class Article:
    """One article as found by a spider and completed by the pipelines."""

    url: str = field(
        metadata={
            "arrow": pa.string(),
            "nullable": False,
            "doc": "Canonical URL: `<link rel=canonical>` or `og:url` when the page has one, else the fetched URL.",
        }
    )
    fetched_url: str | None = column(pa.string(), "The URL actually fetched (differs from `url` when the page names a canonical).")
    site: str | None = column(pa.string(), "Host name of `url` (null for local text dumps).")
    site_family: str | None = column(pa.string(), "The site family that located the fields (`wordpress`, `wordpress.com`, `state-media`, `generic`, `text`; see crawler/sites/).")
    source: str | None = column(pa.string(), "How the article was found: `rest`, `sitemap`, `feed`, `archive` or `file`.")
    title: str | None = column(pa.string(), "Headline.")
    body: str | None = column(pa.string(), "Clean article text; paragraphs separated by one blank line.")
    body_html: str | None = column(pa.string(), "The article's HTML with boilerplate blocks removed (null for text dumps).")
    authors: list[str] = column(_STRINGS, "Author names, in page order.", list_=True)
    categories: list[str] = column(_STRINGS, "Category names.", list_=True)
    tags: list[str] = column(_STRINGS, "Tag names.", list_=True)
    language: str | None = column(pa.string(), "BCP 47 language tag, when the page declares one.")
    dateline: str | None = column(pa.string(), "A news-agency dateline such as `Pyongyang, July 14 (KCNA) --`, also kept in `body`.")
    published: date | None = column(pa.date32(), "Local calendar date of publication; the first day of the period when only a month or year is known.")
    published_precision: str | None = column(pa.string(), "Precision of `published`: `year`, `month`, `day` or `datetime`.")
    published_at: datetime | None = column(_TIMESTAMP, "Publication instant in UTC, only when a time of day is known.")
    published_raw: str | None = column(pa.string(), "The source's own publication date text, verbatim.")
    modified_at: datetime | None = column(_TIMESTAMP, "Last modification instant in UTC, when the source gives one.")
    modified_raw: str | None = column(pa.string(), "The source's own modification date text, verbatim.")
    date_mentions: list[dict[str, Any]] = column(
        pa.list_(_DATE_MENTION),
        "Dates mentioned in `body`: text, start and end offsets into `body`, ISO value and precision.",
        list_=True,
    )
    fetched_at: datetime | None = column(
        _TIMESTAMP,
        "When the page was fetched (UTC): by sinmun for a live crawl; for a page read from an archive, "
        "its capture time (the record's `WARC-Date`, or the date in HTTrack's `Mirrored from` comment), "
        "else when sinmun read the file.",
    )
    content_hash: str | None = column(pa.string(), "SHA-256 (hex) of the normalised `body`; equal bodies share a hash.")
    version: int | None = column(
        pa.int32(),
        "In a dataset: 1 for the first stored text of `url`, then one more for each changed `content_hash` (null in `-O` files).",
    )


def article_schema() -> pa.Schema:
    """The Arrow schema of `Article`, with sinmun's versions in its metadata."""
    arrow_fields = [
        pa.field(f.name, f.metadata["arrow"], nullable=f.metadata["nullable"]) for f in fields(Article)
    ]
    return pa.schema(
        arrow_fields,
        metadata={"sinmun.schema_version": SCHEMA_VERSION, "sinmun.version": __version__},
    )


ARTICLE_SCHEMA = article_schema()


def schema_markdown() -> str:
    """The column reference as a Markdown table: what docs/schema.md holds."""
    lines = [
        f"# Article schema, version {SCHEMA_VERSION}",
        "",
        "Generated from `crawler/items.py` by `python -m crawler.items`; do not edit by hand.",
        "",
        "| column | Arrow type | nullable | meaning |",
        "|---|---|---|---|",
    ]
    for f in fields(Article):
        nullable = "yes" if f.metadata["nullable"] else "no"
        lines.append(f"| `{f.name}` | `{f.metadata['arrow']}` | {nullable} | {f.metadata['doc']} |")
    lines += [
        "",
        "## In a dataset",
        "",
        "A run without `-O` appends to a dataset (`SINMUN_DATASET`, default `output/articles`) partitioned",
        "`site=<host>/year=<YYYY>/month=<M>/`. The part files hold every column above except `site`, which the",
        "partition path carries (readers see one `site` column); readers also see `year` and `month` (integers).",
        "Articles without a publication date are under `year=0/month=0`, articles without a site under",
        "`site=local` (`pipelines.dataset.load` gives `site` null there). Each part records",
        "`sinmun.schema_version`, and `_sinmun/dataset.json` the dataset's.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(schema_markdown(), end="")
