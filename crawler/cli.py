"""The `sinmun` command: Scrapy's command line with sinmun's settings, from any directory (cron, systemd).

`scrapy` finds the project through `scrapy.cfg` in the current directory or above; a scheduled
job starts elsewhere. `sinmun crawl ...` is `scrapy crawl ...` with `SCRAPY_SETTINGS_MODULE`
defaulting to `crawler.settings`, so it needs no `cd` and no environment variable.
"""

from __future__ import annotations

import os

from scrapy.cmdline import execute


def main() -> None:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    execute()


if __name__ == "__main__":
    main()
