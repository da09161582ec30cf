"""The shared MiniLM embedding module (int8 ONNX via onnxruntime)."""

from __future__ import annotations

import hashlib
from importlib import resources

import numpy as np
import pytest

from precis.embed import DIM, embed, similarity


def test_vectors_are_normalised_and_batch_independent() -> None:
    a = "Russia rejected claims that its air strikes hit civilians."
    b = "The National Coalition said 36 civilians were killed, far more than officials admitted."
    alone = embed([a])
    both = embed([a, b])
    assert alone.shape == (1, DIM) and both.shape == (2, DIM) and both.dtype == np.float32
    # Dynamic quantisation scales activations per run: a text's vector must not depend on the
    # other texts of the call (or on their length, i.e. padding).
    assert np.abs(alone[0] - both[0]).max() <= 1e-6
    assert np.abs(embed([b, a, "x"])[1] - alone[0]).max() <= 1e-6
    assert np.allclose(np.linalg.norm(both, axis=1), 1.0, atol=1e-5)
    assert embed([]).shape == (0, DIM)


def test_similarity_ranks_paraphrase_above_other_matter() -> None:
    s = "The company reported record profits for the third quarter."
    para = "Quarterly earnings hit an all-time high, the firm said."
    other = "Heavy snow closed several mountain roads overnight."
    assert similarity(s, para) > similarity(s, other) + 0.2


def test_one_string_is_refused() -> None:
    with pytest.raises(TypeError):
        embed("a string, not a list")  # type: ignore[arg-type]


def test_artifacts_match_their_checksums() -> None:
    base = resources.files("precis").joinpath("data", "minilm")
    sums = base.joinpath("SHA256SUMS").read_text("utf-8").split("\n")
    for line in filter(None, sums):
        digest, name = line.split()
        assert hashlib.sha256(base.joinpath(name).read_bytes()).hexdigest() == digest, name
    assert "Apache" in base.joinpath("NOTICE").read_text("utf-8")
