"""Benchmark (not a test): sinmun's whole crawl against a bare Scrapy spider on the same site, end to end.

    .venv/bin/python benchmarks/bench_crawl.py [--quick] [--articles 5000] [--runs 3] [--profile FILE]

The site is benchmarks/loopback_site.py's (WordPress-style pages from the demo's templates, served
by Debian's nginx on 127.0.0.1, started and stopped here). Two commands crawl it, taking turns
(bare, sinmun, bare, sinmun, ...), with the same settings (32 concurrent requests, no throttling,
no delay, no robots.txt, log level INFO):

* bare: benchmarks/site/bare_spider.py by `scrapy runspider` from an empty temporary folder (none
  of sinmun's settings apply), raw fields to JSON lines;
* sinmun: `scrapy crawl wordpress -a discover=archive` with every pipeline and Parquet output.

Articles per second are over the whole process (start-up included, as a scheduled run sees it);
`crawl/s` is over Scrapy's own `elapsed_time_seconds` (spider open to close). The ratio is
sinmun's over bare's, the median of the runs; `--quick` is 1,000 articles, 2 runs each.
`--variant NAME=VALUE` adds a third crawler, sinmun with that setting too (e.g.
`SINMUN_EXTRACT_WORKERS=auto`: the stages in worker processes), to choose a shape by the figures;
`--bare-variant NAME=VALUE` the bare spider with that setting (e.g. one sinmun sets, to see what it
does for Scrapy alone).
`--profile FILE` runs sinmun's crawl once more under py-spy (the `bench` extra; it samples the crawl
and its extraction workers, each in its own process) and writes to FILE, for each process, the
share of its samples that every sinmun function (and the few big callees) was on the stack for;
py-spy's raw samples go beside it (FILE.samples: `inferno-flamegraph` or speedscope read them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.loopback_site import serve  # noqa: E402

BARE_SPIDER = REPO / "benchmarks" / "site" / "bare_spider.py"
#: What both crawls are given: as fast as the site answers, nothing else in the way.
SAME_SETTINGS = {
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "ROBOTSTXT_OBEY": "False",
    "LOG_LEVEL": "INFO",
}
_ELAPSED = re.compile(r"'elapsed_time_seconds': ([0-9.]+)")


@dataclass
class Run:
    crawler: str
    articles: int
    wall: float  # seconds, the whole process
    crawl: float | None  # seconds, Scrapy's elapsed_time_seconds
    cpu: float  # user + system seconds of the process and its children
    peak_rss_mb: float  # the largest single process (the kernel's ru_maxrss)
    peak_tree_mb: float  # the process and its children at once (the extraction workers), sampled

    @property
    def per_second(self) -> float:
        return self.articles / self.wall

    @property
    def crawl_per_second(self) -> float | None:
        return self.articles / self.crawl if self.crawl else None


def settings_arguments(extra: dict[str, str] | None = None) -> list[str]:
    return [part for name, value in {**SAME_SETTINGS, **(extra or {})}.items() for part in ("-s", f"{name}={value}")]


def bare_command(url: str, output: Path, extra: dict[str, str] | None = None) -> list[str]:
    return [sys.executable, "-m", "scrapy", "runspider", str(BARE_SPIDER), "-a", f"url={url}", "-O", str(output), *settings_arguments(extra)]


def sinmun_command(url: str, output: Path, extra: dict[str, str] | None = None) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"url={url}", "-a", "discover=archive",
        "-O", str(output), *settings_arguments(extra),
    ]  # fmt: skip


def outside_project_env() -> dict[str, str]:
    """The environment without anything that would point Scrapy at a project."""
    return {name: value for name, value in os.environ.items() if not name.startswith("SCRAPY_")}


def tree_rss_mb(pid: int) -> float:
    """The resident memory of `pid` and every process under it, now (from /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # ended meanwhile
            continue
    tree, grown = {pid}, True
    while grown:
        grown = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grown = True
    total = 0
    for member in tree:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


def measured(command: list[str], cwd: Path, log: Path) -> tuple[float, float, float, float, str]:
    """(wall seconds, cpu seconds, peak RSS MB of the largest process, peak MB of the whole process
    tree sampled every 0.2 s, log text) of one command, its children included."""
    with log.open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=outside_project_env(), stdin=subprocess.DEVNULL, stdout=sink, stderr=sink)
        peak_tree = 0.0

        def sample() -> None:
            nonlocal peak_tree
            while process.returncode is None and not finished.wait(0.2):
                peak_tree = max(peak_tree, tree_rss_mb(process.pid))

        finished = threading.Event()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        finished.set()
        sampler.join()
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode:
        raise SystemExit(f"{' '.join(command[:5])} ... exited with {process.returncode}:\n{text[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak_tree, text


def crawl_once(crawler: str, url: str, folder: Path, extra: dict[str, str] | None = None) -> Run:
    """One crawl by `crawler` ("bare" or "sinmun", with the `extra` settings) into `folder`, measured."""
    if crawler == "bare":
        output = folder / "articles.jsonl"
        wall, cpu, peak, tree, log = measured(bare_command(url, output, extra), folder, folder / "bare.log")
        articles = sum(1 for _ in output.open("rb"))
    else:
        output = folder / "articles.parquet"
        wall, cpu, peak, tree, log = measured(sinmun_command(url, output, extra), REPO, folder / "sinmun.log")
        articles = pq.read_metadata(output).num_rows
    elapsed = _ELAPSED.search(log)
    return Run(crawler, articles, wall, float(elapsed.group(1)) if elapsed else None, cpu, peak, tree)


def cpu_times() -> list[int]:
    """The machine's CPU time by kind since boot (user, nice, system, idle, iowait, irq, softirq,
    steal: /proc/stat), or [] where there is no /proc."""
    try:
        return [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return []


def steal_share(before: list[int], after: list[int]) -> str:
    """How much of the machine's time its hypervisor gave to others meanwhile (steal), as text: on a
    shared virtual machine, the runs' figures move with it."""
    spent = [late - early for early, late in zip(before, after)]
    return f"steal {100 * spent[7] / sum(spent):.1f} % of the CPU time during the runs" if len(spent) == 8 and sum(spent) else "steal unknown"


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load:.1f} at start"


#: The frames a profile report names: sinmun's own, and the extractor and parser it calls.
_REPORTED = re.compile(r"\((crawler|pipelines|trafilatura|htmldate|parsel|scrapy/core)/")


def profile_report(raw: str, top: int = 25) -> str:
    """py-spy's raw samples (one `process;thread;frame;...;frame count` line per stack) as text:
    for each process, its busy share, then the functions most often on its stacks."""
    processes: dict[str, dict[str, int]] = {}
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        name = "worker" if any("crawler.workers" in frame for frame in frames[:2]) else "crawl"  # the process frames
        shares = processes.setdefault(name, {"(samples)": 0})
        shares["(samples)"] += int(count)
        for frame in set(frames):
            if _REPORTED.search(frame):
                function, _, where = frame.partition(" (")
                key = f"{function} ({where.rsplit(':', 1)[0]})"
                shares[key] = shares.get(key, 0) + int(count)
    lines = []
    for name, shares in sorted(processes.items()):
        total = shares.pop("(samples)")
        lines.append(f"{name}: {total} samples")
        for function, count in sorted(shares.items(), key=lambda item: -item[1])[:top]:
            lines.append(f"  {100 * count / total:5.1f} %  {function}")
    return "\n".join(lines) + "\n"


def profile(url: str, report: Path) -> None:
    """sinmun's crawl under py-spy, its workers included; `profile_report` of it into `report`."""
    with tempfile.TemporaryDirectory(prefix="sinmun-bench-") as folder:
        raw = Path(folder) / "samples.txt"
        command = sinmun_command(url, Path(folder) / "articles.parquet")
        spy = Path(sys.executable).with_name("py-spy")
        profiled = [str(spy), "record", "--subprocesses", "--nonblocking", "--rate", "100", "--format", "raw", "--output", str(raw), "--", *command]
        measured(profiled, REPO, Path(folder) / "profile.log")
        samples = raw.read_text(encoding="utf-8")
        report.write_text(profile_report(samples), encoding="utf-8")
        report.with_name(report.name + ".samples").write_text(samples, encoding="utf-8")
    print(f"profile written to {report} (py-spy's raw samples beside it, {report.name}.samples, for a flame graph)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles, 2 runs each (checks the harness)")
    parser.add_argument("--articles", type=int, help="articles on the site (default 5,000)")
    parser.add_argument("--runs", type=int, help="runs of each crawler (default 3)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=VALUE", help="also crawl with sinmun and this setting")
    parser.add_argument("--bare-variant", action="append", default=[], metavar="NAME=VALUE", help="also crawl with the bare spider and this setting")
    parser.add_argument("--profile", type=Path, help="also profile one sinmun crawl and its workers with py-spy into this file")
    parser.add_argument("--json", type=Path, help="write every run's figures to this file")
    args = parser.parse_args()
    articles = args.articles or (1000 if args.quick else 5000)
    runs = args.runs or (2 if args.quick else 3)
    print(f"{articles} articles, {runs} runs each, interleaved; {machine()}")
    crawlers: dict[str, dict[str, str]] = {"bare": {}, "sinmun": {}}
    for kind, variants in (("bare", args.bare_variant), ("sinmun", args.variant)):
        for variant in variants:
            name, _, value = variant.partition("=")
            crawlers[f"{kind} {variant}"] = {name: value}
    results: list[Run] = []
    before = cpu_times()
    with serve(articles) as url:
        for number in range(runs):
            for crawler, extra in crawlers.items():
                with tempfile.TemporaryDirectory(prefix="sinmun-bench-") as folder:
                    run = crawl_once(crawler.split()[0], url, Path(folder), extra)
                    run.crawler = crawler
                if run.articles != articles:
                    print(f"  warning: {crawler} run {number + 1} exported {run.articles} of {articles} articles")
                results.append(run)
                crawl_rate = f"{run.crawl_per_second:8.1f}" if run.crawl_per_second else f"{'?':>8}"
                print(
                    f"  run {number + 1} {crawler:<6} {run.articles:>6} articles {run.wall:7.1f} s {run.per_second:8.1f}/s"
                    f"  crawl {crawl_rate}/s  cpu {run.cpu:6.1f} s  peak {run.peak_rss_mb:6.0f} MB (all processes {run.peak_tree_mb:4.0f})",
                    flush=True,  # a run takes minutes: each line as it comes, also into a file
                )
        after = cpu_times()
        if args.profile:
            profile(url, args.profile)
    medians = {
        crawler: (
            statistics.median(run.per_second for run in results if run.crawler == crawler),
            statistics.median(run.crawl_per_second or 0 for run in results if run.crawler == crawler),
            statistics.median(run.cpu / run.articles * 1000 for run in results if run.crawler == crawler),
        )
        for crawler in crawlers
    }
    print(f"{'crawler':<10} {'articles/s':>10} {'crawl/s':>8} {'cpu ms/article':>15} {'ratio to bare':>14}")
    for crawler, (per_second, crawl_rate, cpu_ms) in medians.items():
        ratio = f"{per_second / medians['bare'][0]:.2f}x / {crawl_rate / medians['bare'][1]:.2f}x" if crawler != "bare" else ""
        print(f"{crawler:<10} {per_second:10.1f} {crawl_rate:8.1f} {cpu_ms:15.2f} {ratio:>14}")
    print(f"(ratio: whole process / crawl; {steal_share(before, after)})")
    if args.json:
        args.json.write_text(json.dumps([run.__dict__ for run in results], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
