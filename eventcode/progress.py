"""A progress line for terminals: documents, sentences/second and, when known, the ETA.

Shown only when standard error is a terminal and ``CI`` is not set, so logs stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from eventcode.run import RunStats


class ProgressBar:
    """Rewrites one line on a terminal as batches finish."""

    def __init__(self, stream: TextIO, total_documents: int | None = None) -> None:
        self.stream = stream
        self.total = total_documents
        self.started = time.perf_counter()

    @classmethod
    def for_terminal(cls, *, enabled: bool = True, stream: TextIO | None = None) -> ProgressBar | None:
        """A bar on standard error when it is a terminal outside CI; otherwise None."""
        stream = stream or sys.stderr
        if not enabled or os.environ.get("CI") or not stream.isatty():
            return None
        return cls(stream)

    def line(self, stats: RunStats) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = stats.sentences / elapsed
        text = f"{stats.documents + stats.skipped:,} documents, {stats.sentences:,} sentences, {rate:,.0f} sentences/s"
        if self.total:
            done = stats.documents + stats.skipped
            eta = (self.total - done) * elapsed / done if done else 0
            text = f"{100 * done / self.total:5.1f}% " + text + f", ETA {eta:,.0f}s"
        return text

    def update(self, stats: RunStats) -> None:
        self.stream.write("\r" + self.line(stats) + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
