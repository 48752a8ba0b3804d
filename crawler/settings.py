"""Scrapy settings for sinmun: polite by default, Parquet out, every dropped item kept.

Override any of these per run with `-s NAME=VALUE` or in a spider's `custom_settings`.
"""

from scrapy.settings.default_settings import RETRY_EXCEPTIONS as _SCRAPY_RETRY_EXCEPTIONS


BOT_NAME = "sinmun"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Politeness -------------------------------------------------------------------------
#: Who to contact about this crawler; put your own URL or e-mail address here.
SINMUN_CONTACT = "https://github.com/sinmun/sinmun"
#: `{version}` and `{contact}` are filled in by `crawler.middlewares.ContactUserAgentMiddleware`.
USER_AGENT = "sinmun/{version} (research crawler; +{contact})"
ROBOTSTXT_OBEY = True
#: The token robots.txt rules are matched against (`User-agent: sinmun`).
ROBOTSTXT_USER_AGENT = "sinmun"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.25
CONCURRENT_REQUESTS_PER_DOMAIN = 4
HTTPCACHE_ENABLED = False
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "crawler.middlewares.ContactUserAgentMiddleware": 500,
    # below RetryMiddleware (550): sees only final answers; off with -O (see the dataset block)
    "crawler.middlewares.ConditionalGetMiddleware": 540,
    # SINMUN_WARC: next to the downloader, so responses are recorded as they came (still compressed)
    "crawler.warc_writer.WarcWriterMiddleware": 950,
}

# --- Items ------------------------------------------------------------------------------
#: Items of one response in the pipelines at once. Scrapy starts this many tasks for every
#: response's output (its default, 100, for an article page that gives one item: a fifth of the
#: crawl process's time went to starting and waking them); a REST listing's hundred posts still
#: keep the extraction workers busy eight at a time.
CONCURRENT_ITEMS = 8
ITEM_PIPELINES = {
    # boilerplate, then dates (in worker processes with SINMUN_EXTRACT_WORKERS, below)
    "pipelines.stages.ExtractStagesPipeline": 100,
    "pipelines.scope.ScopePipeline": 250,
    "pipelines.stages.ValidatePipeline": 300,
    "pipelines.stages.DeduplicatePipeline": 400,
    "pipelines.dataset.DatasetPipeline": 900,  # off with -O (see the dataset block)
}
EXTENSIONS = {
    # Before Scrapy's FeedExporter (0): the verdict must be known when the feed storages publish.
    "crawler.extensions.RunVerdict": -10,
    "pipelines.rejects.RejectsWriter": 500,
    "pipelines.outputs.RunSummary": 510,
    "crawler.progress.Progress": 520,
    "crawler.workers.ExtractionWorkers": 600,  # the pool that locating and the extraction stages share
}
#: IANA zone for naive date-times on every site (None: only what the page declares).
SINMUN_TIMEZONE = None
#: Per-site zones, e.g. {"kcnawatch.org": "Asia/Pyongyang"}; wins over SINMUN_TIMEZONE.
SINMUN_SITE_TIMEZONES = {}
#: Where rejected items go; default: beside the output (`out.parquet` -> `out.rejects.jsonl`; see README).
SINMUN_REJECTS_PATH = None
#: Where the run summary (JSON) goes; default: beside the output (`out.summary.json`; see README).
SINMUN_SUMMARY_PATH = None

# --- Discovery and scope ---------------------------------------------------------------
#: Pages one listing (a REST route, a feed, an archive listing) is followed for at most.
SINMUN_DISCOVERY_MAX_PAGES = 10_000
#: Largest sitemap read, uncompressed (the sitemap protocol's own limit is 50 MB).
SINMUN_SITEMAP_MAXSIZE = 50 * 1024 * 1024
#: The crawl's scope, read by `pipelines.scope`; the wordpress spider sets them from `-a since=`,
#: `-a until=`, `-a modified_after=`, `-a category=`, `-a include=pages`. ISO dates; categories a
#: list of names or slugs. A dataset keeps one high-water mark per scope (crawler/discovery/scope.py).
SINMUN_SINCE = None
SINMUN_UNTIL = None
SINMUN_MODIFIED_AFTER = None
SINMUN_CATEGORIES = []
SINMUN_INCLUDE_PAGES = False
#: A host name that does not resolve will not resolve a second later: no retries for it.
RETRY_EXCEPTIONS = [name for name in _SCRAPY_RETRY_EXCEPTIONS if name != "scrapy.exceptions.CannotResolveHostError"]

# --- Output -----------------------------------------------------------------------------
FEED_EXPORTERS = {"parquet": "pipelines.parquet.ParquetItemExporter"}
FEED_STORAGES = {
    "": "pipelines.parquet.AtomicFileFeedStorage",
    "file": "pipelines.parquet.AtomicFileFeedStorage",
}
SINMUN_PARQUET_ROW_GROUP_SIZE = 1000
SINMUN_PARQUET_COMPRESSION = "zstd"
FEED_EXPORT_ENCODING = "utf-8"

# --- Run outcome, progress, logs (crawler/extensions.py, crawler/progress.py) ------------
#: The run fails when more than this share of the items (written + rejected) were rejected.
SINMUN_MAX_REJECT_RATIO = 0.5
#: `auto`: a progress bar when stderr is a terminal, else a log line every SINMUN_PROGRESS_INTERVAL s; `bar`, `log`, `off`.
SINMUN_PROGRESS = "auto"
SINMUN_PROGRESS_INTERVAL = 60.0
#: A dropped item is logged as one line (URL and reason); the item itself is in the rejects file.
LOG_FORMATTER = "crawler.logformatter.OneLineLogFormatter"

# --- The dataset (runs without -O/-o) ---------------------------------------------------
#: Where a run without -O appends: Hive-partitioned Parquet (site=/year=/month=), state in `_sinmun/`.
SINMUN_DATASET = "output/articles"
#: A part file is published every this many new rows...
SINMUN_DATASET_PART_ROWS = 5000
#: ...or this many seconds, whichever comes first, so a long backfill publishes as it goes.
SINMUN_DATASET_PART_SECONDS = 300
#: Subtracted from the last run's newest modification time before asking for what changed since.
SINMUN_MODIFIED_SAFETY_MARGIN = 86400
#: Scrapy's duplicate filter, but safe to resume a dataset job after kill -9 (see crawler/state.py).
DUPEFILTER_CLASS = "crawler.state.DatasetDupeFilter"

# --- Extraction off the reactor's thread (crawler.workers.ExtractionWorkers) -------------
#: Worker processes for locating pages and for the boilerplate and dates stages; 0: on the reactor's
#: thread; `auto`: the processors less one (at least 1). See README, "Performance", for the figures.
SINMUN_EXTRACT_WORKERS = "auto"

# --- Engine -----------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# --- Archives: the files spider and the WARC writer -----------------------------------------
#: Saved pages and text dumps larger than this are skipped (`too-large`); web archives are
#: streamed record by record whatever their size, and an archived page over it is skipped too.
SINMUN_MAX_FILE_SIZE = 10 * 1024 * 1024
#: Keep every distinct version of a URL in one run: a second capture with another body is a new
#: version, the same body again is skipped (`same-version`). The files spider turns it on.
SINMUN_KEEP_VERSIONS = False
#: Write every response the crawl fetches, with its request, into this WARC file (`.warc.gz`:
#: gzip per record; `.warc`: plain); off when unset. See crawler/warc_writer.py.
SINMUN_WARC = None
#: Start the next WARC file (`NAME-00001.warc.gz`, ...) when the current one passes this size.
SINMUN_WARC_MAX_SIZE = 1024**3
