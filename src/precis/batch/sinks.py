"""Where a batch run writes: a SQLite store (default), a JSONL file or a Parquet file.

Every sink knows what an earlier, possibly killed, run already wrote (:meth:`Sink.prior`), so a
rerun skips exactly those records: none lost, none written twice.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Protocol

from precis.store.db import Store
from precis.store.export import dump_line, export_parquet, read_parquet_records


class Done:
    """What earlier runs wrote: ``take(key)`` says whether to skip this occurrence of ``key``.

    JSONL counts occurrences (an input with a repeated id has as many output lines); a store keeps
    one result per key, so every occurrence of a stored key is skipped.
    """

    def __init__(self, counts: Counter[str], errors: set[str], every: bool) -> None:
        self.counts = counts
        self.errors = errors
        self.every = every

    def take(self, key: str) -> bool:
        if self.counts[key] <= 0:
            return False
        if not self.every:
            self.counts[key] -= 1
        return True

    def __len__(self) -> int:
        return sum(1 for v in self.counts.values() if v > 0)


class Sink(Protocol):
    def prior(self) -> Done: ...
    def write(self, outputs: list[dict[str, Any]], records: list[dict[str, Any]]) -> None: ...
    def close(self, complete: bool) -> None: ...


class StoreSink:
    def __init__(self, path: str | Path, retry_errors: bool = False) -> None:
        self.store = Store(path)
        self.retry_errors = retry_errors

    def prior(self) -> Done:
        done = self.store.done()
        if self.retry_errors:
            done = {k: e for k, e in done.items() if not e}
        return Done(Counter(dict.fromkeys(done, 1)), {k for k, e in done.items() if e}, every=True)

    def write(self, outputs: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
        self.store.write(outputs, {r["key"]: r.get("text") for r in records})

    def close(self, complete: bool) -> None:
        self.store.close()


class JsonlSink:
    """Append-only JSONL; each chunk is flushed, so a killed run leaves at most one partial line,
    which the next run cuts off before appending."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        counts: Counter[str] = Counter()
        errors: set[str] = set()
        if self.path.exists():
            self._truncate_partial_line()
            with self.path.open("rb") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue
                    key = rec.get("key") or rec.get("id")
                    if key is not None:
                        counts[str(key)] += 1
                        if rec.get("error"):
                            errors.add(str(key))
        self._done = Done(counts, errors, every=False)
        self.fh = self.path.open("a", encoding="utf-8")

    def _truncate_partial_line(self) -> None:
        with self.path.open("r+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size == 0:
                return
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return
            # Walk back to the last newline; everything after it is a line cut by a kill.
            pos = size
            block = 65536
            while pos > 0:
                start = max(0, pos - block)
                fh.seek(start)
                chunk = fh.read(pos - start)
                nl = chunk.rfind(b"\n")
                if nl >= 0:
                    fh.truncate(start + nl + 1)
                    return
                pos = start
            fh.truncate(0)

    def prior(self) -> Done:
        return self._done

    def write(self, outputs: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
        self.fh.write("".join(dump_line(o) for o in outputs))
        self.fh.flush()

    def close(self, complete: bool) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()


class ParquetSink:
    """Parquet cannot be appended safely, so results go to a working store beside the file
    (``.NAME.partial.db``) and the Parquet file is written atomically when the run completes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.work = self.path.with_name(f".{self.path.name}.partial.db")
        fresh = not self.work.exists()
        self.inner = StoreSink(self.work)
        if fresh and self.path.exists():  # resume from a finished Parquet file
            rows = list(read_parquet_records(self.path))
            self.inner.store.write(rows, {})

    def prior(self) -> Done:
        return self.inner.prior()

    def write(self, outputs: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
        self.inner.write(outputs, records)

    def close(self, complete: bool) -> None:
        if complete:
            export_parquet(self.inner.store.records(), self.path)
        self.inner.close(complete)
        if complete:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.work}{suffix}").unlink(missing_ok=True)


def open_sink(out: str, retry_errors: bool = False) -> Sink:
    lower = out.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        return JsonlSink(out)
    if lower.endswith(".parquet"):
        return ParquetSink(out)
    return StoreSink(out, retry_errors=retry_errors)
