"""Spider arguments declared once: the declaration drives validation, defaults and docs/arguments.md.

A spider lists its `-a NAME=VALUE` arguments as `Argument`s in its `arguments` class attribute
and calls `parse_arguments` in `__init__`. The `crawl` command can call
`validate_spider_arguments` before the crawl starts, so a misspelled name or a bad value is one
clear line and a non-zero exit, not a traceback from inside the reactor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
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


def spider_arguments(spidercls: type, given: Mapping[str, Any]) -> dict[str, Any]:
    """The values `spidercls` takes from `given`: its declared arguments, then its `check_arguments(values)`,
    a class or static method for rules that join several arguments (raising `ArgumentError`)."""
    values = parse_arguments(spidercls.arguments, given, spider=getattr(spidercls, "name", spidercls.__name__))
    check = getattr(spidercls, "check_arguments", None)
    if check is not None:
        check(values)
    return values


def validate_spider_arguments(spidercls: type, given: Mapping[str, Any]) -> None:
    """Raise `ArgumentError` for arguments `spidercls` would refuse; spiders that declare none accept any."""
    if getattr(spidercls, "arguments", None) is not None:
        spider_arguments(spidercls, given)


# --- value parsers shared by the spiders' declarations ------------------------------------


def iso_date(text: str) -> date:
    """`YYYY-MM-DD`."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("not a date: expected YYYY-MM-DD, e.g. 2021-10-10") from None


def iso_date_time(text: str) -> datetime:
    """`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("not a date or date-time: expected e.g. 2021-10-10 or 2021-10-10T09:30") from None


def comma_list(text: str) -> tuple[str, ...]:
    """`A,B,C` as its non-empty, stripped parts."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def one_of(*choices: str) -> Callable[[str], str]:
    """A parser that accepts exactly one of `choices`."""

    def parse(text: str) -> str:
        if text.strip() not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return text.strip()

    return parse


def some_of(*choices: str) -> Callable[[str], tuple[str, ...]]:
    """A parser for a comma-separated subset of `choices`."""

    def parse(text: str) -> tuple[str, ...]:
        values = comma_list(text)
        unknown = [value for value in values if value not in choices]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not one of {', '.join(choices)}")
        return values

    return parse


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
            cells = (f"`-a {argument.name}={argument.metavar}`", default, argument.help)
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _declaring_spiders() -> list[type]:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    loader = SpiderLoader.from_settings(get_project_settings())
    return [loader.load(name) for name in sorted(loader.list()) if getattr(loader.load(name), "arguments", None) is not None]


if __name__ == "__main__":
    print(arguments_markdown(_declaring_spiders()), end="")
