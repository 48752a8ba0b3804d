"""Benchmark (not a test): extraction time per page, offline on one core, sinmun against its peers.

    .venv/bin/python benchmarks/bench_extract.py [--quick] [--repeat 3] [--cpu N]

On the pages of both development sets in ../shared/benchmarks/ (read from there, never copied:
the Scrapinghub set's 181 pages and the snippet set's 990), each page goes through, in turn:

* `sinmun`: the whole path of a crawled page: `locate_article`, then the boilerplate and dates
  stages as a crawl runs them (`pipelines.stages`);
* `trafilatura`: `trafilatura.extract(html, url=url)`, its defaults;
* `readability`: readability-lxml's `Document(html).summary()`, as text (the `bench` extra);
* `lxml parse`: parsing the page alone (`crawler.text.parse_document`), the floor under all three.

Each page's time is the median of `--repeat` rounds; the figures are mean milliseconds per page,
for the pages sinmun located with a known family (WordPress, WordPress.com, ...), split into those
read from the family's container alone (`container`) and those whose container was missing or
short, so the extractor ran (`extractor`), and for the generic ones. The process is pinned to one
processor (`--cpu`, default the last). Targets: sinmun at least 3x faster than trafilatura on
known-family pages whose container is reliable, no slower on generic ones. `--quick` is the first
40 pages of each set, one round.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapy import Spider  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402
from w3lib.encoding import html_to_unicode  # noqa: E402

from benchmarks.bench_crawl import machine  # noqa: E402
from crawler import locate  # noqa: E402
from pipelines.rejects import Rejected  # noqa: E402
from pipelines.stages import BoilerplatePipeline, DatesPipeline  # noqa: E402
from crawler.text import html_to_text, parse_document  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
#: ../shared beside the checkout, or one level further up from a worktree.
SHARED = next((path for path in (REPO.parent / "shared", REPO.parent.parent / "shared") if path.is_dir()), REPO.parent / "shared")
GENERIC = "generic"


@dataclass
class Page:
    name: str
    html: str
    url: str


def development_pages(limit: int | None) -> Iterator[Page]:
    """Both development sets' pages, decoded as their READMEs say."""
    scrapinghub = SHARED / "benchmarks" / "article-extraction"
    truth = json.loads((scrapinghub / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((scrapinghub / "html" / f"{page_id}.html.gz").read_bytes())
        yield Page(f"scrapinghub/{page_id}", raw.decode("utf-8", "replace"), truth[page_id]["url"])
    snippets = SHARED / "benchmarks" / "trafilatura-eval"
    truth = json.loads((snippets / "truth.json").read_text(encoding="utf-8"))
    for name in sorted(truth)[:limit]:
        _, html = html_to_unicode(None, gzip.decompress((snippets / "html" / f"{name}.gz").read_bytes()))
        yield Page(f"snippets/{name}", html, truth[name]["url"])


class SinmunPath:
    """locate, then the boilerplate and dates stages with a crawler's settings and stats.

    `extracted` says whether the last page went to the main-content extractor (its family's
    container was missing or too short) or was read from the container alone."""

    def __init__(self) -> None:
        self.extracted = False
        self._precision_pass = locate.precision_pass  # every extraction begins with it
        locate.precision_pass = self._counted_precision_pass
        crawler = get_crawler(Spider)
        crawler.spider = Spider(name="bench")
        crawler.stats.open_spider()
        self.stages = [BoilerplatePipeline(), DatesPipeline.from_crawler(crawler)]

    def _counted_precision_pass(self, page: Any, url: str) -> locate.Extraction | None:
        self.extracted = True
        return self._precision_pass(page, url)

    def __call__(self, html: str, url: str) -> Any:
        self.extracted = False
        item = locate.locate_article(html, url, source="file")
        try:
            for stage in self.stages:
                item = stage.process_item(item)
        except Rejected:
            pass
        return item


def trafilatura_extract(html: str, url: str) -> Any:
    import trafilatura

    return trafilatura.extract(html, url=url)


def readability_text(html: str, url: str) -> Any:
    from readability import Document

    return html_to_text(Document(html, url=url).summary(html_partial=True))


def lxml_parse(html: str, url: str) -> Any:
    return parse_document(html)


def extractors() -> dict[str, Callable[[str, str], Any]]:
    found: dict[str, Callable[[str, str], Any]] = {"sinmun": SinmunPath(), "trafilatura": trafilatura_extract}
    try:
        import readability  # noqa: F401
    except ImportError:
        print("(readability-lxml not installed: pip install -e '.[bench]'; skipped)")
    else:
        found["readability"] = readability_text
    found["lxml parse"] = lxml_parse
    return found


def pin(cpu: int | None) -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cpu = max(os.sched_getaffinity(0)) if cpu is None else cpu
    os.sched_setaffinity(0, {cpu})
    return f"pinned to processor {cpu}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first 40 pages of each set, one round")
    parser.add_argument("--repeat", type=int, help="rounds; each page's time is the median (default 3)")
    parser.add_argument("--limit", type=int, help="the first N pages of each set")
    parser.add_argument("--cpu", type=int, help="the processor to run on (default: the last one)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the dates stage logs what it cannot read: not this benchmark's business
    rounds = args.repeat or (1 if args.quick else 3)
    pages = list(development_pages(args.limit or (40 if args.quick else None)))
    print(f"{len(pages)} pages, {rounds} round(s), {pin(args.cpu)}; {machine()}")
    runners = extractors()
    for runner in runners.values():  # imports and first-call caches stay out of the figures
        runner(pages[0].html, pages[0].url)
    seconds: dict[str, list[list[float]]] = {name: [[] for _ in pages] for name in runners}
    failures = dict.fromkeys(runners, 0)
    families: list[str] = []
    by_container: list[bool] = []
    for number in range(rounds):
        for index, page in enumerate(pages):
            for name, runner in runners.items():
                started = time.perf_counter()
                try:
                    result = runner(page.html, page.url)
                except Exception:  # a peer that crashes on a page: its time still counts
                    result, failures[name] = None, failures[name] + 1
                seconds[name][index].append(time.perf_counter() - started)
                if number == 0 and name == "sinmun":
                    families.append(getattr(result, "site_family", None) or GENERIC)
                    by_container.append(not runner.extracted)  # type: ignore[attr-defined]
    known = [i for i, family in enumerate(families) if family != GENERIC]
    groups = {
        "known family": known,
        "  container": [i for i in known if by_container[i]],
        "  extractor": [i for i in known if not by_container[i]],
        "generic": [i for i, family in enumerate(families) if family == GENERIC],
    }
    counts = ", ".join(f"{family} {families.count(family)}" for family in sorted(set(families)))
    print(f"families as sinmun located them: {counts}")
    print(f"{'ms/page':<18}" + "".join(f"{name:>13}" for name in runners) + f"{'trafilatura/sinmun':>20}")
    for group, indexes in groups.items():
        if not indexes:
            continue
        means = {name: 1000 * statistics.fmean(statistics.median(seconds[name][i]) for i in indexes) for name in runners}
        print(f"{group + f' ({len(indexes)})':<18}" + "".join(f"{means[name]:13.2f}" for name in runners) + f"{means['trafilatura'] / means['sinmun']:19.2f}x")
    if any(failures.values()):
        print("failed pages: " + ", ".join(f"{name} {count}" for name, count in failures.items() if count))


if __name__ == "__main__":
    main()
