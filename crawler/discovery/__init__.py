"""How the `wordpress` spider finds articles: one small part per surface (REST, sitemap, feed, archive).

Each surface is a mixin of spider methods (`rest.RestDiscovery`, ...), so every request names a
spider method as callback and errback and carries its state in `meta`: requests survive
`Request.to_dict`/`request_from_dict` (JOBDIR, scrapy-redis). Whether a surface worked is read
from the stats its requests leave (`listing.ListingRequests`), never from counters on the spider.
"""

SURFACES = ("rest", "sitemap", "feed", "archive")
#: Surfaces that list every post in scope, changed or not; a feed lists only the newest. A run that
#: read one of these whole sets the dataset's high-water mark (`sinmun/discovery/complete`).
SWEEPING_SURFACES = ("rest", "sitemap", "archive")
