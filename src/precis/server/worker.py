"""What runs inside an analysis worker process: load the models once, then analyse jobs.

The server never imports spaCy in its own process; each worker process calls :func:`warm` once at
start (the pipeline, the stage modules and their models load then) and :func:`run_job` per request.
All only use the library API (:mod:`precis.pipeline`, :mod:`precis.ingest.html`,
:mod:`precis.conflicts`).
"""

from __future__ import annotations

import logging
from typing import Any

from precis.errors import InputError

log = logging.getLogger("precis.server")

#: A short English text that exercises every stage, so the first real request pays no load cost.
_WARM_TEXT = (
    "Officials in Paris said on Monday that 12 people were hurt. "
    '"We are still counting," a police spokesman told reporters.'
)


def to_record(analysis: Any) -> dict[str, Any]:
    """The output record of ``precis run`` for one analysis: the one call site to change when
    the library's serializer replaces ``Analysis.to_dict``."""
    record: dict[str, Any] = analysis.to_dict()
    return record


def warm() -> None:
    """Load the spaCy pipeline and every stage's model by analysing a tiny article, then the
    conflict and stance models (a few seconds more; the first /v1/disputes would pay it)."""
    from precis.pipeline import DEFAULT_STAGES, analyze
    from precis.stages import warm as load_stages

    load_stages(DEFAULT_STAGES)
    analyze(_WARM_TEXT)
    try:
        disputes({"pairs": [{"a": "Officials said 12 people died.", "b": "Police denied that."}]})
        stance_of({"claim": "Twelve people were hurt.", "text": _WARM_TEXT})
    except Exception:  # analysis still works; those endpoints will report their error
        log.exception("could not load the conflict models")


def disputes(job: dict[str, Any]) -> dict[str, Any]:
    """Score each pair of ``job["pairs"]`` with :func:`precis.conflicts.judge`.

    Returns ``{"ok": [result, ...]}`` or ``{"input_error": message}`` naming the pair at fault.
    """
    from precis.conflicts import judge

    out = []
    pairs = job["pairs"]
    for i, pair in enumerate(pairs):
        try:
            j = judge(pair["a"], pair["b"], pair.get("a_source"), pair.get("b_source"))
        except InputError as exc:
            where = f"pair {i}: " if len(pairs) > 1 else ""
            return {"input_error": where + str(exc)}
        out.append({"id": pair.get("id"), "dispute": j.dispute, "score": j.score, "kind": j.kind})
    return {"ok": out}


def stance_of(job: dict[str, Any]) -> dict[str, Any]:
    """The stance of ``job["text"]`` towards ``job["claim"]``: ``{"ok": result}`` or
    ``{"input_error": message}``."""
    from precis.conflicts import check_statement
    from precis.conflicts.stance import stance

    try:
        check_statement(job["claim"], "claim")
        s = stance(job["claim"], job["text"])
    except InputError as exc:
        return {"input_error": str(exc)}
    return {
        "ok": {
            "stance": s.stance,
            "score": s.score,
            "evidence": [list(e) for e in s.evidence],
            "probs": s.probs,
        }
    }


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run one request: ``job["op"]`` is "analyze" (the default), "disputes" or "stance"."""
    op = job.get("op", "analyze")
    if op == "disputes":
        return disputes(job)
    if op == "stance":
        return stance_of(job)
    return analyze_job(job)


def analyze_job(job: dict[str, Any]) -> dict[str, Any]:
    """Analyse one request. Returns ``{"ok": record}`` or ``{"input_error": message}``.

    ``job`` holds ``text`` or ``html``, and optionally ``title``, ``published``, ``stages``,
    ``settings`` (plain data for :meth:`precis.Settings.from_mapping`) and
    ``include_text`` (add the analysed text, which the offsets index, as ``text``: the caller
    of an HTML page has no other way to see it).
    """
    from precis.pipeline import DEFAULT_STAGES, analyze
    from precis.stages import Settings

    try:
        settings = Settings.from_mapping(job.get("settings"))
        title = job.get("title")
        published = job.get("published")
        if job.get("html") is not None:
            from precis.ingest.html import extract_html

            page = extract_html(job["html"])
            text = page["text"]
            title = title or page["title"]
            published = published or page["published"]
        else:
            text = job["text"]
        analysis = analyze(
            text,
            title=title,
            published=published,
            stages=job.get("stages") or DEFAULT_STAGES,
            settings=settings,
        )
    except InputError as exc:
        return {"input_error": str(exc)}
    except ValueError as exc:  # unknown stage names and the like: the request's fault
        return {"input_error": str(exc)}
    record = to_record(analysis)
    if job.get("include_text"):
        record["text"] = analysis.article.text
    return {"ok": record}
