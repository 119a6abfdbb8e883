"""The problems of a large upload: counted, the first few kept in memory, every one on disk.

A 20 MB file of two-byte features (`0,0,0,...`) holds ten million records, each a problem.
Kept as Problem objects they took gigabytes; here each problem is one CSV line in a temporary
file (the downloadable report), and only the first `keep` stay in memory for the page.
Problems arrive in runs, each in record order (the validation pass, then the import's own
checks); the report merges the runs back into record order as it is written out.
"""

from __future__ import annotations

import csv
import heapq
import io
import tempfile
from collections.abc import Iterator
from typing import IO

from heritage.schema import Problem
from heritage.spreadsheet import defuse, without_controls

KEEP = 100  # problems kept in memory: what the page shows (heritage/ui/problems.py SHOWN_PROBLEMS)
REPORT_COLUMNS = ("record", "id", "field", "problem")


class ProblemLog:
    """A list-like of problems: len() counts all, [:n] and iteration give the first `keep` only."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self.count = 0
        self.first: list[Problem] = []
        self._runs: list[IO[str]] = []
        self._writer: csv.writer | None = None  # type: ignore[valid-type]
        self._kept_in_run = 0  # each run keeps its first `keep`; finish() keeps the first overall

    # -- collecting -----------------------------------------------------------------
    def append(self, problem: Problem) -> None:
        if self._writer is None:
            self.new_run()
        self.count += 1
        if self._kept_in_run < self.keep:
            self.first.append(problem)
            self._kept_in_run += 1
        self._writer.writerow(_cells(problem))  # type: ignore[union-attr]

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    def new_run(self) -> None:
        """Problems appended from now on form a run of their own (each run is in record order)."""
        run = tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="")  # noqa: SIM115 (closed with the log)
        self._runs.append(run)
        self._writer = csv.writer(run)
        self._kept_in_run = 0

    def finish(self) -> None:
        """After the last problem: the first `keep` in record order across runs."""
        self.first.sort(key=lambda p: p.record or 0)
        del self.first[self.keep :]

    # -- reading --------------------------------------------------------------------
    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.first)

    def __getitem__(self, index):
        return self.first[index]

    def __bool__(self) -> bool:
        return self.count > 0

    def __eq__(self, other: object) -> bool:
        """Equal to a list holding exactly these problems (all of them kept)."""
        if isinstance(other, ProblemLog):
            other = other.first if other.count == len(other.first) else None
        return isinstance(other, list) and self.count == len(other) and self.first == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ProblemLog(count={self.count}, first={self.first[:3]!r}...)"

    def report_csv(self) -> bytes:
        """Every problem as the report CSV (defused, UTF-8 with a byte-order mark), in record order."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(REPORT_COLUMNS)
        for run in self._runs:
            run.seek(0)
        rows = heapq.merge(*(csv.reader(run) for run in self._runs), key=lambda row: int(row[0] or 0))
        writer.writerows(rows)
        for run in self._runs:
            run.seek(0, 2)  # back to the end, should more problems come
        return out.getvalue().encode("utf-8-sig")

    def close(self) -> None:
        for run in self._runs:
            run.close()

    def __del__(self) -> None:
        self.close()


def _cells(problem: Problem) -> list[object]:
    values = [problem.record if problem.record is not None else "", problem.site_id or "", problem.field or ""]
    return [defuse(without_controls(value)) for value in (*values, problem.message)]
