"""Spider arguments declared once: the declaration drives validation, defaults and docs/arguments.md.

A spider lists its `-a NAME=VALUE` arguments as `Argument`s in its `arguments` class attribute
and calls `parse_arguments` in `__init__`. The `crawl` command can call
`validate_spider_arguments` before the crawl starts, so a misspelled name or a bad value is one
clear line and a non-zero exit, not a traceback from inside the reactor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Arguments that Scrapy's own tools pass to every spider (Scrapyd passes `_job`).
TOOL_ARGUMENTS = frozenset({"_job"})


class ArgumentError(ValueError):
    """A spider argument that is unknown, missing or has a bad value; the message is one line."""


@dataclass(frozen=True)
class Argument:
    """One `-a NAME=VALUE` argument: `parse` turns the string into its value or raises ValueError."""

    name: str
    help: str
    parse: Callable[[str], Any] = str
    default: Any = None
    required: bool = False
    #: How the value is written in the docs, e.g. "YYYY-MM-DD" or "auto|rest|sitemap".
    metavar: str = "VALUE"


def parse_arguments(declared: Iterable[Argument], given: Mapping[str, Any], *, spider: str) -> dict[str, Any]:
    """The declared arguments' values (defaults filled in) from `given`, or an `ArgumentError`."""
    by_name = {argument.name: argument for argument in declared}
    unknown = sorted(set(given) - set(by_name) - TOOL_ARGUMENTS)
    if unknown:
        valid = ", ".join(sorted(by_name)) or "none"
        raise ArgumentError(f"unknown argument -a {unknown[0]}= for the {spider} spider (valid: {valid})")
    values: dict[str, Any] = {}
    for name, argument in by_name.items():
        raw = given.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if argument.required:
                raise ArgumentError(f"the {spider} spider needs -a {name}={argument.metavar}: {argument.help}")
            values[name] = argument.default
            continue
        try:
            values[name] = argument.parse(raw) if isinstance(raw, str) else raw
        except ValueError as error:
            raise ArgumentError(f"-a {name}={raw!r}: {error}") from error
    return values


def validate_spider_arguments(spidercls: type, given: Mapping[str, Any]) -> None:
    """Raise `ArgumentError` for arguments `spidercls` would refuse; spiders that declare none accept any."""
    declared = getattr(spidercls, "arguments", None)
    if declared is not None:
        parse_arguments(declared, given, spider=getattr(spidercls, "name", spidercls.__name__))


def arguments_markdown(spiders: Iterable[type]) -> str:
    """The argument reference for docs/arguments.md, one table per spider."""
    lines = [
        "# Spider arguments",
        "",
        "Generated from the spiders' `arguments` declarations by `python -m crawler.arguments`; do not edit by hand.",
    ]
    for spidercls in spiders:
        lines += ["", f"## `{spidercls.name}`", "", "| argument | default | meaning |", "|---|---|---|"]
        for argument in spidercls.arguments:
            default = "required" if argument.required else ("" if argument.default is None else f"`{argument.default}`")
            lines.append(f"| `-a {argument.name}={argument.metavar}` | {default} | {argument.help} |")
    return "\n".join(lines) + "\n"


def _declaring_spiders() -> list[type]:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    return [loader.load(name) for name in sorted(loader.list()) if getattr(loader.load(name), "arguments", None) is not None]


if __name__ == "__main__":
    print(arguments_markdown(_declaring_spiders()), end="")
