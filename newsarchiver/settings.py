"""Scrapy settings for newsarchiver: polite crawling defaults plus the NEWSARCHIVER_* settings.

Every setting here can be overridden per run (``scrapy crawl repost -s NAME=VALUE``,
``newsarchiver crawl -s NAME=VALUE``); README.md documents each one.
"""

from newsarchiver import items as _items  # not feeds: that imports Scrapy, and the CLI reads these values

BOT_NAME = "newsarchiver"
SPIDER_MODULES = ["newsarchiver.spiders"]
NEWSPIDER_MODULE = "newsarchiver.spiders"
COMMANDS_MODULE = "newsarchiver.commands"  # `scrapy crawl` checks -a arguments first (a clear error, exit 2)

# -- politeness: the sites we archive are not ours -------------------------------------------------
USER_AGENT = "newsarchiver/0.1 (news archiving crawler; obeys robots.txt)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # a news page is never this big; a larger body is a trap
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# What a response's callback yields (an article, links to follow) is handed to the spider middlewares
# and pipelines by CONCURRENT_ITEMS asyncio tasks per response, made afresh for each response. Our
# pipelines are synchronous, so 100 tasks (Scrapy's default) only cost: ~2.7 ms of the crawler's CPU per
# page at 100 against 4 (make bench-crawl, docs/benchmarks.md).
CONCURRENT_ITEMS = 4
RETRY_TIMES = 2
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"  # the spider's errback logs each failure once, with its kind (not twice)
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {
    "newsarchiver.pipelines.ValidatePipeline": 100,
    "newsarchiver.pipelines.ArticleLimitPipeline": 200,
    "newsarchiver.pipelines.ArchivePipeline": 800,
    # the last of ours: yours go after it (> 900) and get article records only, like feed exports
    "newsarchiver.pipelines.ArticlesOnlyPipeline": 900,
}
DOWNLOADER_MIDDLEWARES = {
    # first of all: nothing off the crawl's sites is fetched, not even its robots.txt (docs/security.md)
    "newsarchiver.safety.SiteGuardMiddleware": 10,
    # before Scrapy's own (robots.txt at 100): a page not due is not requested at all
    "newsarchiver.middlewares.RevisitMiddleware": 50,
    # robots.txt fetched once per site; one that cannot be fetched forbids the site for the run
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsarchiver.robots.RobotsTxtMiddleware": 100,
}
# host names that resolve to loopback, private or link-local addresses are refused (docs/security.md)
TWISTED_DNS_RESOLVER = "newsarchiver.safety.GuardedResolver"  # Scrapy >= 2.19
# one short line per dropped or failed item (Scrapy's own prints the whole article)
LOG_FORMATTER = "newsarchiver.logformatter.ItemLogFormatter"
EXTENSIONS = {
    "newsarchiver.extensions.CrawlProgress": 500,
}
# With REDIS_URL set, switches the crawl to the shared frontier in Redis (docs/distributed.md); else inert.
ADDONS = {
    "newsarchiver.distributed.addon.DistributedAddon": 0,
}

# -- newsarchiver ----------------------------------------------------------------------------------
NEWSARCHIVER_ARCHIVE = "exports/newsarchiver.db"  # the SQLite archive crawls write to; empty: none (feed only)
NEWSARCHIVER_ARCHIVE_BATCH_SIZE = 100  # articles per transaction: a kill loses at most this batch
NEWSARCHIVER_ARCHIVE_BATCH_SECONDS = 2.0  # ...and a batch is committed at least this often
NEWSARCHIVER_ARCHIVE_BUSY_TIMEOUT = 60.0  # seconds a write waits for another writer's lock; past it the crawl stops (exit 1)
NEWSARCHIVER_ARCHIVE_MAX_SIZE = 0  # cap on the archive's size ("20GB"): past it a crawl stops as on a full disk; 0: none
NEWSARCHIVER_MIN_FREE_SPACE = "500MB"  # a crawl warns at start when the archive has less room than this; 0: no warning
NEWSARCHIVER_REDIS_RETRY_SECONDS = 300.0  # distributed: how long a crawler or the ingest waits for a lost Redis, then exits 1
NEWSARCHIVER_INCREMENTAL = True  # skip known article pages not due; revisit due ones conditionally
NEWSARCHIVER_REVISIT = "6h,6h,12h,1d,1d,2d,2d,4d"  # intervals between revisits of an unchanged article page
NEWSARCHIVER_REVISIT_STOP = "60d"  # no more revisits once a page was first seen this long ago
NEWSARCHIVER_SITE_REVISIT = {}  # per site: {"example.com": "3h,6h,12h,1d"}
NEWSARCHIVER_REVISIT_ADAPTIVE = True  # sites where copies vanish often are revisited 2x or 4x as often
NEWSARCHIVER_GONE_AFTER = 2  # revisits in a row that find a copy removed before it counts as gone
NEWSARCHIVER_GONE_REVISIT = "7d"  # a gone copy is still revisited this often (for REVISIT_STOP) to see it return
NEWSARCHIVER_KEEP_RAW = True  # keep every distinct response body (compressed) for re-extraction
NEWSARCHIVER_DEDUP_THRESHOLD = 0.5  # Jaccard similarity of 5-character shingles that makes one story
NEWSARCHIVER_BACKFILL = False  # also request pages known only from prev/next links (-a backfill=1)
NEWSARCHIVER_MAX_LISTING_HOPS = 50  # stop following links after this many pages in a row without an article
NEWSARCHIVER_MIN_BODY_CHARS = 20  # an "article" with less text than this is dropped as empty
NEWSARCHIVER_MAX_ARTICLES = 0  # stop the crawl after this many articles (-a max_articles=N); 0: no limit
NEWSARCHIVER_TIMEZONE = None  # naive page dates: None = Asia/Shanghai for Chinese pages, else UTC
NEWSARCHIVER_SITE_TIMEZONES = {}  # per site: {"example.com": "Asia/Hong_Kong"}
NEWSARCHIVER_PROFILES = []  # site-profile files (TOML, docs/profiles.md): selectors per domain, tried first
NEWSARCHIVER_TEMPLATE_MIN_STORIES = 4  # a paragraph in this many different stories of a site is its template; 0: off
NEWSARCHIVER_EXTRACT_WORKERS = "auto"  # processes reading pages off the reactor's thread; auto: cores - 1, at most 2; 0: none
NEWSARCHIVER_PROGRESS = False  # print a live progress line on stderr (the CLI turns it on)
NEWSARCHIVER_PROGRESS_INTERVAL = 1.0  # seconds between progress lines

# -- distributed mode: only when REDIS_URL (scrapy-redis' setting) is set; docs/distributed.md ----------
NEWSARCHIVER_REDIS_MAX_ITEMS = 10_000  # distributed mode: crawlers wait while the item queue holds this many; 0: no cap
NEWSARCHIVER_IDLE_POLL = 0.5  # distributed mode: seconds between looks at an empty shared queue
NEWSARCHIVER_IDLE_EXIT = 30.0  # a crawler exits once the shared frontier stayed empty this many seconds
NEWSARCHIVER_INGEST_LOCK_SECONDS = 30.0  # lifetime of the ingest lock; the running ingest keeps extending it
NEWSARCHIVER_LEASE_SECONDS = 10.0  # a request taken by a crawler that stops renewing goes back to the queue after this
NEWSARCHIVER_BLOOM_DUPEFILTER = False  # a Bloom filter on a Redis bitmap instead of the fingerprint set
NEWSARCHIVER_BLOOM_CAPACITY = 10_000_000  # URLs the Bloom filter is sized for (18 MB at 0.1%)
NEWSARCHIVER_BLOOM_ERROR_RATE = 0.001  # its false-positive rate up to that capacity: new URLs taken as seen

# -- feed exports (-o/-O): one flat record per article, newsarchiver/feeds.py --------------------------
FEED_EXPORT_FIELDS = list(_items.RECORD_KEYS)  # the record's keys, in CSV column order (as `newsarchiver export`)
FEED_EXPORTERS = {
    "csv": "newsarchiver.feeds.CsvArticleExporter",  # lists joined by "; ", prev/next as their URL
    "xml": "newsarchiver.feeds.XmlArticleExporter",  # <articles><article>, a missing value is empty
}

# Scrapy >= 2.13 defaults, spelled out so older 2.x behave the same
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
