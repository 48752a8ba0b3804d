"""Spider arguments are declared once; unknown names and bad values are one clear error; the docs follow."""

from __future__ import annotations

import pytest

from crawler.arguments import Argument, ArgumentError, arguments_markdown, parse_arguments, validate_spider_arguments
from crawler.spiders.files import FilesSpider
from crawler.spiders.wordpress import WordPressSpider
from tests.conftest import REPO, run_crawl

DECLARED = (
    Argument("url", "the site", required=True, metavar="URL"),
    Argument("limit", "how many", parse=int, default=10, metavar="N"),
)


def test_declared_values_are_parsed_and_defaults_filled_in():
    assert parse_arguments(DECLARED, {"url": "http://127.0.0.1/", "limit": "3"}, spider="t") == {"url": "http://127.0.0.1/", "limit": 3}
    assert parse_arguments(DECLARED, {"url": "http://127.0.0.1/"}, spider="t")["limit"] == 10


def test_an_unknown_argument_is_an_error_that_lists_the_valid_ones():
    with pytest.raises(ArgumentError, match=r"unknown argument -a lmit= for the t spider \(valid: limit, url\)"):
        parse_arguments(DECLARED, {"url": "x", "lmit": "3"}, spider="t")


def test_scrapyd_job_argument_is_accepted():
    assert "_job" not in parse_arguments(DECLARED, {"url": "x", "_job": "abc"}, spider="t")


def test_a_missing_required_argument_says_what_to_pass():
    with pytest.raises(ArgumentError, match=r"needs -a url=URL"):
        parse_arguments(DECLARED, {}, spider="t")


def test_a_bad_value_names_the_argument_and_the_problem():
    with pytest.raises(ArgumentError, match=r"-a limit='x': invalid literal"):
        parse_arguments(DECLARED, {"url": "x", "limit": "x"}, spider="t")


# --- the spiders' declarations ---------------------------------------------------------------

SITE = {"url": "http://127.0.0.1:8081"}


def test_docs_arguments_reference_is_generated_from_the_declarations():
    assert (REPO / "docs" / "arguments.md").read_text() == arguments_markdown([FilesSpider, WordPressSpider]), (
        "docs/arguments.md is stale: run `python -m crawler.arguments > docs/arguments.md`"
    )


def test_a_misspelled_wordpress_argument_lists_the_valid_ones():
    with pytest.raises(ArgumentError, match=r"unknown argument -a catgory= for the wordpress spider \(valid: after, before, category, "):
        validate_spider_arguments(WordPressSpider, {**SITE, "catgory": "Economy"})


def test_since_after_until_is_an_error():
    with pytest.raises(ArgumentError, match=r"-a since=2022-01-01 is after -a until=2021-12-31: the range is empty"):
        validate_spider_arguments(WordPressSpider, {**SITE, "since": "2022-01-01", "until": "2021-12-31"})


def test_old_before_bound_is_exclusive():
    with pytest.raises(ArgumentError, match=r"-a since=2022-01-01 is after -a until=2021-12-31"):
        validate_spider_arguments(WordPressSpider, {**SITE, "after": "2022-01-01", "before": "2022-01-01"})
    validate_spider_arguments(WordPressSpider, {**SITE, "after": "2022-01-01", "before": "2022-01-02"})


def test_one_bound_given_twice_is_an_error():
    with pytest.raises(ArgumentError, match=r"-a since= and -a after= set the same bound"):
        validate_spider_arguments(WordPressSpider, {**SITE, "since": "2022-01-01", "after": "2022-01-01"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("since", "2021-13-01", r"-a since='2021-13-01': not a date: expected YYYY-MM-DD"),
        ("discover", "magic", r"-a discover='magic': expected one of auto, rest, sitemap, feed, archive"),
        ("include", "drafts", r"-a include='drafts': 'drafts' is not one of posts, pages"),
        ("timezone", "Mars/Olympus", r"-a timezone='Mars/Olympus': not an IANA time zone"),
        ("url", "ftp://example.org/", r"-a url='ftp://example.org/': not a site URL"),
        ("modified_after", "yesterday", r"-a modified_after='yesterday': not a date or date-time"),
    ],
)
def test_a_bad_wordpress_value_is_one_clear_line(name, value, message):
    with pytest.raises(ArgumentError, match=message):
        validate_spider_arguments(WordPressSpider, {**SITE, name: value})


def test_the_wordpress_spider_needs_a_site():
    with pytest.raises(ArgumentError, match=r"the wordpress spider needs -a url=URL"):
        validate_spider_arguments(WordPressSpider, {})


def test_the_files_spider_needs_a_path():
    with pytest.raises(ArgumentError, match=r"the files spider needs -a path=DIR_OR_FILE"):
        validate_spider_arguments(FilesSpider, {})


def test_a_misspelled_argument_stops_the_crawl_before_any_request(tmp_path):
    result = run_crawl("wordpress", tmp_path / "x.parquet", "-a", "url=http://127.0.0.1:9/", "-a", "catgory=Economy")
    assert result.returncode != 0
    assert "unknown argument -a catgory= for the wordpress spider" in result.log
    assert "Crawled (" not in result.log and "downloader/request_count" not in result.log
