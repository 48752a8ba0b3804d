"""The project as a user meets it: Scrapy finds it from the repository root."""

import subprocess
import sys

from tests.conftest import REPO


def test_scrapy_lists_the_spiders_from_the_repository_root():
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True, check=True)
    assert listed.stdout.split() == ["files", "wordpress"]
