"""Saved pages in any encoding come out right; broken links, unreadable and oversized files are counted, never lost silently."""

from __future__ import annotations

import pytest

from crawler.decoding import UndecodableError, decode_html, decode_text
from tests.conftest import run_crawl

FRENCH = "Café au lait à Pyongyang\n\nLe journal a publié un article sur la coopération déjà annoncée."
KOREAN = "경애하는 김정은동지께서 평양종합병원을 현지지도하시였다\n\n조선중앙통신 보도에 의하면 병원은 현대적으로 꾸려졌다. 인민들의 건강을 위한 병원이다."
QUOTES = "A \u201cquoted\u201d title \u2013 with a dash\n\nThe café\u2019s owner said it was the best year yet."
#: Text dumps as browsers and editors save them: (file name, encoding, text); each text its own
#: article (the file name ends it), so that none is a duplicate of another.
_SAVED = [
    ("utf8.txt", "utf-8", FRENCH),
    ("utf8-bom.txt", "utf-8-sig", FRENCH),
    ("utf16-bom.txt", "utf-16", KOREAN),
    ("latin1.txt", "latin-1", FRENCH),
    ("cp1252.txt", "cp1252", QUOTES),
    ("euc-kr.txt", "euc-kr", KOREAN),
]
TEXT_DUMPS = [(name, f"{text} {name}".encode(encoding), f"{text} {name}") for name, encoding, text in _SAVED]


@pytest.mark.parametrize(("name", "raw", "text"), TEXT_DUMPS, ids=[name for name, _, _ in TEXT_DUMPS])
def test_text_dumps_are_decoded_in_their_encoding(name, raw, text):
    assert decode_text(raw) == text


def test_nul_bytes_without_a_byte_order_mark_are_binary():
    with pytest.raises(UndecodableError) as error:
        decode_text(b"GIF89a\x01\x00\x01\x00\x00\xff")
    assert error.value.reason == "binary"


def test_utf16_that_its_byte_order_mark_does_not_fit_is_undecodable():
    with pytest.raises(UndecodableError) as error:
        decode_text("\ufeffok".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    assert error.value.reason == "undecodable"


def test_html_meta_charset_decides_when_there_is_no_header():
    page = f"<html><head><meta charset='euc-kr'><title>t</title></head><body><p>{KOREAN}</p></body></html>"
    assert KOREAN in decode_html(page.encode("euc-kr"))


def test_html_http_header_charset_wins_over_meta():
    page = f"<html><head><meta charset='utf-8'></head><body><p>{FRENCH}</p></body></html>"
    assert FRENCH in decode_html(page.encode("cp1252"), "text/html; charset=windows-1252")


def test_html_byte_order_mark_wins_over_everything():
    page = f"<html><head><meta charset='iso-8859-1'></head><body><p>{KOREAN}</p></body></html>"
    assert KOREAN in decode_html(page.encode("utf-16"), "text/html; charset=iso-8859-1")


def test_undeclared_html_is_detected():
    assert FRENCH in decode_html(f"<html><body><p>{FRENCH}</p></body></html>".encode("cp1252"))
    assert KOREAN in decode_html(f"<html><body><p>{KOREAN}</p></body></html>".encode("euc-kr"))


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("saved")
    for name, raw, _ in TEXT_DUMPS:
        (folder / name).write_bytes(raw)
    (folder / "gone.html").symlink_to(folder / "deleted.html")
    (folder / "io-error.html").symlink_to("/proc/self/mem")  # exists, but reading it fails, even as root
    (folder / "big.txt").write_bytes(b"Big title\n\n" + b"word " * 400)
    return folder


@pytest.fixture(scope="module")
def crawl(saved, tmp_path_factory):
    out = tmp_path_factory.mktemp("saved-out") / "saved.parquet"
    return run_crawl("files", out, "-a", f"path={saved}", settings={"SINMUN_MAX_FILE_SIZE": "1000"})


def test_every_encoding_gives_its_article_with_the_right_text(crawl):
    assert crawl.returncode == 0, crawl.log
    rows = {row["fetched_url"].rsplit("/", 1)[-1]: row for row in crawl.rows}
    for name, _, text in TEXT_DUMPS:
        title, body = text.split("\n\n", 1)
        assert (rows[name]["title"], rows[name]["body"]) == (title, body), name


def test_broken_links_unreadable_and_oversized_files_are_counted_and_logged(crawl):
    assert crawl.summary["files_skipped_by_reason"] == {"broken-link": 1, "unreadable": 1, "too-large": 1}
    assert "gone.html: broken-link" in crawl.log
    assert "io-error.html: unreadable" in crawl.log
    assert "big.txt: too-large (2,011 bytes, over SINMUN_MAX_FILE_SIZE (1,000))" in crawl.log
