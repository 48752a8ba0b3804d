"""Score sinmun's body extraction on both development sets, beside its peers measured in the same run.

Run from the repo root:
    .venv/bin/python benchmarks/score_extraction.py [--set scrapinghub|snippets|all] [--peers]
        [--limit N] [--worst K] [--save DIR]

`sinmun` is the product's real path: `locate_article(html, url, source="file")` then `clean_article`,
what the files spider and the BoilerplatePipeline do. `--peers` also runs trafilatura (defaults, and
with comments off), readability-lxml and resiliparse (when installed) on the same pages, timed the
same way. The pages are read from `../shared/benchmarks/` (see the README files there) and never
copied into the repository:

* `scrapinghub`: 181 pages with whole expected bodies, scored by 4-token shingles (the
  article-extraction-benchmark's method: mean per-page precision and recall, F1 of the means).
* `snippets`: 990 pages with snippets that must (`with`) and must not (`without`) appear in the
  body, scored by substring presence summed over pages (trafilatura's evaluation method).

Neither set is what the project is judged on: they are for development, so read a page's failure
as a cause to fix in how a body is chosen, not as a rule to add.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from w3lib.encoding import html_to_unicode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.locate import locate_article  # noqa: E402
from pipelines.boilerplate import clean_article  # noqa: E402
from crawler.text import html_to_text  # noqa: E402

_REPO = Path(__file__).resolve().parents[1]
#: `../shared` beside the checkout (CI, the main checkout); a worktree one level deeper finds it further up.
SHARED = next(
    (path for path in (_REPO.parent / "shared" / "benchmarks", _REPO.parent.parent / "shared" / "benchmarks") if path.is_dir()),
    _REPO.parent / "shared" / "benchmarks",
)
_TOKEN = re.compile(r"\w+")
_SHINGLE = 4

#: (html, url) -> (body text, family name or "")
Extractor = Callable[[str, str], tuple[str, str]]


@dataclass
class Page:
    page_id: str
    html: str
    url: str


# --------------------------------------------------------------------------- extractors


def sinmun_body(html: str, url: str) -> tuple[str, str]:
    """The product path: locate with the detected family, then the pipeline's cleaning."""
    article = clean_article(locate_article(html, url, source="file"))
    return article.body or "", article.site_family or ""


def trafilatura_body(html: str, url: str) -> tuple[str, str]:
    import trafilatura

    return trafilatura.extract(html, url=url) or "", ""


def trafilatura_no_comments_body(html: str, url: str) -> tuple[str, str]:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or "", ""


def readability_body(html: str, url: str) -> tuple[str, str]:
    from readability import Document

    return html_to_text(Document(html, url=url).summary(html_partial=True)), ""


def resiliparse_body(html: str, url: str) -> tuple[str, str]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return extract_plain_text(HTMLTree.parse(html), main_content=True, alt_texts=False, links=False), ""


PEERS: dict[str, Extractor] = {
    "trafilatura": trafilatura_body,
    "trafilatura -comments": trafilatura_no_comments_body,
    "readability-lxml": readability_body,
    "resiliparse": resiliparse_body,
}


def available_peers() -> dict[str, Extractor]:
    """The peers whose library is installed (they are benchmark-only, not sinmun's dependencies)."""
    found: dict[str, Extractor] = {}
    for name, extractor in PEERS.items():
        try:
            extractor("<html><body><p>probe</p></body></html>", "http://127.0.0.1/")
        except ImportError:
            print(f"({name} not installed: skipped)")
            continue
        found[name] = extractor
    return found


# --------------------------------------------------------------------------- the two sets


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1))


def shingle_counts(predicted: str, truth: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page's shingles, divided by their sum so each page weighs the same."""
    predicted_shingles, truth_shingles = shingles(tokens(predicted)), shingles(tokens(truth))
    tp = sum((predicted_shingles & truth_shingles).values())
    fp = sum((predicted_shingles - truth_shingles).values())
    fn = sum((truth_shingles - predicted_shingles).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


@dataclass
class Result:
    precision: float
    recall: float
    f1: float
    extra: str = ""
    per_page: dict[str, float] = field(default_factory=dict)


class ScrapinghubSet:
    """181 pages with whole expected bodies."""

    name = "scrapinghub"
    folder = SHARED / "article-extraction"

    def pages(self, limit: int | None) -> Iterator[Page]:
        self.truth = json.loads((self.folder / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id in sorted(self.truth)[:limit]:
            raw = gzip.decompress((self.folder / "html" / f"{page_id}.html.gz").read_bytes())
            yield Page(page_id, raw.decode("utf-8", "replace"), self.truth[page_id]["url"])

    def score(self, predictions: dict[str, str]) -> Result:
        """Mean per-page precision over pages with predicted shingles, recall over pages with true ones."""
        precisions, recalls, exact, per_page = [], [], 0, {}
        for page_id in predictions:
            truth, predicted = self.truth[page_id]["articleBody"] or "", predictions[page_id]
            tp, fp, fn = shingle_counts(predicted, truth)
            if shingles(tokens(predicted)):
                precisions.append(tp / (tp + fp) if tp + fp else 1.0)
            if shingles(tokens(truth)):
                recalls.append(tp / (tp + fn) if tp + fn else 1.0)
            exact += tokens(predicted) == tokens(truth)
            per_page[page_id] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        precision = sum(precisions) / len(precisions) if precisions else 0.0
        recall = sum(recalls) / len(recalls) if recalls else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return Result(precision, recall, f1, f"exact {exact / max(len(predictions), 1):.1%}", per_page)


class SnippetSet:
    """990 pages with snippets that must and must not appear."""

    name = "snippets"
    folder = SHARED / "trafilatura-eval"

    def pages(self, limit: int | None) -> Iterator[Page]:
        self.truth = json.loads((self.folder / "truth.json").read_text(encoding="utf-8"))
        for page_id in sorted(self.truth)[:limit]:
            raw = gzip.decompress((self.folder / "html" / f"{page_id}.gz").read_bytes())
            _, html = html_to_unicode(None, raw)  # the declared charset, else UTF-8, as a browser reads it
            yield Page(page_id, html, self.truth[page_id]["url"])

    def score(self, predictions: dict[str, str]) -> Result:
        tp = fp = fn = tn = 0
        per_page: dict[str, float] = {}
        for page_id, predicted in predictions.items():
            text = " ".join(predicted.split())
            wanted = [" ".join(s.split()) for s in self.truth[page_id]["with"]]
            unwanted = [" ".join(s.split()) for s in self.truth[page_id]["without"]]
            page_tp = sum(snippet in text for snippet in wanted)
            page_fp = sum(snippet in text for snippet in unwanted) if text else 0
            tp, fn = tp + page_tp, fn + len(wanted) - page_tp
            fp, tn = fp + page_fp, tn + len(unwanted) - page_fp
            errors = len(wanted) - page_tp + page_fp
            per_page[page_id] = 1 - errors / max(len(wanted) + len(unwanted), 1)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        return Result(precision, recall, f1, f"accuracy {(tp + tn) / max(tp + tn + fp + fn, 1):.3f}", per_page)


SETS = {"scrapinghub": ScrapinghubSet, "snippets": SnippetSet}


# --------------------------------------------------------------------------- running


Run = tuple[dict[str, str], dict[str, str], dict[str, float]]


def run(extractors: dict[str, Extractor], pages: list[Page]) -> dict[str, Run]:
    """Each extractor's predictions, families and seconds per page. The extractors take turns page
    by page, so a machine whose load changes over the run slows them alike."""
    runs: dict[str, Run] = {name: ({}, {}, {}) for name in extractors}
    for page in pages:
        for name, extractor in extractors.items():
            predictions, families, spent = runs[name]
            started = time.perf_counter()
            try:
                predictions[page.page_id], families[page.page_id] = extractor(page.html, page.url)
            except Exception as error:  # a peer that crashes on a page scores nothing there
                print(f"  {name} on {page.page_id}: {type(error).__name__}: {error}"[:200])
                predictions[page.page_id], families[page.page_id] = "", ""
            spent[page.page_id] = time.perf_counter() - started
    return runs


def report(name: str, result: Result, seconds: float, pages: int) -> None:
    print(
        f"{name:<22} {result.f1:6.3f} {result.precision:6.3f} {result.recall:6.3f} "
        f"{pages / seconds:8.1f} {seconds / pages * 1000:8.1f}  {result.extra}"
    )


def family_breakdown(
    dataset: ScrapinghubSet | SnippetSet,
    families: dict[str, str],
    runs: dict[str, tuple[dict[str, str], dict[str, float]]],
) -> None:
    """Each extractor's figure and time per page on the pages of each family sinmun detected."""
    for family in sorted(set(families.values())):
        ids = [page_id for page_id, name in families.items() if name == family]
        print(f"  {family} ({len(ids)} pages)")
        for name, (predictions, spent) in runs.items():
            result = dataset.score({page_id: predictions[page_id] for page_id in ids})
            milliseconds = sum(spent[page_id] for page_id in ids) / len(ids) * 1000
            print(f"    {name:<20} F1 {result.f1:.3f} P {result.precision:.3f} R {result.recall:.3f} {milliseconds:7.1f} ms/page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--peers", action="store_true", help="also run trafilatura, readability-lxml, resiliparse")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set (quick checks)")
    parser.add_argument("--worst", type=int, default=0, help="list sinmun's K worst pages")
    parser.add_argument("--save", type=Path, help="write each extractor's predictions here as JSON (outside the repo)")
    args = parser.parse_args()
    peers = available_peers() if args.peers else {}
    for set_name in SETS if args.set == "all" else [args.set]:
        dataset = SETS[set_name]()
        pages = list(dataset.pages(args.limit))
        print(f"\n{set_name}: {len(pages)} pages from {dataset.folder}")
        print(f"{'extractor':<22} {'F1':>6} {'prec.':>6} {'recall':>6} {'pages/s':>8} {'ms/page':>8}")
        runs = run({"sinmun": sinmun_body, **peers}, pages)
        for name, (predictions, families, spent) in runs.items():
            result = dataset.score(predictions)
            report(name, result, sum(spent.values()), len(pages))
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{set_name}-{name.replace(' ', '')}.json").write_text(json.dumps(predictions, ensure_ascii=False))
            if name == "sinmun":
                for page_id in sorted(result.per_page, key=result.per_page.__getitem__)[: args.worst]:
                    print(f"  {result.per_page[page_id]:.3f} {families[page_id]:<14} {page_id[:40]:<40} {dict((p.page_id, p.url) for p in pages)[page_id]}")
        family_breakdown(dataset, runs["sinmun"][1], {name: (found[0], found[2]) for name, found in runs.items()})


if __name__ == "__main__":
    main()
