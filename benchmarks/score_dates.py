"""Score sinmun's publication dates on the development sets' pages whose URL carries the date.

Run from the repo root:  .venv/bin/python benchmarks/score_dates.py [--peers] [--worst K]

Neither development set labels dates, but many of their pages sit at URLs such as
`/2012/05/31/slug/`: that date is the label. So that the URL does not simply give the answer away,
every occurrence of the URL's date path in the page (canonical link, og:url, links, scripts) and in
the fetched URL is masked before extraction; sinmun and its peers see the same masked page. What
is left is the date as the page states it (meta, JSON-LD, `<time>`, visible text), which is what
the hidden set judges. A URL's date is the publication date on nearly all such pages, but not all
(a later update, an event's date), so a few "wrong" answers may be right.

`sinmun` is the product path: `locate_article` finds `published_raw`, `parse_date` reads it, as the
files spider and the DatesPipeline do. `--peers` adds htmldate (installed with trafilatura) with
`original_date=True`, its own extensive search on and off.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.score_extraction import SETS, Page  # noqa: E402
from crawler.locate import locate_article  # noqa: E402
from crawler.dates import parse_date  # noqa: E402

_URL_DATE = re.compile(
    r"/(?P<date>(?P<y>(?:19|20)\d\d)(?P<sep>[/-]?)(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>0[1-9]|[12]\d|3[01]))(?=/|[-_.]|$)"
)

DateFinder = Callable[[str, str], "date | None"]


def labelled(page: Page) -> tuple[Page, date] | None:
    """The page with its URL's date path masked everywhere, and that date; None without one."""
    match = _URL_DATE.search(page.url)
    if not match:
        return None
    try:
        label = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    path = "/" + match["date"]
    masked = "/" + "x" * len(match["date"])
    escaped = path.replace("/", r"\/")  # JSON in scripts escapes slashes
    html = page.html.replace(path, masked).replace(escaped, masked)
    return Page(page.page_id, html, page.url.replace(path, masked)), label


def sinmun_date(html: str, url: str) -> date | None:
    raw = locate_article(html, url, source="file").published_raw
    try:
        parsed = parse_date(raw)
    except ValueError:
        return None
    return parsed.date if parsed and parsed.precision in ("day", "datetime") else None


def htmldate_date(html: str, url: str, extensive: bool = True) -> date | None:
    from htmldate import find_date

    found = find_date(html, url=url, original_date=True, extensive_search=extensive)
    return date.fromisoformat(found) if found else None


PEERS: dict[str, DateFinder] = {
    "htmldate": htmldate_date,
    "htmldate -extensive": lambda html, url: htmldate_date(html, url, extensive=False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", action="store_true", help="also run htmldate")
    parser.add_argument("--worst", type=int, default=0, help="list K of sinmun's wrong or missing pages")
    args = parser.parse_args()
    cases: list[tuple[Page, date]] = []
    for dataset in (cls() for cls in SETS.values()):
        cases.extend(found for page in dataset.pages(None) if (found := labelled(page)))
    print(f"{len(cases)} pages whose URL carries a full date (date masked in page and URL)")
    print(f"{'finder':<22} {'right':>7} {'wrong':>7} {'none':>7} {'pages/s':>8}")
    finders: dict[str, DateFinder] = {"sinmun": sinmun_date, **(PEERS if args.peers else {})}
    for name, finder in finders.items():
        right = wrong = 0
        misses: list[str] = []
        spent = 0.0
        for page, label in cases:
            started = time.perf_counter()
            try:
                found = finder(page.html, page.url)
            except Exception as error:  # a finder that crashes finds nothing on that page
                print(f"  {page.page_id}: {type(error).__name__}: {error}"[:160])
                found = None
            spent += time.perf_counter() - started
            right += found == label
            wrong += found is not None and found != label
            if found != label:
                misses.append(f"  {label} found {found} {page.url}")
        total = len(cases)
        print(f"{name:<22} {right / total:7.1%} {wrong / total:7.1%} {(total - right - wrong) / total:7.1%} {total / spent:8.1f}")
        if name == "sinmun":
            print("\n".join(misses[: args.worst]))


if __name__ == "__main__":
    main()
