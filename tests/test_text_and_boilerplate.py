"""Body text: the seed's article survives whole, its comment form and term line do not."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.locate import Extraction, locate_article, locate_text_dump, with_continuations
from crawler.sites import GENERIC, TEXT_DUMP, WORDPRESS, WORDPRESS_COM
from pipelines.boilerplate import (
    clean_body,
    clean_body_html,
    parse_meta_line,
    parse_term_line,
    strip_boilerplate_html,
    strip_boilerplate_text,
)
from crawler.text import content_hash, find_dateline, html_to_text, normalise_body, strip_end_marks, unglue_words
from tests.conftest import SEED

SEED_LAST_SENTENCE = (
    "The leadership ability and fighting efficiency of the WPK could be radically improved thanks to "
    "the precious guideline for the Party building and activities provided by Kim Jong Un."
)
COMMENT_FORM_WORDS = ("Leave a Reply", "Fill in your details", "commenting using", "Log Out", "Connecting to", "Google photo")


@pytest.fixture
def seed_clean():
    raw = locate_text_dump(SEED.read_text(encoding="utf-8"), SEED.as_uri())
    return raw, strip_boilerplate_text(raw.body, TEXT_DUMP)


def test_seed_title_is_its_first_line(seed_clean):
    raw, _ = seed_clean
    assert raw.title == "Precious Guideline"


def test_seed_categories_are_lifted_out_of_the_body(seed_clean):
    _, clean = seed_clean
    assert clean.categories == ["Ideology", "Narrated"]
    assert "Categories:" not in clean.body


def test_seed_body_ends_with_the_precious_guideline_sentence(seed_clean):
    _, clean = seed_clean
    assert clean.body.endswith(SEED_LAST_SENTENCE)


def test_seed_body_holds_nothing_of_the_comment_form(seed_clean):
    _, clean = seed_clean
    for words in COMMENT_FORM_WORDS:
        assert words not in clean.body


def test_seed_keeps_every_article_paragraph(seed_clean):
    _, clean = seed_clean
    paragraphs = clean.body.split("\n\n")
    assert paragraphs[0].startswith("The respected Kim Jong Un has conducted")
    assert len(paragraphs) == 16


def test_comment_form_line_with_non_breaking_spaces_is_dropped():
    text = "Article sentence.\n\nYou are commenting using your Google account.\u00a0Log\u00a0Out\u00a0/\u00a0 Change\u00a0)"
    assert strip_boilerplate_text(text, WORDPRESS_COM).body == "Article sentence."


@pytest.mark.parametrize(
    "paragraph",
    [
        "Related to this, the plenary meeting discussed the tasks for the next five years.",
        "Share of grain output rose sharply in the northern provinces.",
        "Like the farmers of Sariwon, the miners overfulfilled their plan.",
        "Leave a Reply was the title of a short story published in 1965.",
        "Categories of workers who distinguished themselves were commended.",
    ],
)
def test_article_paragraphs_starting_like_boilerplate_survive(paragraph):
    text = f"Opening sentence.\n\n{paragraph}\n\nClosing sentence."
    assert paragraph in strip_boilerplate_text(text, TEXT_DUMP).body


def test_term_lines_in_the_middle_of_the_article_are_not_lifted():
    text = "Opening.\n\nTags: are what the ministry called the new labels.\n\nClosing."
    clean = strip_boilerplate_text(text, TEXT_DUMP)
    assert clean.tags == [] and "Tags: are what" in clean.body


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Categories: Ideology, Narrated", ("categories", ["Ideology", "Narrated"])),
        ("Posted in Economy", ("categories", ["Economy"])),
        ("Categorized as Culture, Sports", ("categories", ["Culture", "Sports"])),
        ("Tags: Juche, WPK", ("tags", ["Juche", "WPK"])),
        ("Tagged Kim Jong Un", ("tags", ["Kim Jong Un"])),
        ("Categories of workers were commended. They thanked the Party.", None),
    ],
)
def test_term_lines_are_parsed_by_label(line, expected):
    assert parse_term_line(line) == expected


def test_html_blocks_become_paragraphs_and_whitespace_is_normalised():
    html = "<div><p>One  \n two</p><h2>Heading</h2><ul><li>First</li><li>Second</li></ul><p>A<br>B</p></div>"
    assert html_to_text(html) == "One two\n\nHeading\n\nFirst\n\nSecond\n\nA\nB"


def test_scripts_and_comments_are_not_text():
    assert html_to_text("<p>Kept<script>var x=1;</script><!-- note --> text</p>") == "Kept text"


def test_profile_blocks_are_removed_from_article_html():
    html = (
        '<div class="entry-content"><p>Article.</p>'
        '<div class="wpcnt"><span>Advertisements</span></div><p>More.</p>'
        '<div id="jp-post-flair" class="sharedaddy"><h3>Share this:</h3></div></div>'
    )
    cleaned = strip_boilerplate_html(html, WORDPRESS.drop_blocks)
    assert html_to_text(cleaned) == "Article.\n\nMore."


def test_body_normalisation_leaves_one_blank_line_between_paragraphs():
    assert normalise_body("  One\u00a0 two \n\n\n\n Three \r\n\r\nFour") == "One two\n\nThree\n\nFour"


def test_content_hash_ignores_reflowed_whitespace():
    assert content_hash("One two.\n\nThree.") == content_hash("One  two.\nThree.")
    assert content_hash("One two.") != content_hash("One three.")


def test_trailing_boilerplate_is_cut_after_the_article_but_term_lines_are_lifted():
    text = "Opening sentence of the report.\n\nShare this:\n\nBuilders Complete Housing District\n\nCategories: Economy\n\nTags: Coal"
    clean = strip_boilerplate_text(text, WORDPRESS)
    assert (clean.body, clean.categories, clean.tags) == ("Opening sentence of the report.", ["Economy"], ["Coal"])


def test_a_share_bar_before_the_article_is_dropped_without_cutting_the_article():
    text = "Share this:\n\nTwitter\n\nFacebook\n\nThe report opens here.\n\nIt closes here."
    clean = strip_boilerplate_text(text, WORDPRESS)
    assert clean.body == "The report opens here.\n\nIt closes here."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted in Economy | Tagged Coal, Kaechon | Leave a comment", {"categories": ["Economy"], "tags": ["Coal", "Kaechon"]}),
        ("This entry was posted in Culture and tagged Exhibition. Bookmark the permalink.", {"categories": ["Culture"], "tags": ["Exhibition"]}),
        ("Posted in Economy | the plan was fulfilled", None),
        ("POSTED IN Economy | TAGGED Coal", {"categories": ["Economy"], "tags": ["Coal"]}),
        ("FILED UNDER: Economy", {"categories": ["Economy"], "tags": []}),
    ],
)
def test_whole_entry_meta_lines_are_lifted(line, expected):
    assert parse_meta_line(line, WORDPRESS.drop_lines + WORDPRESS.cut_lines) == expected


def test_kcna_dateline_is_found_and_kept_in_the_body():
    body = "Pyongyang, July 14 (KCNA) -- Builders are stepping up the work.\n\nMore."
    assert find_dateline(body) == "Pyongyang, July 14 (KCNA) --"
    assert find_dateline("Builders in Pyongyang, July 14 (KCNA) -- said.") is None


def test_kcna_end_marks_are_stripped():
    assert strip_end_marks("The ceremony ended. -0-\n\n-0-") == "The ceremony ended."


def test_glued_titles_and_names_are_spaced():
    assert unglue_words("the respected ComradeKim Jong Unvisited") == "the respected Comrade Kim Jong Un visited"


def test_inline_markup_that_glues_words_gets_a_space_in_state_media_copy():
    html = "<p>Pyongyang, May 2 (KCNA) -- the respected Comrade<strong>Kim Jong Un</strong> visited the farm.<em>He</em> praised it.</p>"
    cleaned_html, clean = clean_body_html(html, WORDPRESS)
    assert clean.body == "Pyongyang, May 2 (KCNA) -- the respected Comrade Kim Jong Un visited the farm. He praised it."
    assert html_to_text(cleaned_html) == clean.body


def test_state_media_conventions_stay_off_other_copy():
    text = "Members of the Kim Il Sungist youth league met. ComradeKim is a nickname here.\n\nThe score was -0- at half time, they said."
    assert strip_boilerplate_text(text, GENERIC).body == text


def test_names_made_from_leaders_names_stay_whole_in_state_media_copy():
    text = "Pyongyang, May 2 (KCNA) -- Members of the Kim Il Sungist youth league and Kimjongilia growers met. -0-"
    assert strip_boilerplate_text(text, GENERIC).body == text[:-4]


def test_a_comments_link_under_the_dateline_does_not_cut_the_story():
    text = f"WASHINGTON (AP) -- The story opens here, in one short line of text.\n\nComments\n\n{ARTICLE_PROSE}"
    assert strip_boilerplate_text(text, WORDPRESS).body.endswith(ARTICLE_PROSE)


def test_short_share_labels_inside_the_article_are_list_items():
    text = f"{ARTICLE_PROSE}\n\nWhat to bring:\n\nEmail\n\nPrint\n\nWebsite\n\n{ARTICLE_PROSE}\n\nShare this:\n\nEmail\n\nPrint"
    assert strip_boilerplate_text(text, WORDPRESS).body == f"{ARTICLE_PROSE}\n\nWhat to bring:\n\nEmail\n\nPrint\n\nWebsite\n\n{ARTICLE_PROSE}"


def test_soft_hyphens_and_zero_width_spaces_leave_the_text():
    assert strip_boilerplate_text("Ver\u00adöffent\u00adlichung der Daten\u200b heute.", GENERIC).body == "Veröffentlichung der Daten heute."


@pytest.mark.parametrize("line", ["Teilen", "Weiterlesen", "Anzeige", "Verwandte Artikel", "Mehr zum Thema", "Über den Autor", "Tweet", "Related News Articles", "Notify me of followup comments via e-mail", "1 Comment » | Published in Politics"])
def test_furniture_in_other_languages_and_theme_variants_leaves_the_edges(line):
    assert strip_boilerplate_text(f"{ARTICLE_PROSE}\n\n{line}", GENERIC).body == ARTICLE_PROSE


def test_all_boilerplate_leaves_no_body():
    html = '<div class="entry-content"><div class="sharedaddy"><h3>Share this:</h3></div><p>Advertisements</p></div>'
    assert clean_body(None, html, WORDPRESS_COM).body is None
    assert clean_body("Related\n\nBuilders Complete Housing District\n\nJuly 13, 2023", None, TEXT_DUMP).body is None


def test_empty_or_broken_html_leaves_no_body():
    assert clean_body(None, '<div class="entry-content">  </div>', WORDPRESS).body is None
    assert clean_body(None, "<<<!-- \x02", WORDPRESS).body is None


LONG_PARAGRAPH = "The builders of the district finished the housing blocks ahead of the schedule set in spring."


def test_a_related_box_between_paragraphs_does_not_cut_the_article():
    text = f"{LONG_PARAGRAPH}\n\nRelated\n\nBuilders Complete Housing District\n\n" + "\n\n".join([LONG_PARAGRAPH] * 3)
    clean = strip_boilerplate_text(text, WORDPRESS)
    assert clean.body.count(LONG_PARAGRAPH) == 4


def test_a_related_box_after_the_article_still_cuts():
    text = "\n\n".join([LONG_PARAGRAPH] * 3) + "\n\nRelated\n\nBuilders Complete Housing District\n\n" + LONG_PARAGRAPH
    clean = strip_boilerplate_text(text, WORDPRESS)
    assert clean.body == "\n\n".join([LONG_PARAGRAPH] * 3)


def test_a_comment_thread_longer_than_the_article_is_still_cut():
    text = f"{LONG_PARAGRAPH}\n\n3 thoughts on \u201cHousing\u201d\n\nreader1956 says:\n\n" + "\n\n".join([LONG_PARAGRAPH + " Indeed."] * 3)
    clean = strip_boilerplate_text(text, WORDPRESS)
    assert clean.body == LONG_PARAGRAPH


def test_a_first_line_repeating_the_title_is_dropped_as_the_headline():
    html = "<h1>Builders Complete Housing District</h1><p>Builders Complete Housing District is open.</p>"
    assert clean_body(None, html, GENERIC, "Builders Complete Housing District").body == "Builders Complete Housing District is open."
    # a <title> with the site's name after the headline
    assert clean_body(None, html, GENERIC, "Builders Complete Housing District - Sonbong Reader").body.startswith("Builders Complete Housing District is")


def test_a_paragraph_is_not_taken_for_the_headline_unless_it_repeats_the_title():
    html = "<p>Builders Complete Housing District is open.</p><p>Builders Complete Housing District</p>"
    assert clean_body(None, html, GENERIC, "Builders Complete Housing District").body == (
        "Builders Complete Housing District is open.\n\nBuilders Complete Housing District"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Greenhouse farm sends vegetables to citizens",
        "RELATED: Builders complete housing district",
        "DON\u2019T MISS",
        "Copyright 2019 Sonbong Reader. All rights reserved.",
        "Email Pak Chol at pak@sonbong.example.net or follow him on the site.",
    ],
)
def test_news_site_furniture_lines_are_dropped(line):
    text = f"Opening sentence.\n\n{line}\n\nClosing sentence."
    assert strip_boilerplate_text(text, GENERIC).body == "Opening sentence.\n\nClosing sentence."


def test_read_more_in_a_sentence_survives():
    text = "Opening sentence.\n\nRead more about the farm in the ministry's report.\n\nClosing sentence."
    assert "Read more about" in strip_boilerplate_text(text, GENERIC).body


ARTICLE_PROSE = " ".join(["The builders finished the housing district ahead of schedule this autumn."] * 20)


def _located_body(page_body: str) -> str:
    html = f"<html><head><meta name='generator' content='WordPress 6.5'></head><body>{page_body}</body></html>"
    return html_to_text(locate_article(html, "https://blog.example/post", source="file").body_html or "")


def test_the_body_is_the_candidate_with_most_prose_not_the_first_match():
    sidebar = "<aside><div class='entry-content'><p>A ten word tweet about nothing much at all here.</p></div></aside>"
    teaser = "<div class='entry-content'><p>Video 4,409 followers</p></div>"
    article = f"<article><div class='entry-content'><p>{ARTICLE_PROSE}</p></div></article>"
    assert _located_body(sidebar + teaser + article) == ARTICLE_PROSE


def test_a_reader_comment_is_never_the_body():
    comment = f"<ol class='comment-list'><li><div class='entry-content'><p>{ARTICLE_PROSE} Great post!</p></div></li></ol>"
    article = f"<article><div class='entry-content'><p>{ARTICLE_PROSE}</p></div></article>"
    assert _located_body(article + comment) == ARTICLE_PROSE


def test_a_whole_introduction_is_kept_where_the_extractor_would_not_agree():
    intro = "<p>" + " ".join(["An introduction of two hundred words sets the scene for the report."] * 15) + "</p>"
    article = f"<article><div class='entry-content'>{intro}<p>{ARTICLE_PROSE}</p></div></article>"
    assert _located_body(article).startswith("An introduction of two hundred words")


def test_an_article_split_over_parallel_containers_is_joined_again():
    stretch = " ".join(["Builders worked through the night to finish the blocks."] * 8)
    page = lxml.html.document_fromstring(
        "<html><body><article><div class='chunks'>"
        f"<div class='row'><div class='body'><p>{stretch} One.</p></div></div>"
        "<div class='ad'>Advertisement</div>"
        f"<div class='row'><div class='body'><p>{stretch} Two.</p></div></div>"
        "</div></article><div class='row'><div class='teaser'><p>Other story</p></div></div></body></html>"
    )
    joined = with_continuations(page, Extraction(f"<p>{stretch} One.</p>", f"{stretch} One."))
    assert html_to_text(joined) == f"{stretch} One.\n\n{stretch} Two."


@pytest.mark.parametrize("profile", [GENERIC, WORDPRESS], ids=["generic", "wordpress"])
def test_image_captions_are_not_article_text(profile):
    html = (
        f"<p>{ARTICLE_PROSE}</p>"
        "<figure><img src='a.jpg'><figcaption>Photo: the new district at dawn, by a reader</figcaption></figure>"
        "<div class='wp-caption'><img src='b.jpg'><p class='wp-caption-text'>Foto: Ingo Pertramer</p></div>"
    )
    assert clean_body(None, html, profile).body == ARTICLE_PROSE


def test_links_after_the_article_go_and_links_between_its_paragraphs_stay():
    html = (
        "<p><a href='/news/'>News</a></p>"
        f"<p>{ARTICLE_PROSE}</p><p><a href='/report'>The full report of the builders</a></p><p>{ARTICLE_PROSE}</p>"
        "<ul><li><a href='/a'>Russia: a first infection in the region</a></li><li><a href='/b'>Seminars start in March</a></li></ul>"
    )
    assert clean_body(None, html, WORDPRESS).body == f"{ARTICLE_PROSE}\n\nThe full report of the builders\n\n{ARTICLE_PROSE}"


def test_a_body_that_is_all_links_is_left_whole():
    html = "<ul><li><a href='/a'>The first story of the week in the district</a></li><li><a href='/b'>The second story of the week</a></li></ul>"
    assert clean_body(None, html, WORDPRESS).body == "The first story of the week in the district\n\nThe second story of the week"
