"""Score sinmun's body extraction on the Scrapinghub article-extraction benchmark, the benchmark's own way.

Run from the repo root:
    .venv/bin/python benchmarks/score_extraction.py [--data DIR] [--alternatives] [--limit N] [--worst K]

`sinmun` is the product's real path: `locate_article(html, url, source="file")` followed by
`clean_article`, exactly what the files spider and the BoilerplatePipeline do (both hand the
located title to `clean_body`, so a repeated headline is dropped). `--alternatives` also scores trafilatura and readability-lxml as installed. The benchmark's pages are read from
`../shared/benchmarks/article-extraction/` (see its README) and never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.locate import locate_article  # noqa: E402
from pipelines.boilerplate import clean_article  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4

Extractor = Callable[[str, str], str]


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    accuracy: float
    seconds_per_page: float


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1))


def page_counts(predicted: str, truth: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page's shingles, divided by their sum so each page weighs the same."""
    predicted_shingles, truth_shingles = shingles(tokens(predicted)), shingles(tokens(truth))
    tp = sum((predicted_shingles & truth_shingles).values())
    fp = sum((predicted_shingles - truth_shingles).values())
    fn = sum((truth_shingles - predicted_shingles).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(predictions: dict[str, str], truths: dict[str, str], seconds: float) -> Score:
    """Mean per-page precision over pages with predicted shingles, recall over pages with true ones."""
    precisions, recalls, exact = [], [], 0
    for page_id, truth in truths.items():
        predicted = predictions.get(page_id) or ""
        tp, fp, fn = page_counts(predicted, truth)
        if shingles(tokens(predicted)):
            precisions.append(tp / (tp + fp) if tp + fp else 1.0)
        if shingles(tokens(truth)):
            recalls.append(tp / (tp + fn) if tp + fn else 1.0)
        exact += tokens(predicted) == tokens(truth)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, exact / len(truths), seconds / len(truths))


def sinmun_body(html: str, url: str) -> str:
    """The product path: locate with the detected profile, then the pipeline's cleaning."""
    return clean_article(locate_article(html, url, source="file")).body or ""


def trafilatura_body(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def readability_body(html: str, url: str) -> str:
    from readability import Document

    from pipelines.text import html_to_text

    return html_to_text(Document(html, url=url).summary(html_partial=True))


EXTRACTORS: dict[str, Extractor] = {
    "sinmun": sinmun_body,
    "trafilatura": trafilatura_body,
    "readability-lxml": readability_body,
}


def load_pages(data: Path, limit: int | None) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """({id: (html, url)}, {id: expected body}) from the benchmark folder."""
    truth_file = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth_file)[:limit] if limit else sorted(truth_file)
    pages = {
        page_id: (gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace"), truth_file[page_id]["url"])
        for page_id in ids
    }
    return pages, {page_id: truth_file[page_id]["articleBody"] or "" for page_id in ids}


def run(extractor: Extractor, pages: dict[str, tuple[str, str]]) -> tuple[dict[str, str], float]:
    predictions: dict[str, str] = {}
    started = time.perf_counter()
    for page_id, (html, url) in pages.items():
        predictions[page_id] = extractor(html, url)
    return predictions, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the benchmark folder (ground-truth.json, html/)")
    parser.add_argument("--alternatives", action="store_true", help="also score trafilatura and readability-lxml")
    parser.add_argument("--limit", type=int, help="score only the first N pages (quick checks)")
    parser.add_argument("--worst", type=int, default=0, help="list sinmun's K lowest-F1 pages")
    args = parser.parse_args()
    pages, truths = load_pages(args.data, args.limit)
    names = list(EXTRACTORS) if args.alternatives else ["sinmun"]
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<18} {'F1':>6} {'prec.':>6} {'recall':>6} {'acc.':>6} {'ms/page':>8}")
    for name in names:
        predictions, seconds = run(EXTRACTORS[name], pages)
        result = score(predictions, truths, seconds)
        print(
            f"{name:<18} {result.f1:6.3f} {result.precision:6.3f} {result.recall:6.3f} "
            f"{result.accuracy:6.3f} {result.seconds_per_page * 1000:8.1f}"
        )
        if name == "sinmun" and args.worst:
            worst = sorted(truths, key=lambda page_id: _page_f1(predictions[page_id], truths[page_id]))[: args.worst]
            for page_id in worst:
                print(f"  {_page_f1(predictions[page_id], truths[page_id]):.3f} {page_id[:12]} {pages[page_id][1]}")


def _page_f1(predicted: str, truth: str) -> float:
    tp, fp, fn = page_counts(predicted, truth)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


if __name__ == "__main__":
    main()
