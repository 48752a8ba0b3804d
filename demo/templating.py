"""Fill the demo's template files: its markup lives in demo/templates/, not in Python strings.

A template is a file with `{{name}}` placeholders; `render("core/single.html", title=...)` fills
them in one pass with strings the caller has already escaped for where they go (HTML text,
attribute, URL). Plain braces (CSS, JavaScript) are left alone. A template file's final newline
is not part of the template, so fragments end where their text ends. A missing or an unused
value is an error, so a template and its caller cannot drift apart silently.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def template(name: str) -> str:
    """The text of `demo/templates/NAME`, final newline removed."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    return text[:-1] if text.endswith("\n") else text


@cache
def placeholders(name: str) -> frozenset[str]:
    return frozenset(PLACEHOLDER.findall(template(name)))


def render(name: str, /, **values: str) -> str:
    """Template NAME with every `{{key}}` replaced by `values[key]`."""
    wanted = placeholders(name)
    if missing := wanted - values.keys():
        raise KeyError(f"{name}: no value for {', '.join(sorted(missing))}")
    if unused := values.keys() - wanted:
        raise KeyError(f"{name}: no placeholder for {', '.join(sorted(unused))}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template(name))
