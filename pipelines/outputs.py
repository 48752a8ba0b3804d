"""Where a run's side files (rejects, summary) go: beside its main output, so they travel together."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse


def beside_output(feeds: dict[str, Any], spider_name: str, suffix: str) -> Path:
    """`out.parquet` -> `out<suffix>` beside the first local feed; `output/<spider><suffix>` without one.

    A templated feed URI (`%(batch_id)d`, `%(time)s`, ...) names many files, so the side file
    goes once into the URI's fixed folder, named after the spider.
    """
    for uri in map(str, feeds):
        parsed = urlparse(uri)
        if parsed.scheme not in ("", "file") and len(parsed.scheme) > 1:  # one letter: a Windows drive
            continue
        path = Path(parsed.path if parsed.scheme == "file" else uri)
        if "%(" in str(path):
            folder = next(parent for parent in path.parents if "%(" not in str(parent))
            return folder / f"{spider_name}{suffix}"
        return path.with_name(f"{path.stem}{suffix}")
    return Path("output") / f"{spider_name}{suffix}"
