"""Scrapy settings: politeness by default; ITEM_PIPELINES here is the order of the stages."""

from __future__ import annotations

import os

BOT_NAME = "leadradar"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

CONTACT = os.environ.get("LEADRADAR_CRAWL_CONTACT", "leadradar@localhost")
USER_AGENT = f"leadradar/0.1 (+county investment-promotion news monitor; contact {CONTACT})"

ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = float(os.environ.get("LEADRADAR_CRAWL_DELAY", "1.0"))
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = float(os.environ.get("LEADRADAR_CRAWL_DELAY", "1.0"))
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("LEADRADAR_CRAWL_LOG_LEVEL", "INFO")
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

DOWNLOADER_MIDDLEWARES = {
    "pipelines.seen.SeenArticlesMiddleware": 50,
}
ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.store.StorePipeline": 200,
}
EXTENSIONS = {
    "spiders.stats.StatsFile": 0,
}
