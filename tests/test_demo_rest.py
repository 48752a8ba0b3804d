"""The demo site's REST API over HTTP: WordPress's routes, paging headers, date filters, embeds and term lookups."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pytest

from demo.build import expected_articles
from demo.site import Site
from tests.conftest import fetch

SITE = Site.from_articles()
PRECIOUS = next(post for post in SITE.posts if post.slug == "precious-guideline")  # 07:30 in Pyongyang, 22:30 UTC the day before


@pytest.fixture(scope="module")
def api(demo_site):
    """GET a REST route of the demo site: api("wp/v2/posts", "per_page=5")."""

    def get(route: str, query: str = ""):
        return fetch(f"{demo_site}wp-json/{route}" + (f"?{query}" if query else ""))

    return get


def ids(reply) -> list[int]:
    return [post["id"] for post in reply.json()]


def test_every_response_announces_the_api_root(demo_site):
    assert fetch(demo_site).headers["Link"] == f'<{demo_site}wp-json/>; rel="https://api.w.org/"'


def test_index_names_the_site_its_time_zone_and_routes(api):
    index = api("").json()
    assert (index["name"], index["gmt_offset"], index["timezone_string"]) == ("Morning Calm Reader", 9, "Asia/Pyongyang")
    assert "wp/v2" in index["namespaces"]
    assert {"/wp/v2/posts", "/wp/v2/pages", "/wp/v2/categories", "/wp/v2/tags"} <= set(index["routes"])


def test_listing_says_how_many_posts_and_pages_there_are(api):
    reply = api("wp/v2/posts", "per_page=10")
    assert reply.status == 200
    assert (reply.headers["X-WP-Total"], reply.headers["X-WP-TotalPages"]) == ("34", "4")
    assert len(reply.json()) == 10


def test_paging_links_keep_the_query_and_move_the_page(api, demo_site):
    reply = api("wp/v2/posts", "per_page=10&_embed=author%2Cwp%3Aterm&page=2")
    base = f"{demo_site}wp-json/wp/v2/posts?per_page=10&_embed=author%2Cwp%3Aterm"
    assert reply.headers["Link"] == f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next"'
    assert 'rel="next"' not in api("wp/v2/posts", "per_page=10&page=4").headers["Link"]


def test_pages_together_list_every_post_once_newest_first(api):
    listed = [post for page in range(1, 5) for post in api("wp/v2/posts", f"per_page=10&page={page}").json()]
    assert [post["id"] for post in listed] == [post.id for post in SITE.posts]
    assert [post["date"] for post in listed] == sorted((post["date"] for post in listed), reverse=True)


def test_orderby_id_ascending_is_the_oldest_first(api):
    assert ids(api("wp/v2/posts", "per_page=100&orderby=id&order=asc")) == sorted(post.id for post in SITE.posts)


def test_a_page_past_the_last_is_a_400(api):
    reply = api("wp/v2/posts", "per_page=10&page=5")
    assert (reply.status, reply.json()["code"]) == (400, "rest_post_invalid_page_number")


def test_per_page_is_at_most_100(api):
    reply = api("wp/v2/posts", "per_page=101")
    assert (reply.status, reply.json()["code"], list(reply.json()["data"]["params"])) == (400, "rest_invalid_param", ["per_page"])


def test_only_published_posts_can_be_asked_for(api):
    assert api("wp/v2/posts", "status=publish").status == 200
    assert api("wp/v2/posts", "status=draft").status == 400


def test_posts_carry_the_titles_terms_authors_and_links_of_their_pages(api, demo_site):
    posts = {post["link"].removeprefix(demo_site.rstrip("/")): post for post in api("wp/v2/posts", "per_page=100&_embed=author,wp:term").json()}
    for article in expected_articles():
        post = posts[article["path"]]
        categories, tags = post["_embedded"]["wp:term"]
        assert post["title"]["rendered"] == article["title"]
        assert [term["name"] for term in categories] == article["categories"]
        assert [term["name"] for term in tags] == article["tags"]
        assert [author["name"] for author in post["_embedded"]["author"]] == [article["author"]]
        assert post["slug"] == article["slug"] and post["id"] == article["post_id"]


def test_dates_are_local_and_gmt_as_wordpress_stores_them(api):
    [post] = api("wp/v2/posts", "slug=precious-guideline").json()
    assert (post["date"], post["date_gmt"]) == ("2022-01-20T07:30:00", "2022-01-19T22:30:00")
    assert (post["modified"], post["modified_gmt"]) == ("2022-01-20T07:30:00", "2022-01-19T22:30:00")


def test_an_edited_post_reports_its_last_change(api):
    [post] = api("wp/v2/posts", "slug=autumn-trade-fair").json()
    assert (post["modified"], post["modified_gmt"]) == ("2019-09-24T09:12:00", "2019-09-24T00:12:00")


def test_after_and_before_are_exclusive_bounds_in_local_time(api):
    assert PRECIOUS.id not in ids(api("wp/v2/posts", "per_page=100&after=2022-01-20T07:30:00"))
    assert PRECIOUS.id in ids(api("wp/v2/posts", "per_page=100&after=2022-01-20T07:29:59"))
    assert PRECIOUS.id not in ids(api("wp/v2/posts", "per_page=100&before=2022-01-20T07:30:00"))
    assert PRECIOUS.id in ids(api("wp/v2/posts", "per_page=100&before=2022-01-20T07:30:01"))


def test_a_bound_with_an_offset_is_converted_to_local_time(api):
    assert PRECIOUS.id in ids(api("wp/v2/posts", "per_page=100&after=2022-01-19T22:29:59Z"))
    assert PRECIOUS.id not in ids(api("wp/v2/posts", "per_page=100&after=" + quote("2022-01-20T07:30:00+09:00")))


def test_a_date_range_lists_exactly_the_posts_published_in_it(api):
    reply = api("wp/v2/posts", "per_page=100&after=2021-01-01T00:00:00&before=2022-01-01T00:00:00")
    in_2021 = [post.id for post in SITE.posts if post.published.year == 2021]
    assert ids(reply) == in_2021 and reply.headers["X-WP-Total"] == str(len(in_2021))


def test_modified_after_lists_the_posts_changed_since(api):
    since = datetime.fromisoformat("2022-09-10T00:00:00+09:00")
    assert ids(api("wp/v2/posts", "per_page=100&modified_after=2022-09-10T00:00:00")) == [post.id for post in SITE.posts if post.modified > since]


def test_a_bare_date_is_not_a_rest_date(api):
    reply = api("wp/v2/posts", "after=2021-01-01")
    assert (reply.status, reply.json()["data"]["details"]["after"]["code"]) == (400, "rest_invalid_date")


def test_without_embed_nothing_is_embedded(api):
    post = api("wp/v2/posts", "per_page=1").json()[0]
    assert "_embedded" not in post and post["author"] > 1 and post["categories"]


def test_bare_embed_also_embeds_the_comments(api):
    commented = next(post for post in SITE.posts if post.comments)
    [post] = api("wp/v2/posts", f"include={commented.id}&_embed").json()
    [replies] = post["_embedded"]["replies"]
    assert [reply["author_name"] for reply in replies] == [comment.comment.author for comment in reversed(commented.comments)]


def test_wordpress_com_content_carries_the_jetpack_blocks_after_the_text(api):
    wpcom = next(post for post in SITE.posts if post.article.theme == "wpcom" and post.blocks)
    [post] = api("wp/v2/posts", f"include={wpcom.id}").json()
    content = post["content"]["rendered"]
    last_paragraph = content.rindex("</p>")
    assert content.index('id="jp-post-flair"') > last_paragraph
    assert "Share this:" in content and "Like this:" in content and "jp-relatedposts" in content


def test_core_content_is_the_text_alone(api):
    core = next(post for post in SITE.posts if post.article.theme == "core" and post.blocks)
    [post] = api("wp/v2/posts", f"include={core.id}").json()
    assert post["content"]["rendered"].startswith("\n<p>") and post["content"]["rendered"].endswith("</p>\n")


def test_categories_are_found_by_search_and_by_slug(api):
    [found] = api("wp/v2/categories", "search=korean").json()
    assert (found["name"], found["slug"]) == ("Korean Peninsula", "korean-peninsula")
    by_slug = api("wp/v2/categories", "slug=korean-peninsula,sports").json()
    assert sorted(term["name"] for term in by_slug) == ["Korean Peninsula", "Sports"]


def test_several_category_ids_are_ored(api):
    terms = {term["name"]: term["id"] for term in api("wp/v2/categories", "per_page=100").json()}
    reply = api("wp/v2/posts", f"per_page=100&categories={terms['Sports']},{terms['Korean Peninsula']}")
    wanted = [post.id for post in SITE.posts if {"Sports", "Korean Peninsula"} & set(post.article.categories)]
    assert ids(reply) == wanted


def test_tags_are_terms_with_counts(api):
    tags = {term["name"]: term["count"] for term in api("wp/v2/tags", "per_page=100").json()}
    assert tags == {name: sum(name in post.article.tags for post in SITE.posts) for name in SITE.tags()}


def test_search_matches_titles_and_text(api):
    found = ids(api("wp/v2/posts", "per_page=100&search=marathon"))
    assert found and all("marathon" in (post.title + str(post.blocks)).lower() for post in SITE.posts if post.id in found)


def test_pages_have_their_own_route(api, demo_site):
    [about] = api("wp/v2/pages").json()
    assert (about["type"], about["link"], about["title"]["rendered"]) == ("page", f"{demo_site}about/", "About")
    assert about["id"] not in ids(api("wp/v2/posts", "per_page=100"))


def test_plain_permalink_rest_route_answers_the_same(api, demo_site):
    assert fetch(f"{demo_site}?rest_route=/wp/v2/posts&per_page=5").body == api("wp/v2/posts", "per_page=5").body


def test_single_items_and_their_errors(api):
    assert api(f"wp/v2/posts/{PRECIOUS.id}").json()["slug"] == "precious-guideline"
    assert (api("wp/v2/posts/1").status, api("wp/v2/posts/1").json()["code"]) == (404, "rest_post_invalid_id")
    assert (api("wp/v2/nothing").status, api("wp/v2/nothing").json()["code"]) == (404, "rest_no_route")


def test_json_is_written_as_php_writes_it(api):
    body = api("wp/v2/posts", "slug=songdowon-childrens-camp").body
    assert b"\\/" in body and b"\\u2019" in body and body.isascii()


def test_an_impossible_date_is_a_400_not_a_crash(api):
    assert api("wp/v2/posts", "before=2022-13-01T00:00:00").status == 400
