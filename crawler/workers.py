"""Worker processes for the CPU an article costs (locating, cleaning, dating), so the reactor's thread goes on downloading.

`ExtractionWorkers` is a Scrapy extension holding `SINMUN_EXTRACT_WORKERS` worker processes for the
whole crawl; the spiders locate pages through it and the extraction stages clean and date items
through it. With 0 workers it calls the function in place, on the reactor's thread, so both shapes
run the same code. A function run in a worker must be a module-level name (it is pickled by
reference); what it counts through `worker_crawler().stats` and what it logs is counted and logged
again by the crawl, after the call.

The workers are asyncio subprocesses (`python -m crawler.workers`) talking pickled frames over
their stdin and stdout, read and written by the reactor's own event loop. A
`concurrent.futures.ProcessPoolExecutor` was measured first: its feeder and manager threads need
the GIL the busy reactor's thread holds, and it queues one call ahead per worker, so its worker
sat idle about a third of the time while 190 calls waited (README, "Performance").
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import pickle
import signal
import struct
import sys
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, BinaryIO, TypeVar

from scrapy import signals
from scrapy.settings import Settings

logger = logging.getLogger(__name__)

_Result = TypeVar("_Result")
#: A frame: its length (8 bytes, big-endian), then a pickle.
_LENGTH = struct.Struct(">Q")


class ExtractionWorkerDied(RuntimeError):
    """A worker process ended (killed, out of memory) while a call was in it."""


def extract_workers(settings: Any) -> int:
    """`SINMUN_EXTRACT_WORKERS`; for `auto` (or None), the processors this process may use less one
    (the crawl's), at least 1."""
    configured = settings.get("SINMUN_EXTRACT_WORKERS")
    if configured not in (None, "", "auto"):
        try:
            return max(0, int(configured))
        except (TypeError, ValueError):
            raise ValueError(f"SINMUN_EXTRACT_WORKERS must be a number of processes or auto, not {configured!r}") from None
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, usable - 1)


class _Counts(Counter):
    """The stats a worker's functions count, handed back with each result (`inc_value` is all they use)."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] += count


class _KeptRecords(logging.Handler):
    """What a worker's functions log, as (logger, level, message), to be logged again by the crawl."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


#: In a worker: the stand-in crawler `_serve` makes once, with the crawl's settings.
_worker = SimpleNamespace(crawler=None, log=_KeptRecords())


def worker_crawler() -> Any:
    """In a worker, what a component built there sees of the crawler: its `settings`, `stats` (counted
    back to the crawl) and `spider.timezone`."""
    if _worker.crawler is None:
        raise RuntimeError("worker_crawler() is only available in an extraction worker")
    return _worker.crawler


def _read_frame(stream: BinaryIO) -> Any | None:
    """The next pickled frame of a blocking stream, or None at its end."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    return pickle.loads(stream.read(_LENGTH.unpack(header)[0]))


def _frame(value: Any) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


def _answer(call: int, function: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    """In a worker: the frame answering one call, `function(*args)` or the exception it raised, with
    what it counted and logged."""
    counts = worker_crawler().stats
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except Exception as error:  # travels back to the caller, who raises it
        outcome = (False, error)
    answer = (call, *outcome, dict(counts), _worker.log.records)
    counts.clear()
    _worker.log.records = []
    try:
        return _frame(answer)
    except Exception as error:  # a result or an exception that cannot be pickled
        return _frame((call, False, RuntimeError(f"{function.__name__}: {type(error).__name__}: {error}"), answer[3], answer[4]))


#: How many bytes a pipe to or from a worker holds (Linux's default is 64 KiB: one or two pages).
PIPE_BYTES = 1 << 20


def _widen(descriptor: int) -> None:
    """Let the pipe hold many pages (Linux), so a worker does not wait for the reactor's loop to come
    round between two calls, nor the loop for the worker; elsewhere the pipe stays as it is."""
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        try:
            fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:  # above /proc/sys/fs/pipe-max-size for this user: keep the default
            pass


def _serve() -> None:
    """A worker's life (`python -m crawler.workers`): the crawl's configuration, then calls until
    stdin ends. Its own stdout becomes stderr, so nothing a library prints breaks the frames."""
    # A Ctrl-C or a SIGTERM to the process group is the crawl's to handle: it stops, then ends the
    # workers by closing their stdin, once the calls in them are answered.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for descriptor in (0, 1):
        _widen(descriptor)
    calls, answers = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    os.dup2(2, 1)
    with calls, answers:
        if (configuration := _read_frame(calls)) is None:  # the crawl ended before it said anything
            return
        settings, spider_timezone, log_level = configuration
        _worker.crawler = SimpleNamespace(settings=Settings(settings), stats=_Counts(), spider=SimpleNamespace(timezone=spider_timezone))
        root = logging.getLogger()
        root.handlers[:] = [_worker.log]
        root.setLevel(log_level)
        while (request := _read_frame(calls)) is not None:
            answers.write(_answer(*request))
            answers.flush()


class _WorkerProcess:
    """One worker and the calls in it, answered as its frames come back."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.waiting: dict[int, asyncio.Future[tuple[Any, ...]]] = {}
        self.reader = asyncio.ensure_future(self._read_answers())

    @classmethod
    async def start(cls, configuration: tuple[Any, ...]) -> _WorkerProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "crawler.workers", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        assert process.stdin is not None
        process.stdin.write(_frame(configuration))
        return cls(process)

    async def call(self, number: int, function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, ...]:
        answered = asyncio.get_running_loop().create_future()
        self.waiting[number] = answered
        assert self.process.stdin is not None
        self.process.stdin.write(_frame((number, function, args)))
        await self.process.stdin.drain()
        return await answered

    async def _read_answers(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                (length,) = _LENGTH.unpack(await stdout.readexactly(_LENGTH.size))
                answer = pickle.loads(await stdout.readexactly(length))
                self.waiting.pop(answer[0]).set_result(answer[1:])
        except (asyncio.IncompleteReadError, ConnectionError):  # the worker ended
            died = ExtractionWorkerDied(f"an extraction worker ended (exit code {await self.process.wait()})")
            for waiting in self.waiting.values():
                if not waiting.done():
                    waiting.set_exception(died)
            self.waiting.clear()

    @property
    def alive(self) -> bool:
        return not self.reader.done()

    async def stop(self) -> None:
        """Let the worker finish its calls and end (its stdin closed), then reap it."""
        if self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.close()
        await self.reader
        await self.process.wait()


class ExtractionWorkers:
    """Scrapy extension: the crawl's extraction workers (`SINMUN_EXTRACT_WORKERS`).

    The workers start when the spider opens, while the first listings download, and stop when it
    closes. A call goes to the worker with the fewest calls waiting. A worker that dies (killed,
    out of memory) costs the calls it had (`ExtractionWorkerDied`); another starts in its place,
    and the crawl goes on.
    """

    def __init__(self, crawler: Any, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.processes: list[_WorkerProcess] = []
        self.calls = 0
        self._replacing = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractionWorkers:
        extension = cls(crawler, extract_workers(crawler.settings))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    @classmethod
    def of(cls, crawler: Any) -> ExtractionWorkers:
        """The crawler's workers, or calls in place (0 workers) when the extension is not enabled (or
        the crawler never started: a component used on its own)."""
        try:
            return crawler.get_extension(cls) or cls(crawler, 0)
        except RuntimeError:  # no extension manager yet
            return cls(crawler, 0)

    @property
    def in_place(self) -> bool:
        """Whether `run` calls in place, on the reactor's thread (0 workers, or the spider not open)."""
        return not self.processes

    def _configuration(self) -> tuple[Any, ...]:
        settings = {name: value for name, value in self.crawler.settings.copy_to_dict().items() if name.startswith("SINMUN_")}
        log_level = logging.getLevelName(self.crawler.settings.get("LOG_LEVEL", "INFO"))
        return settings, getattr(self.crawler.spider, "timezone", None), log_level

    async def spider_opened(self, spider: Any) -> None:
        configuration = self._configuration()
        try:
            self.processes = [await _WorkerProcess.start(configuration) for _ in range(self.workers)]
        except OSError as error:  # no process can be started here: the crawl still works, in place
            logger.error("Could not start the extraction workers (%s): extracting on the reactor's thread", error)
            self.processes = []

    async def spider_closed(self, spider: Any) -> None:
        processes, self.processes = self.processes, []
        for process in processes:
            await process.stop()

    async def _worker(self) -> _WorkerProcess:
        """The worker with the fewest calls waiting; a dead one is replaced first (once, however many
        calls find it dead at the same time)."""
        if not all(process.alive for process in self.processes):
            async with self._replacing:
                for index, process in enumerate(self.processes):
                    if not process.alive:
                        logger.error("An extraction worker died; starting another")
                        self.crawler.stats.inc_value("sinmun/workers/restarted")
                        self.processes[index] = await _WorkerProcess.start(self._configuration())
        return min(self.processes, key=lambda process: len(process.waiting))

    async def run(self, function: Callable[..., _Result], *args: Any) -> _Result:
        """`function(*args)`, in a worker when there are workers (the reactor's thread goes on
        meanwhile), else in place. Its exceptions reach the caller as themselves."""
        if self.in_place:
            return function(*args)
        self.calls += 1
        worker = await self._worker()
        succeeded, value, counts, records = await worker.call(self.calls, function, args)
        for key, count in counts.items():
            self.crawler.stats.inc_value(key, count)
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if not succeeded:
            raise value
        return value


if __name__ == "__main__":
    from crawler.workers import _serve as serve_as_the_module  # the module the pickled functions name, not __main__

    serve_as_the_module()
