"""Benchmark (not a test): the files spider's pages per second and peak memory on a big mirror and a 1 GB WARC.

    .venv/bin/python benchmarks/bench_files.py [--articles 3000] [--warc-gb 1.0] [--warc-articles 1000]

Builds, in a temporary folder that is removed afterwards: a wget-style mirror of a demo-like
site with `--articles` posts (with its listing, category, tag, author and month pages: about
5,000 pages for 3,000 posts), and a `.warc.gz` of `--warc-gb` GB holding a crawl of a smaller
such site (every page with its request, a revisit record for every tenth page) among images that
fill the rest. Each is read by a real `scrapy crawl files` subprocess; its peak resident memory
comes from `wait4`, so one run's peak is not another's. The inputs are made in a process of their
own: a child forked from a parent that rendered thousands of pages would start with the
parent's memory in its peak.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from demo.build import render_site  # noqa: E402
from demo.content import ARTICLES  # noqa: E402

HOST = "127.0.0.1:8123"
IMAGE_BYTES = 256 * 1024


def articles(count: int) -> list:
    """`count` distinct posts made from the demo's, one a day, each with a sentence of its own."""
    models = [article for article in ARTICLES if not article.expect_rejected]
    start = datetime(2012, 1, 1, 8, 0)
    made = []
    for number in range(count):
        model = models[number % len(models)]
        day = start + timedelta(days=number)
        made.append(
            replace(
                model,
                slug=f"{model.slug}-{number}",
                title=f"{model.title} ({number})",
                published=f"{day:%Y-%m-%dT%H:%M:%S}+09:00",
                modified=None,
                paragraphs=(*model.paragraphs, f"This is report number {number} of the series."),
            )
        )
    return made


def build_mirror(root: Path, count: int) -> int:
    files = render_site(articles=articles(count))
    for relative, text in files.items():
        target = root / HOST / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sum(1 for relative in files if relative.endswith(".html"))


def build_warc(path: Path, count: int, total_bytes: int) -> dict[str, int]:
    """A crawl of a `count`-post site as a .warc.gz, padded with images to `total_bytes`."""
    pages = [(relative, text) for relative, text in render_site(articles=articles(count)).items() if relative.endswith(".html")]
    written = {"html": 0, "images": 0, "revisits": 0}
    moment = datetime(2024, 6, 1, tzinfo=timezone.utc)
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, (relative, text) in enumerate(pages):
            url = f"http://{HOST}/{relative.removesuffix('index.html')}"
            body = text.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=UTF-8")], protocol="HTTP/1.1")
            stamp = {"WARC-Date": (moment + timedelta(seconds=number)).strftime("%Y-%m-%dT%H:%M:%SZ")}
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict=stamp)
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True)
            )
            writer.write_request_response_pair(request, record)
            written["html"] += 1
            if number % 10 == 0:
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                writer.write_record(writer.create_revisit_record(url, digest, url, stamp["WARC-Date"], http_headers=headers))
                written["revisits"] += 1
            # images between the pages, so that the file grows evenly to its size
            while stream.tell() < total_bytes * (number + 1) / len(pages):
                image_url = f"http://{HOST}/wp-content/uploads/{written['images']}.jpg"
                image_headers = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                image = writer.create_warc_record(image_url, "response", payload=io.BytesIO(os.urandom(IMAGE_BYTES)), http_headers=image_headers)
                writer.write_record(image)
                written["images"] += 1
    return written


def crawl(path: Path, output: Path) -> dict[str, float]:
    """A real `scrapy crawl files` of `path`: its wall time, peak RSS and summary."""
    command = [sys.executable, "-m", "scrapy", "crawl", "files", "-a", f"path={path}", "-O", str(output), "-s", "LOG_LEVEL=WARNING"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    log = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"crawl of {path} failed:\n{log.decode(errors='replace')[-3000:]}")
    summary = json.loads(output.with_name(f"{output.stem}.summary.json").read_text())
    return {"seconds": elapsed, "peak_rss_mb": usage.ru_maxrss / 1024, "summary": summary}


def report(name: str, pages: int, result: dict) -> None:
    summary = result["summary"]
    skipped = sum(summary["files_skipped_by_reason"].values())
    print(
        f"{name}: {pages:,} pages -> {summary['articles']:,} articles, {skipped:,} skipped, {summary['rejected']:,} rejected; "
        f"{result['seconds']:.0f} s, {pages / result['seconds']:.0f} pages/s, peak RSS {result['peak_rss_mb']:.0f} MB"
    )


def in_fresh_process(function, *args):
    """`function(*args)` in a new interpreter, which gives its memory back when it ends."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="posts of the mirrored site (3000: about 5,000 pages)")
    parser.add_argument("--warc-gb", type=float, default=1.0, help="size of the WARC")
    parser.add_argument("--warc-articles", type=int, default=1000, help="posts of the site crawled into the WARC")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sinmun-bench-files-") as folder:
        root = Path(folder)
        pages = in_fresh_process(build_mirror, root / "mirror", args.articles)
        report("mirror", pages, crawl(root / "mirror", root / "mirror.parquet"))
        warc = root / "crawl.warc.gz"
        started = time.perf_counter()
        written = in_fresh_process(build_warc, warc, args.warc_articles, int(args.warc_gb * 1024**3))
        print(
            f"WARC: {warc.stat().st_size / 1024**3:.2f} GB, {written['html']:,} pages, {written['revisits']:,} revisits, "
            f"{written['images']:,} images, made in {time.perf_counter() - started:.0f} s"
        )
        report("warc", written["html"], crawl(warc, root / "warc.parquet"))


if __name__ == "__main__":
    main()
