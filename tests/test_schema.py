"""The output record's JSON Schema (derived from the model) against real outputs and the README."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import precis
import precis_test_stage  # noqa: F401  (registers the "testlead" stage in this process)
from precis.batch.runner import run
from precis.batch.sinks import JsonlSink
from precis.batch.worker import error_output
from precis.pipeline import analyze_many
from precis.schema import error_record_schema, record_schema, validator
from precis.serialize import error_record
from precis_test_stage import make_article

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def check() -> jsonschema.Draft202012Validator:
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return validator(schema)


def test_sample_record_matches_and_carries_speaker_labels(
    check: jsonschema.Draft202012Validator, sample_text: str
) -> None:
    out = precis.analyze(sample_text, published="2024-05-07").to_dict()
    check.validate(out)
    assert out["stages"] == ["claims", "disputes", "facts", "highlights"]
    assert out["speakers"] and all("label" in s for s in out["speakers"])
    assert any(s["label"] for s in out["speakers"])
    # A field the schema does not know is refused: the schema is strict, not decorative.
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**out, "summary": "x"})
    with pytest.raises(jsonschema.ValidationError):
        check.validate({**out, "highlights": [{"text": "x", "spans": [[0]]}]})


def test_seed_record_matches(check: jsonschema.Draft202012Validator, seed_text: str) -> None:
    out = precis.analyze(seed_text, published="2015-10-01").to_dict()
    check.validate(out)
    assert out["disputes"] and out["places"] and out["claims"]


def test_one_error_shape_from_pipeline_and_batch(
    check: jsonschema.Draft202012Validator, tmp_path: Path
) -> None:
    (outcome,) = list(analyze_many([{"id": "e1", "text": "   "}], stages=("testlead",)))
    rec = outcome.to_dict()
    assert rec == error_record("e1", "text is empty")
    check.validate(rec)
    jsonschema.validate(rec, error_record_schema())
    worker = error_output({"id": "e2", "title": "T", "source": "s"}, "boom")
    check.validate(worker)
    assert set(error_record("x", "y")) <= set(worker) and worker["title"] == "T"
    # Through the runner: reader errors, empty texts and a stage that raises, among good records.
    records = [{"id": f"r{i}", "text": make_article(i), "source": f"t:{i}"} for i in range(3)]
    records[1]["text"] = make_article(1) + " EXPLODE"
    records.append({"id": None, "text": None, "source": "t:x", "error": "unreadable line"})
    out = tmp_path / "o.jsonl"
    run(records, JsonlSink(out), stages=("testlead",), workers=1, chunk_size=2)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        check.validate(line)
    errors = [x for x in lines if x["error"]]
    assert len(errors) == 2
    keys = set(error_record("x", "y"))
    assert all(keys <= set(e) and e["highlights"] == [] and e["stages"] == [] for e in errors)


def test_readme_json_examples_match(check: jsonschema.Draft202012Validator) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", readme, flags=re.S)
    assert blocks, "README has no JSON examples"
    for block in blocks:
        check.validate(json.loads(block))


def test_cli_prints_the_schema() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "precis.cli.main", "schema"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == record_schema()
    assert json.loads(r.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
