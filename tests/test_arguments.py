"""Spider arguments are declared once; unknown names and bad values are one clear error."""

from __future__ import annotations

import pytest

from crawler.arguments import Argument, ArgumentError, parse_arguments

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
