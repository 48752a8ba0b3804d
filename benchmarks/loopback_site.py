"""A generated WordPress-style site of many thousand articles, served by nginx on loopback, for the crawl benchmarks.

The pages are the demo's (demo/templates/, both themes: self-hosted core and WordPress.com), for
articles made from the demo's own: article number i is the demo article i mod 32 under its own slug
and date, with one line of its own so no two bodies are equal. The demo's articles are short (55 to
140 words); news articles are longer, so three in four also carry the paragraphs of the next two
demo articles (200 to 400 words), and one in four keeps the demo's length: both of the WordPress
family's paths are taken, the container alone and the container checked by the extractor.
The files are written once into a cache folder (`SINMUN_BENCH_CACHE`, default a folder in the
system's temp directory) and reused:

    v2-posts-<P>/                 P post pages, /YYYY/MM/DD/slug-i/index.html, newest first
    v2-posts-<P>/listing-<N>/     the home listing of the newest N of them, /page/K/ (100 a page)

`serve(posts)` starts nginx (Debian's, `/usr/sbin/nginx`) on a free 127.0.0.1 port with the config
in benchmarks/site/nginx.conf, yields the site's URL, and stops it again.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo.build import Listing, _core_single, _wpcom_single, listing_pages  # noqa: E402
from demo.content import ARTICLES, DemoArticle  # noqa: E402
from demo.site import SITE_NAME, Site  # noqa: E402

HERE = Path(__file__).resolve().parent
NGINX_TEMPLATE = HERE / "site" / "nginx.conf"
NGINX = os.environ.get("SINMUN_BENCH_NGINX", "/usr/sbin/nginx")
CACHE = Path(os.environ.get("SINMUN_BENCH_CACHE") or Path(tempfile.gettempdir()) / "sinmun-bench-site")
#: Posts a listing page shows (WordPress's "Blog pages show at most", set high as archive sites do).
PER_PAGE = 100
FIRST_POST = datetime.fromisoformat("2019-01-01T08:00:00+09:00")
#: One post every 53 minutes: 50,000 posts span five years, 10,000 one.
POST_INTERVAL = timedelta(minutes=53)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
#: Written last into a complete pool or listing, so an interrupted generation is redone, not reused.
_COMPLETE = ".complete"
#: In the pool folders' names: a change to what the pages hold makes a new pool, never reuses an old one.
_POOL_PREFIX = "v2-posts-"


class LargeSite(Site):
    """The demo's `Site` with what every page asks of it computed once, not once a page (its sidebar,
    its neighbours): the demo's 34 posts never needed that, 50,000 do."""

    @cached_property
    def chronological(self) -> tuple:  # type: ignore[override]
        return tuple(reversed(self.posts))

    @cached_property
    def _months(self) -> list[tuple[int, int]]:
        return Site.months(self)

    @cached_property
    def _category_counts(self) -> dict[str, int]:
        return Site.category_counts(self)

    def months(self) -> list[tuple[int, int]]:
        return self._months

    def category_counts(self) -> dict[str, int]:
        return self._category_counts


def benchmark_articles(count: int) -> list[DemoArticle]:
    """`count` distinct articles built from the demo's exportable ones, oldest first."""
    models = [article for article in ARTICLES if not article.expect_rejected]
    articles = []
    for number in range(count):
        model = models[number % len(models)]
        more = () if number % 4 == 0 else tuple(block for step in (1, 2) for block in models[(number + step) % len(models)].paragraphs[1:])
        published = FIRST_POST + number * POST_INTERVAL
        articles.append(
            replace(
                model,
                slug=f"{model.slug}-{number}",
                title=f"{model.title} ({number})",
                published=published.isoformat(),
                modified=None,
                paragraphs=(*model.paragraphs, *more, f"Archive item {number} of the {SITE_NAME} benchmark collection."),
            )
        )
    return articles


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _pool(posts: int) -> Path:
    """The smallest complete pool of at least `posts` posts, generated when there is none."""
    pools = sorted(
        (int(size), folder)
        for folder in CACHE.glob(f"{_POOL_PREFIX}*")
        if (size := folder.name.removeprefix(_POOL_PREFIX)).isdigit() and (folder / _COMPLETE).exists()
    )
    for size, folder in pools:
        if size >= posts:
            return folder
    folder = CACHE / f"{_POOL_PREFIX}{posts}"
    shutil.rmtree(folder, ignore_errors=True)
    site = LargeSite.from_articles(benchmark_articles(posts))
    started = time.monotonic()
    print(f"Generating {posts} post pages into {folder} (once; reused by later runs)", file=sys.stderr)
    for done, post in enumerate(site.posts, start=1):
        render = _wpcom_single if post.article.theme == "wpcom" else _core_single
        _write(folder / post.path.strip("/") / "index.html", render(site, post))
        if done % 5000 == 0:
            print(f"  {done} pages, {time.monotonic() - started:.0f} s", file=sys.stderr)
    (folder / _COMPLETE).touch()
    return folder


def generate(articles: int, pool: int | None = None) -> tuple[Path, Path]:
    """(posts folder, listing folder) of a site whose home listing links the newest `articles` posts
    of a pool of at least `pool` (default: `articles`) posts."""
    posts = _pool(max(articles, pool or 0))
    listing = posts / f"listing-{articles}"
    if not (listing / _COMPLETE).exists():
        shutil.rmtree(listing, ignore_errors=True)
        site = LargeSite.from_articles(benchmark_articles(int(posts.name.removeprefix(_POOL_PREFIX))))
        home = Listing("/", site.posts[:articles], SITE_NAME, "", "", "home blog", numbered=True)
        for url, text in listing_pages(site, home, PER_PAGE):
            _write(listing / url.strip("/") / "index.html", text)
        _write(listing / "robots.txt", "User-agent: *\nDisallow: /wp-admin/\n")
        (listing / _COMPLETE).touch()
    return posts, listing


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, log: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}: {log.read_text(errors='replace')[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s")


@contextmanager
def serve(articles: int, pool: int | None = None) -> Iterator[str]:
    """The site's URL while nginx serves it (its own master process, stopped on the way out); see `generate`."""
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} not found: install Debian's nginx (bash .ci/wordpress.sh does) or set SINMUN_BENCH_NGINX")
    posts, listing = generate(articles, pool)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="sinmun-bench-nginx-") as work:
        os.chmod(work, 0o755)
        config = _PLACEHOLDER.sub(
            lambda match: {"work": work, "port": str(port), "listing": str(listing), "posts": str(posts)}[match.group(1)],
            NGINX_TEMPLATE.read_text(encoding="utf-8"),
        )
        (Path(work) / "nginx.conf").write_text(config, encoding="utf-8")
        log = Path(work) / "error.log"
        process = subprocess.Popen([NGINX, "-p", work, "-e", str(log), "-c", str(Path(work) / "nginx.conf")], stdin=subprocess.DEVNULL)
        try:
            _wait_for(port, process, log)
            yield f"http://127.0.0.1:{port}/"
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT)  # graceful: the master waits for its worker
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Generate the benchmark site (if needed) and serve it until Ctrl-C.")
    parser.add_argument("--articles", type=int, default=5000)
    with serve(parser.parse_args().articles) as url:
        print(url, flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
