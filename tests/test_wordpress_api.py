"""The REST surface's shape: where the API is, how it pages, and how a post becomes an Article."""

from __future__ import annotations

from datetime import datetime, timezone

from crawler import wordpress_api as api


def test_api_root_is_read_from_the_link_header():
    headers = [b'<https://example.org/wp-json/>; rel="https://api.w.org/"', b'<https://example.org/?p=1>; rel=shortlink']
    assert api.api_root_from_link_header(headers) == "https://example.org/wp-json/"


def test_pretty_and_plain_roots_build_the_same_route():
    assert api.endpoint_url("https://example.org/wp-json/", "wp/v2/posts", {"page": 2}) == "https://example.org/wp-json/wp/v2/posts?page=2"
    assert (
        api.endpoint_url("https://example.org/index.php?rest_route=/", "wp/v2/posts", {"page": 2})
        == "https://example.org/index.php?rest_route=%2Fwp%2Fv2%2Fposts&page=2"
    )


def test_wordpress_com_sites_use_the_public_api():
    assert api.guessed_api_roots("https://kcnawatch.wordpress.com/") == [
        "https://public-api.wordpress.com/wp/v2/sites/kcnawatch.wordpress.com/"
    ]
    assert api.guessed_api_roots("https://example.org/") == ["https://example.org/wp-json/", "https://example.org/?rest_route=/"]


def test_listing_asks_for_a_hundred_published_posts_with_terms_embedded():
    params = api.listing_params(3, {"categories": "5"})
    assert params["per_page"] == 100 and params["page"] == 3 and params["categories"] == "5"
    assert params["status"] == "publish" and "wp:term" in params["_embed"]


def test_total_pages_header_is_read_as_a_number():
    assert api.total_pages({"X-WP-TotalPages": b"3"}) == 3
    assert api.total_pages({}) is None
    assert api.total_pages({"X-WP-TotalPages": b"many"}) is None


POST = {
    "id": 7,
    "date": "2021-10-10T10:30:00",
    "date_gmt": "2021-10-10T01:30:00",
    "modified": "2021-10-11T09:00:00",
    "modified_gmt": "2021-10-11T00:00:00",
    "link": "https://example.org/2021/10/10/anniversary/",
    "title": {"rendered": "Party&#8217;s Anniversary"},
    "content": {"rendered": "<p>Text.</p>", "protected": False},
    "_embedded": {
        "author": [{"name": "KCNA Desk"}],
        "wp:term": [
            [{"taxonomy": "category", "name": "Ideology"}],
            [{"taxonomy": "post_tag", "name": "WPK"}, {"taxonomy": "post_tag", "name": "Juche"}],
        ],
    },
}


def test_post_becomes_an_article_with_exact_instants_and_named_terms():
    article = api.article_from_post(POST, listing_url="https://example.org/wp-json/wp/v2/posts", site_family="wordpress", language="en-US")
    assert article.url == POST["link"] and article.site == "example.org" and article.source == "rest"
    assert article.title == "Party’s Anniversary"
    assert article.published_at == datetime(2021, 10, 10, 1, 30, tzinfo=timezone.utc)
    assert article.published_raw == "2021-10-10T10:30:00"
    assert article.modified_at == datetime(2021, 10, 11, 0, 0, tzinfo=timezone.utc)
    assert article.categories == ["Ideology"] and article.tags == ["WPK", "Juche"]
    assert article.authors == ["KCNA Desk"]
    assert article.body_html == "<p>Text.</p>"


def test_protected_posts_are_recognised():
    assert not api.is_protected(POST)
    assert api.is_protected({**POST, "content": {"rendered": "", "protected": True}})


def test_category_names_match_by_name_or_slug_ignoring_case():
    terms = [{"id": 1, "name": "Ideology", "slug": "ideology"}, {"id": 2, "name": "Ideology &amp; Theory", "slug": "ideology-theory"}]
    assert api.matching_term_ids(terms, "ideology") == [1]
    assert api.matching_term_ids(terms, "Ideology & Theory") == [2]


def test_only_wordpress_com_public_api_counts_as_its_api_host():
    assert api.is_wordpress_com_api("https://public-api.wordpress.com/wp/v2/sites/example.com/posts")
    assert not api.is_wordpress_com_api("https://example.org/wp-json/wp/v2/posts")
    assert not api.is_wordpress_com_api("https://public-api.wordpress.com.evil.example/wp/v2/posts")
