"""Pages that are not articles are told by what the page says of itself, for any family."""

from __future__ import annotations

from parsel import Selector

from crawler.pagekinds import non_article_kind
from crawler.sites import GENERIC, WORDPRESS

URL = "https://example.org/news/"


def kind(html: str, profile=GENERIC, included=()) -> str | None:
    return non_article_kind(Selector(text=html), profile, URL, included=included)


def entries(count: int) -> str:
    return "".join(f'<article><h2><a href="/news/{number}/">Story {number}</a></h2><p>Teaser.</p></article>' for number in range(count))


def test_wordpress_body_classes_name_the_kind():
    assert kind('<body class="archive tag tag-wpk">', WORDPRESS) == "tag-archive"
    assert kind('<body class="search search-results">', WORDPRESS) == "search-results"
    assert kind('<body class="home blog">', WORDPRESS) == "listing"
    assert kind('<body class="post-template-default single single-post postid-7">', WORDPRESS) is None


def test_a_wordpress_page_is_kept_when_pages_are_included():
    assert kind('<body class="page-template-default page page-id-2">', WORDPRESS) == "page"
    assert kind('<body class="page-template-default page page-id-2">', WORDPRESS, included={"page"}) is None


def test_another_familys_body_classes_mean_nothing():
    assert kind('<body class="archive category">', GENERIC) is None


def test_json_ld_page_types_name_the_kind():
    assert kind('<script type="application/ld+json">{"@graph": [{"@type": "CollectionPage"}]}</script>') == "listing"
    assert kind('<script type="application/ld+json">{"@type": ["ProfilePage"]}</script>') == "author-archive"


def test_an_article_type_wins_over_a_listing_shape():
    article = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>'
    assert kind(article + entries(5)) is None
    assert kind('<meta property="og:type" content="article">' + entries(5)) is None


def test_many_entry_titles_linking_elsewhere_make_a_listing():
    assert kind(entries(3)) == "listing"
    assert kind(entries(2)) is None


def test_og_type_profile_is_an_author_page():
    assert kind('<meta property="og:type" content="profile">') == "author-archive"
