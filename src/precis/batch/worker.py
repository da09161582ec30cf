"""What runs inside a worker process (local pool or Dask worker): analyse one chunk of records.

The worker depends only on :func:`precis.pipeline.analyze_many` and ``Analysis.to_dict()``; spaCy is
loaded once per process by :mod:`precis.nlp` (``warm_up`` does it ahead of the first chunk).
"""

from __future__ import annotations

import os
import resource
import sys
import threading
from collections.abc import Sequence
from typing import Any

from precis import stages
from precis.ingest.corpora import key_of
from precis.pipeline import analyze_many
from precis.serialize import error_record
from precis.stages import Settings

# nlp.parse toggles pipes with select_pipes, which is not thread-safe: one chunk at a time per
# process even when a Dask worker runs several threads.
_LOCK = threading.Lock()


def warm_up(names: Sequence[str] = ()) -> None:
    """Load spaCy, the stage modules and the models of the stages ``names`` run, now, so the
    first chunk does not pay for them."""
    from precis import nlp

    if names:
        stages.warm(names)
    else:
        stages.load()
        nlp.load()


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _decorate(out: dict[str, Any], rec: dict[str, Any]) -> dict[str, Any]:
    """Add what the reader knew (key, source, url, author, reader warnings) to an output record."""
    for known in ("title", "published"):
        if out.get(known) is None:
            out[known] = rec.get(known)
    out.setdefault("highlights", [])
    out.setdefault("warnings", [])
    out.setdefault("stages", [])
    if rec.get("id") is not None:
        out["id"] = rec["id"]
    out["key"] = rec.get("key") or key_of(rec)
    out["source"] = rec.get("source")
    for extra in ("url", "author"):
        if rec.get(extra):
            out[extra] = rec[extra]
    if rec.get("warnings"):
        out["warnings"] = [*rec["warnings"], *out["warnings"]]
    return out


def error_output(rec: dict[str, Any], message: str) -> dict[str, Any]:
    """The error record (:func:`precis.serialize.error_record`) of ``rec``, with what it knew."""
    return _decorate(error_record(rec.get("id"), message), rec)


def analyze_chunk(
    records: list[dict[str, Any]],
    names: Sequence[str],
    settings: Settings | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Output dicts for ``records``, one each, in order; plus ``{"pid", "rss_mb"}`` of this process.

    Never raises for a record: reader errors pass through, analysis errors are recorded, and if the
    batched parse itself fails the chunk is redone one record at a time to isolate the culprit.
    """
    with _LOCK:
        outs: list[dict[str, Any] | None] = [None] * len(records)
        todo = []
        for i, rec in enumerate(records):
            if rec.get("error"):
                outs[i] = error_output(rec, str(rec["error"]))
            else:
                todo.append(i)
        try:
            batch = [records[i] for i in todo]
            for i, outcome in zip(todo, analyze_many(batch, names, settings=settings), strict=True):
                outs[i] = _decorate(outcome.to_dict(), records[i])
        except Exception:
            for i in todo:
                if outs[i] is not None:
                    continue
                try:
                    (outcome,) = list(analyze_many([records[i]], names, settings=settings))
                    outs[i] = _decorate(outcome.to_dict(), records[i])
                except Exception as exc:
                    msg = f"internal error in analysis: {type(exc).__name__}: {exc}"
                    outs[i] = error_output(records[i], msg)
        meta = {"pid": os.getpid(), "rss_mb": peak_rss_mb()}
        return [o for o in outs if o is not None], meta
