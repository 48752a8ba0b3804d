"""The demo site's HTML pages: every page kind renders from its template, and the server serves them as built."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from demo.build import build_site, render_site
from demo.serve import serve_directory
from demo.site import Site
from demo.templating import TEMPLATES, render
from tests.conftest import REPO, fetch

SITE = Site.from_articles()
CORE = next(post for post in SITE.posts if post.article.theme == "core" and post.comments)
WPCOM = next(post for post in SITE.posts if post.article.theme == "wpcom" and post.article.ads)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return render_site()


def page(files: dict[str, str], path: str) -> str:
    return files[(path.strip("/") + "/index.html").lstrip("/")]


#: page kind -> (a path of that kind, markup only its template writes)
PAGE_KINDS = {
    "home": ("/", '<body class="home blog hfeed">'),
    "home, page 2": ("/page/2/", '<body class="home blog paged paged-2 hfeed">'),
    "category": ("/category/economy/", '<h1 class="page-title">Category: <span>Economy</span></h1>'),
    "tag": ("/tag/kcna/", '<h1 class="page-title">Tag: <span>KCNA</span></h1>'),
    "author": ("/author/kcna-monitor/", '<span class="vcard">KCNA Monitor</span>'),
    "month": ("/2022/01/", '<h1 class="page-title">Month: <span>January 2022</span></h1>'),
    "core post": (CORE.path, '<ol class="comment-list">'),
    "wordpress.com post": (WPCOM.path, 'id="highlander_comment_nonce"'),
    "page": ("/about/", '<body class="page-template-default page page-id-2">'),
}


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_renders_from_its_template(files, kind):
    path, marker = PAGE_KINDS[kind]
    text = page(files, path)
    assert marker in text
    assert text.rstrip().endswith("</html>") and "{{" not in text


def test_wordpress_com_posts_carry_wordads_and_jetpack_inside_the_content(files):
    text = page(files, WPCOM.path)
    content = text[text.index('<div class="entry-content">') : text.index("</div><!-- .entry-content -->")]
    assert 'class="wpcnt"' in content and 'id="jp-post-flair"' in content


def test_the_build_is_deterministic(files):
    assert render_site() == files


def test_build_site_writes_a_static_site_any_server_can_serve(tmp_path, files):
    build_site(tmp_path)
    with serve_directory(tmp_path) as url:
        assert fetch(f"{url}2022/01/20/precious-guideline/").text == page(files, "/2022/01/20/precious-guideline/")


def test_the_server_serves_the_built_pages_byte_for_byte(demo_site, files):
    for relative, text in files.items():
        if relative.endswith("index.html"):
            path = "/" + relative.removesuffix("index.html")
            reply = fetch(demo_site.rstrip("/") + path)
            assert (reply.status, reply.headers["Content-Type"], reply.body) == (200, "text/html; charset=UTF-8", text.encode()), path


def test_a_post_page_announces_its_rest_route_and_shortlink(demo_site):
    links = fetch(f"{demo_site}{CORE.path.lstrip('/')}").headers.get_all("Link")
    assert links == [
        f'<{demo_site}wp-json/>; rel="https://api.w.org/"',
        f'<{demo_site}wp-json/wp/v2/posts/{CORE.id}>; rel="alternate"; type="application/json"',
        f"<{demo_site}?p={CORE.id}>; rel=shortlink",
    ]


def test_shortlinks_and_paths_without_a_slash_redirect_to_the_permalink(demo_site):
    shortlink = fetch(f"{demo_site}?p={CORE.id}")
    assert (shortlink.status, shortlink.headers["Location"]) == (301, f"{demo_site}{CORE.path.lstrip('/')}")
    about = fetch(f"{demo_site}about")
    assert (about.status, about.headers["Location"]) == (301, f"{demo_site}about/")


def test_an_unknown_path_gets_the_themes_404_page(demo_site):
    reply = fetch(f"{demo_site}no/such/page/")
    assert reply.status == 404 and "Oops! That page can&rsquo;t be found." in reply.text
    assert fetch(f"{demo_site}page/99/").status == 404


def test_a_template_refuses_a_missing_or_an_unused_value():
    with pytest.raises(KeyError, match="no value for text"):
        render("parts/block-p.html", indent="")
    with pytest.raises(KeyError, match="no placeholder for colour"):
        render("parts/block-p.html", indent="", text="x", colour="red")


def test_a_template_files_final_newline_is_not_part_of_it():
    assert (TEMPLATES / "parts/block-p.html").read_text().endswith("</p>\n")
    assert render("parts/block-p.html", indent="\t", text="Text.") == "\t<p>Text.</p>"


def _string_literals(source: Path) -> list[str]:
    """The string literals of a module, docstrings left out."""
    tree = ast.parse(source.read_text())
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree) if isinstance(node, documented) and ast.get_docstring(node) is not None}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_the_demos_python_holds_no_markup():
    element = re.compile(r"<(html|head|body|div|p|a|li|ul|span|article|h[1-6]|script|url|loc|item|entry|channel)[\s>]")
    for source in (REPO / "demo").glob("*.py"):
        if source.name != "content.py":
            assert [text for text in _string_literals(source) if element.search(text)] == [], source.name


def test_serve_command_prints_its_url_and_serves_every_surface(tmp_path):
    server = subprocess.Popen([sys.executable, "-m", "demo.serve", "--port", "0"], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        first_line = server.stdout.readline()
        url = first_line.split(" at ", 1)[1].strip()
        assert url.startswith("http://127.0.0.1:")
        for path in ("", "wp-json/wp/v2/posts", "wp-sitemap.xml", "feed/"):
            assert fetch(url + path).status == 200, path
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
