"""`scrapy crawl files` over the demo site as wget and HTTrack save it: exactly the articles, with their real URLs."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from tests.conftest import run_crawl

#: Where the demo site "was" when it was mirrored.
HOST, PORT = "127.0.0.1", 8123
ORIGIN = f"http://{HOST}:{PORT}"
HTTRACK_DATE = "Sun, 01 Dec 2024 09:30:00 GMT"
_ROOT_RELATIVE = re.compile(r'(href|src)="(/(?!/)[^"]*)"')


def _local_file(url_path: str) -> str:
    """The file HTTrack saves a root-relative URL as: directories get their index.html."""
    path = url_path.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def httrack_page(relative: str, html: str) -> str:
    """`html` as HTTrack saves it: links rewritten to local files, its comments added."""
    here = posixpath.dirname(relative)

    def rewrite(match: re.Match[str]) -> str:
        return f'{match[1]}="{posixpath.relpath(_local_file(match[2]), here or ".")}"'

    url_path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    comment = f"<!-- Mirrored from {HOST}:{PORT}{url_path} by HTTrack Website Copier/3.x [XR&CO'2014], {HTTRACK_DATE} -->"
    added = '<!-- Added by HTTrack --><meta http-equiv="content-type" content="text/html;charset=UTF-8" /><!-- /Added by HTTrack -->'
    html = _ROOT_RELATIVE.sub(rewrite, html)
    html = re.sub(r"(<html[^>]*>)", lambda match: f"{match[1]}\n{comment}\n{added}", html, count=1)
    return html.replace("</html>", f"\n{comment}\n</html>")


def write_tree(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def site_files():
    from demo.build import render_site

    return render_site()


@pytest.fixture(scope="module")
def expected():
    from demo.build import expected_articles

    return {f"{ORIGIN}{article['path']}": article for article in expected_articles()}


@pytest.fixture(scope="module")
def wget_crawl(site_files, tmp_path_factory):
    """`wget -r http://127.0.0.1:8123/`: a `host:port` folder, links left as the site wrote them."""
    root = tmp_path_factory.mktemp("wget-mirror")
    write_tree(root / f"{HOST}:{PORT}", site_files)
    (root / f"{HOST}:{PORT}" / "wp-content" / "uploads").mkdir(parents=True)
    (root / f"{HOST}:{PORT}" / "wp-content" / "uploads" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return run_crawl("files", tmp_path_factory.mktemp("wget-out") / "wget.parquet", "-a", f"path={root}")


@pytest.fixture(scope="module")
def httrack_crawl(site_files, tmp_path_factory):
    """An HTTrack project: `host_port` folder, rewritten links, its comments, logs, cache and index."""
    project = tmp_path_factory.mktemp("httrack-project")
    write_tree(project / f"{HOST}_{PORT}", {path: httrack_page(path, html) if path.endswith(".html") else html for path, html in site_files.items()})
    write_tree(
        project,
        {
            "index.html": "<html><head><title>List of available projects - HTTrack Website Copier</title></head>"
            f'<body><!-- Created by HTTrack Website Copier/3.49-2 [XR&CO\'2014] --><a href="{HOST}_{PORT}/index.html">demo</a></body></html>',
            "hts-log.txt": "HTTrack3.49-2 launched on Sun, 01 Dec 2024 09:29:58 at http://127.0.0.1:8123/\n",
            "hts-cache/new.txt": "date\tsize'/'remotesize\tflags(request:Update,Range state:File response:Modified,Chunked,gZipped)\n",
            "hts-cache/doit.log": "-qwC2%Pns2u1%s%uN0%I0p3DaK0H0%kf2A25000%f#f -F ...\n",
        },
    )
    (project / "backblue.gif").write_bytes(b"GIF89a")
    return run_crawl("files", tmp_path_factory.mktemp("httrack-out") / "httrack.parquet", "-a", f"path={project}")


@pytest.fixture(scope="module", params=["wget", "httrack"])
def mirror_crawl(request):
    return request.getfixturevalue(f"{request.param}_crawl")


def test_a_mirror_gives_exactly_the_articles_at_their_real_urls(mirror_crawl, expected):
    assert mirror_crawl.returncode == 0, mirror_crawl.log
    assert sorted(row["url"] for row in mirror_crawl.rows) == sorted(expected)


def test_mirrored_articles_carry_their_site_and_the_file_they_came_from(mirror_crawl):
    for row in mirror_crawl.rows:
        assert row["site"] == HOST
        assert row["fetched_url"].startswith("file://") and row["fetched_url"].endswith("/index.html")
        assert row["source"] == "file"


def test_mirrored_articles_have_their_fields_and_clean_bodies(mirror_crawl, expected):
    rows = {row["url"]: row for row in mirror_crawl.rows}
    for url, article in expected.items():
        assert rows[url]["title"] == article["title"], url
        assert rows[url]["categories"] == article["categories"], url
        assert rows[url]["body"].split("\n\n") == article["paragraphs"], url


def test_listings_archives_and_pages_are_skipped_by_kind_not_written(wget_crawl, site_files):
    skipped = wget_crawl.summary["files_skipped_by_reason"]
    assert skipped["listing"] == sum(1 for path in site_files if re.fullmatch(r"(page/\d+/)?index.html", path))
    assert skipped["category-archive"] == sum(1 for path in site_files if path.startswith("category/"))
    assert skipped["tag-archive"] == sum(1 for path in site_files if path.startswith("tag/"))
    assert skipped["author-archive"] == sum(1 for path in site_files if path.startswith("author/"))
    assert skipped["date-archive"] == sum(1 for path in site_files if re.fullmatch(r"\d{4}/\d{2}/(page/\d+/)?index.html", path))
    assert skipped["page"] == 1  # About
    assert skipped["site-file"] == 1  # robots.txt
    assert skipped["unsupported-type"] == 1  # the logo


def test_the_two_pages_without_article_text_are_rejected_with_reasons(mirror_crawl):
    reasons = sorted((record["reason"], record["url"].rstrip("/").rsplit("/", 1)[-1]) for record in mirror_crawl.rejects)
    assert reasons == [("missing-body", "all-boilerplate"), ("missing-body", "empty-entry")]


def test_httrack_files_are_skipped_and_its_date_is_the_capture_time(httrack_crawl):
    assert httrack_crawl.summary["files_skipped_by_reason"]["mirror-tool-file"] == 5
    assert {row["fetched_at"].isoformat() for row in httrack_crawl.rows} == {"2024-12-01T09:30:00+00:00"}


def test_include_pages_keeps_the_about_page(site_files, tmp_path):
    write_tree(tmp_path / "site" / f"{HOST}:{PORT}", {"about/index.html": site_files["about/index.html"]})
    result = run_crawl("files", tmp_path / "about.parquet", "-a", f"path={tmp_path / 'site'}", "-a", "include=pages")
    assert [row["url"] for row in result.rows] == [f"{ORIGIN}/about/"]


def test_base_url_places_a_folder_of_saved_pages_and_fixes_the_scheme(site_files, expected, tmp_path):
    """Saved without a host folder: root-relative canonical links need the site's address."""
    article = next(iter(expected.values()))
    relative = article["path"].strip("/") + "/index.html"
    write_tree(tmp_path / "saved", {relative: site_files[relative]})
    result = run_crawl("files", tmp_path / "out.parquet", "-a", f"path={tmp_path / 'saved'}", "-a", "base_url=https://example.org")
    [row] = result.rows
    assert (row["url"], row["site"]) == (f"https://example.org{article['path']}", "example.org")


def test_without_any_trace_the_url_stays_a_file_url_and_site_is_null(site_files, expected, tmp_path):
    article = next(iter(expected.values()))
    relative = article["path"].strip("/") + "/index.html"
    write_tree(tmp_path / "saved", {relative: site_files[relative]})
    [row] = run_crawl("files", tmp_path / "out.parquet", "-a", f"path={tmp_path / 'saved'}").rows
    assert row["url"].startswith("file://") and row["site"] is None


def test_base_url_must_be_a_site_address(tmp_path):
    result = run_crawl("files", tmp_path / "x.parquet", "-a", f"path={tmp_path}", "-a", "base_url=example")
    assert result.returncode != 0
    assert "base_url" in result.log and "e.g. https://example.org/" in result.log



@pytest.mark.parametrize(
    ("saved_as", "url"),
    [
        ("example.org/2019/02/10/slug/index.html", "http://example.org/2019/02/10/slug/"),
        ("https/example.org/2019/02/10/slug/index.html", "https://example.org/2019/02/10/slug/"),  # --protocol-directories
        ("example.org+8080/about.html", "http://example.org:8080/about.html"),  # --restrict-file-names=windows
        ("127.0.0.1:8123/index.html?p=112", "http://127.0.0.1:8123/index.html?p=112"),
    ],
)
def test_wget_folders_name_the_page_url(tmp_path, saved_as, url):
    from crawler.mirrors import mirror_trace

    assert mirror_trace(tmp_path / saved_as, tmp_path, "<html></html>", None).page_url == url


def test_a_canonical_that_wget_converted_to_a_local_file_names_the_page(tmp_path):
    from parsel import Selector

    from crawler.mirrors import mirror_trace, original_url

    page = tmp_path / "example.org" / "2019" / "slug" / "index.html"
    html = '<html><head><link rel="canonical" href="index.html"></head></html>'
    trace = mirror_trace(page, tmp_path, html, None)
    assert original_url(Selector(text=html), trace, page.as_uri(), None) == "http://example.org/2019/slug/"
