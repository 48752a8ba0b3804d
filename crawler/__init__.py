"""sinmun's Scrapy project: settings, the Article item, site profiles, spiders and middlewares."""

__version__ = "0.1.0"
