"""Shared fixtures. Data from ../shared is read at run time; tests needing it skip when absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "syria-airstrikes-2015.txt"
DEV = SHARED / "data" / "cnndm" / "dev.jsonl"
SAMPLE = ROOT / "src" / "precis" / "data" / "sample_article.txt"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_rows() -> list[dict[str, Any]]:
    with need(DEV).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
