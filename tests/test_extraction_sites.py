"""The site-family registry: domain first, then markers in the markup, never the article's text."""

from __future__ import annotations

from parsel import Selector

from crawler.locate import locate_article
from crawler.sites import GENERIC, STATE_MEDIA, WORDPRESS, WORDPRESS_COM, SiteProfile, detect_profile, markup_markers, profile_named
from crawler.text import parse_document
from pipelines.boilerplate import clean_article

PROSE = "<p>" + "The delegation visited the new greenhouse farm and praised its output. " * 12 + "</p>"


def page(head: str = "", body: str = PROSE) -> str:
    return f"<html><head><title>A report</title>{head}</head><body><article><h1>A report</h1>{body}</article></body></html>"


def test_a_family_domain_decides_before_any_marker() -> None:
    html = page('<meta name="generator" content="WordPress 6.5">')
    assert detect_profile(html, "http://www.kcna.kp/en/article/q/abc.kcmsf") is STATE_MEDIA
    assert detect_profile(html, "https://juchenews.wordpress.com/2023/07/14/x/") is WORDPRESS_COM


def test_markers_in_the_markup_pick_the_family() -> None:
    assert detect_profile(page('<meta name="generator" content="WordPress 6.5">')) is WORDPRESS
    assert detect_profile(page('<script src="https://s0.wp.com/wp-content/js/devicepx-jetpack.js"></script>')) is WORDPRESS_COM


def test_article_text_that_names_a_platform_is_no_marker() -> None:
    body = "<p>Files under /wp-content/ and wp-json routes on wordpress.com blogs were discussed at length today.</p>" + PROSE
    assert detect_profile(page(body=body), "https://news.example/story") is GENERIC


def test_state_media_family_reads_its_conventions_without_a_dateline() -> None:
    html = page(body="<p>" + "ComradeKim Jong Un inspected the farm and gave field guidance there. " * 10 + "-0-</p>")
    article = locate_article(html, "http://www.rodong.rep.kp/en/index.php?page=x", source="file")
    assert article.site_family == "state-media" and profile_named(article.site_family).timezone == "Asia/Pyongyang"
    body = clean_article(article).body or ""
    assert body.startswith("Comrade Kim Jong Un inspected") and not body.endswith("-0-")


def test_a_selector_a_family_lists_twice_is_kept_once_at_its_first_place() -> None:
    profile = SiteProfile(name="x", authors=(".byline a::text", '[rel="author"]::text') + GENERIC.authors)
    assert profile.authors == (".byline a::text", '[rel="author"]::text', 'meta[name="author"]::attr(content)')
    assert WORDPRESS.authors.count('[rel="author"]::text') == 1 and WORDPRESS.authors[-1] == GENERIC.authors[0]


def test_an_unknown_family_name_reads_as_generic() -> None:
    assert profile_named("no-such-family") is GENERIC and profile_named(None) is GENERIC


def test_markers_are_read_from_every_attribute_that_carries_them_in_one_walk() -> None:
    """The generator, stylesheet, script and image addresses and the body's classes, in that order,
    also from markup a page has after its </html>; never from the article's text."""
    html = (
        '<html><head><meta name="generator" content="WordPress 6.5"><meta name="author" content="wp-content">'
        '<link rel="stylesheet" href="/wp-content/style.css"><script src="/wp-includes/app.js"></script></head>'
        '<body class="single post"><p>Say wp-content in the text</p><img src="/a.png"></body></html>'
        '<img src="https://blog.files.wordpress.com/b.png">'
    )
    assert markup_markers(Selector(root=parse_document(html), type="html")).split("\n") == [
        'content="WordPress 6.5',
        "/wp-content/style.css",
        "/wp-includes/app.js",
        "/a.png",
        "https://blog.files.wordpress.com/b.png",
        "single post",
    ]


def test_read_also_labels_of_other_languages_go_with_their_headline_and_prose_that_starts_alike_stays() -> None:
    furniture = "<p>Lea también: Impiden ingreso a reportero</p><p>Lesen Sie auch</p><p>Czytaj też:</p>"
    sentence = "<p>Lesen Sie auch die Begründung des Gerichts, die der Verband am Freitag veröffentlicht hat.</p>"
    html = page(body=PROSE + furniture + sentence + PROSE)
    body = clean_article(locate_article(html, "https://news.example/story", source="file")).body or ""
    assert "Lea también" not in body and "Czytaj" not in body and "Impiden" not in body
    assert "Lesen Sie auch die Begründung des Gerichts" in body


def test_a_read_also_label_qualified_before_its_colon_goes_and_a_sentence_that_starts_alike_stays() -> None:
    furniture = "<p>Lesen Sie auch die folgenden Beiträge:</p><p>Weitere Beiträge aus der Kolumne:</p>"
    sentence = "<p>Lesen Sie auch die Begründung des Gerichts: der Verband hat sie am Freitag veröffentlicht.</p>"
    html = page(body=PROSE + furniture + sentence + PROSE)
    body = clean_article(locate_article(html, "https://news.example/story", source="file")).body or ""
    assert "folgenden Beiträge" not in body and "aus der Kolumne" not in body
    assert "Lesen Sie auch die Begründung des Gerichts" in body


def test_a_picture_credit_at_the_body_s_end_goes_and_one_between_paragraphs_stays() -> None:
    html = page(body=PROSE + "<p>Foto: Agentur Nord</p>" + PROSE + "<p>Crédits photos : Bestimage</p>")
    body = clean_article(locate_article(html, "https://news.example/story", source="file")).body or ""
    assert "Bestimage" not in body and "Foto: Agentur Nord" in body
