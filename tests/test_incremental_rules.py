"""The rules that let a run on the dataset fetch only what is new or changed, checked in-process:
which REST listing yields which post, what "the dataset holds it as it is" means, whose high-water
mark a run may use, and where a run's side files go."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler import settings as project_settings
from crawler import wordpress_api as api
from crawler.discovery.scope import Bounds, CrawlScope
from crawler.spiders.wordpress import WordPressSpider
from crawler.state import StateStore
from pipelines.outputs import side_file_uri, summarise, summary_line

SITE = "https://example.org/"
SINCE = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)  # the run's high-water mark
BEFORE, AFTER = SINCE - timedelta(days=3), SINCE + timedelta(hours=2)


def spider_with(state: StateStore | None) -> WordPressSpider:
    settings = Settings({name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()})
    crawler = Crawler(WordPressSpider, settings)
    spider = WordPressSpider.from_crawler(crawler, url=SITE)
    crawler.stats = MemoryStatsCollector(crawler)
    spider.state, spider.safety_margin = state, timedelta(days=1)
    return spider


def store_article(store: StateStore, url: str, modified: datetime | None) -> None:
    with store.transaction() as db:
        store.store_version(db, {"url": url, "fetched_url": url, "site": "example.org", "version": 1, "modified_at": modified}, "part", None)


@pytest.fixture
def store(tmp_path):
    store = StateStore(tmp_path / "articles")
    yield store
    store.close()


def gmt(moment: datetime) -> str:
    """An instant as WordPress writes `date_gmt` and `modified_gmt`: UTC, no offset."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat()


def post(number: int, published: datetime, modified: datetime) -> dict:
    return {
        "id": number,
        "link": f"{SITE}post-{number}/",
        "title": {"rendered": f"Post {number}"},
        "content": {"rendered": "<p>Text.</p>"},
        "date_gmt": gmt(published),
        "modified_gmt": gmt(modified),
    }


def listed(posts: list[dict]) -> list:
    return [(item, api.article_from_post(item, listing_url="listing", site_family="wordpress", language=None)) for item in posts]


def yielded_by(spider: WordPressSpider, listing: str, posts: list[dict]) -> list[str]:
    wanted, _ = spider.listed_posts(listed(posts), listing, SINCE)
    return [article.url for _, article in wanted]


#: Every kind of post an incremental run may meet: (published, modified) before or after the mark.
KINDS = {
    "edited since": (BEFORE, AFTER),
    "published since, the usual way": (AFTER, AFTER),
    "scheduled, last edited before": (AFTER, BEFORE),
    "created with an earlier date": (BEFORE, BEFORE),
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_new_or_changed_post_is_yielded_by_exactly_one_rest_listing(kind, store):
    """Seen by WordPress's filters (modified_after, after) and the listing's own rule, every post lands once."""
    published, modified = KINDS[kind]
    store_article(store, f"{SITE}post-1/", BEFORE)  # an older stored post: where the newest-first listing stops
    spider = spider_with(store)
    new = post(2, published, modified)
    listings = {
        "modified": [new] if modified >= SINCE else [],
        "scheduled": [new] if published >= SINCE else [],
        "created": [new, post(1, BEFORE, BEFORE)],  # newest id first
    }
    yielded = {listing: yielded_by(spider, listing, posts) for listing, posts in listings.items()}
    assert sum(len(urls) for urls in yielded.values()) == 1, yielded


def test_the_created_listing_stops_at_the_first_post_the_dataset_holds(store):
    store_article(store, f"{SITE}post-5/", BEFORE)
    spider = spider_with(store)
    page = [post(number, BEFORE, BEFORE) for number in (7, 6, 5, 4)]  # 4 was never stored: a post rejected long ago
    wanted, reached_stored = spider.listed_posts(listed(page), "created", SINCE)
    assert [article.url for _, article in wanted] == [f"{SITE}post-7/", f"{SITE}post-6/"]
    assert reached_stored


def test_an_entry_is_known_unchanged_when_it_last_changed_no_later_than_the_stored_version(store):
    store_article(store, f"{SITE}a/", SINCE)
    spider = spider_with(store)
    assert spider.known_unchanged("sitemap", f"{SITE}a/", SINCE)
    assert not spider.known_unchanged("sitemap", f"{SITE}a/", SINCE + timedelta(seconds=1))
    assert not spider.known_unchanged("sitemap", f"{SITE}never-stored/", BEFORE)
    assert not spider.known_unchanged("sitemap", f"{SITE}a/", None)  # no date: fetch it
    assert spider.crawler.stats.get_value("sinmun/discovery/sitemap/unchanged") == 1


def test_without_a_stored_modification_time_the_last_fetch_less_the_margin_decides(store):
    store_article(store, f"{SITE}a/", None)
    spider = spider_with(store)
    fetched = store.lookup(f"{SITE}a/").last_seen
    assert spider.known_unchanged("feed", f"{SITE}a/", fetched - timedelta(days=2))
    assert not spider.known_unchanged("feed", f"{SITE}a/", fetched - timedelta(hours=1))  # within the clock-skew margin
    assert not spider.known_unchanged("feed", f"{SITE}a/", (fetched - timedelta(days=1, hours=12)).replace(tzinfo=None))  # naive: a day's slack


def test_without_the_dataset_nothing_is_known(store):
    assert not spider_with(None).known_unchanged("sitemap", f"{SITE}a/", BEFORE)


def test_the_high_water_mark_is_the_newest_change_of_complete_successful_runs_of_the_same_scope(tmp_path):
    root = tmp_path / "articles"
    whole, backfill = CrawlScope().coverage, CrawlScope(published=Bounds.of_days(datetime(2021, 1, 1).date(), None)).coverage
    runs = [  # (ok, coverage, newest change seen)
        (True, whole, SINCE),
        (True, whole, BEFORE),  # a later run that saw only older changes: the mark does not go back
        (False, whole, AFTER),  # failed
        (True, None, AFTER),  # did not read its whole scope
        (True, backfill, AFTER + timedelta(days=1)),  # another scope
    ]
    for ok, coverage, newest in runs:
        store = StateStore(root)
        store.start_run()
        store.finish_run("finished", ok, {"example.org": newest}, {}, coverage)
        store.close()
    store = StateStore(root)
    assert store.high_water_mark("example.org", timedelta(hours=1), whole) == SINCE - timedelta(hours=1)
    assert store.high_water_mark("example.org", timedelta(0), backfill) == AFTER + timedelta(days=1)
    assert store.high_water_mark("elsewhere.org", timedelta(0), whole) is None
    store.close()


def test_the_coverage_of_a_scope_ignores_the_case_and_order_of_categories():
    one = CrawlScope(categories=("Economy", "korean-peninsula"))
    assert one.coverage == CrawlScope(categories=("KOREAN-PENINSULA", "economy")).coverage
    assert one.coverage != CrawlScope(categories=("Economy",)).coverage != CrawlScope().coverage
    assert CrawlScope(pages=True).coverage != CrawlScope().coverage


def test_a_state_file_of_the_first_datasets_gets_the_new_columns(tmp_path):
    import sqlite3

    folder = tmp_path / "articles" / "_sinmun"
    folder.mkdir(parents=True)
    old = sqlite3.connect(folder / "state.sqlite")
    old.executescript(
        "CREATE TABLE failures (url TEXT PRIMARY KEY, site TEXT, reason TEXT, run_id TEXT, failed_at TEXT);"
        "CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT, finished_at TEXT, finish_reason TEXT, ok INTEGER, stats TEXT);"
        "INSERT INTO failures VALUES ('https://example.org/a/', 'example.org', 'HTTP 500', 'r', 't');"
    )
    old.commit()
    old.close()
    store = StateStore(tmp_path / "articles")
    assert store.failed_urls("example.org")["https://example.org/a/"].surface is None
    assert store.high_water_mark("example.org", timedelta(0), CrawlScope().coverage) is None
    store.close()


def test_a_run_appending_to_the_dataset_keeps_its_side_files_in_the_runs_folder(tmp_path):
    settings = Settings({"SINMUN_DATASET": str(tmp_path / "articles")})
    started = datetime(2025, 1, 31, 6, 0, tzinfo=timezone.utc)
    assert side_file_uri(settings, "wordpress", "summary", started, "20250131T060000Z-abc123") == str(
        tmp_path / "articles" / "_sinmun" / "runs" / "20250131T060000Z-abc123.summary.json"
    )
    assert side_file_uri(settings, "wordpress", "rejects", started, "20250131T060000Z-abc123").endswith("/_sinmun/runs/20250131T060000Z-abc123.rejects.jsonl")
    with_output = Settings({"SINMUN_DATASET": str(tmp_path / "articles"), "FEEDS": {"out/a.parquet": {"format": "parquet"}}})
    assert side_file_uri(with_output, "wordpress", "summary", started, None) == "out/a.summary.json"


def test_the_summary_of_a_dataset_run_says_what_it_did_in_one_line():
    stats = {
        "start_time": datetime.now(timezone.utc) - timedelta(seconds=2),
        "sinmun/dataset/run_id": "20250131T060000Z-abc123",
        "sinmun/dataset/path": "output/articles",
        "sinmun/dataset/new": 5,
        "sinmun/dataset/updated": 2,
        "sinmun/dataset/unchanged": 3,
        "sinmun/discovery/unchanged": 220,
        "downloader/request_count": 5,
        "item_scraped_count": 7,
    }
    summary = summarise(stats, "finished")
    assert (summary["new"], summary["updated"], summary["unchanged"], summary["exit_code"]) == (5, 2, 223, 0)
    assert json.loads(json.dumps(summary, default=str))["run_id"] == "20250131T060000Z-abc123"
    line = summary_line(summary)
    assert line.startswith("Run summary: ok, 5 new, 2 updated, 223 unchanged, 0 rejected, 5 request(s), 0 error(s), 2.")
    assert line.endswith("exit code 0")
    failed = summary_line(summarise({**stats, "sinmun/rejected": 9}, "shutdown", "the crawl was interrupted (finish reason: shutdown)"))
    assert failed.startswith("Run summary: failed (the crawl was interrupted") and failed.endswith("exit code 1")
