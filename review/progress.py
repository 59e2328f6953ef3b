"""Progress for long commands: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class Reporter:
    """`with Reporter("crawl", total) as r: r.advance("js_news: 12 new")`."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total = label, total
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Reporter:
        if self.stream.isatty():
            self._bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), transient=True,
            )  # fmt: skip
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total, rate="")
        return self

    def advance(self, message: str, steps: int = 1) -> None:
        self.done += steps
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = f"{self.done / elapsed:.1f}/s"
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=steps, rate=rate)
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            self.stream.write(f"[{self.label} {self.done}/{self.total} {rate}] {message}\n")
            self.stream.flush()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
