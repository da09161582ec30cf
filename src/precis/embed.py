"""Sentence embeddings: all-MiniLM-L6-v2 (Apache-2.0), int8 ONNX, run with onnxruntime.

The model and tokenizer ship in ``precis/data/minilm/`` (made once by ``scripts/export_minilm.py``;
see its NOTICE). Vectors are 384-dimensional, mean-pooled over tokens and L2-normalised as
sentence-transformers does, so a dot product is a cosine.

Each text is run through the model on its own: dynamic quantisation scales activations over the
whole input tensor, so batching several texts (and their padding) would make a text's vector depend
on its neighbours. One text per run keeps ``embed([a]) == embed([a, b])[0]`` exactly. The model is
loaded once per process, lazily, and runs on one thread (the caller decides the parallelism).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

DIM = 384
#: sentence-transformers' max_seq_length for this model; longer texts are truncated.
MAX_TOKENS = 256
#: Vectors of recently seen texts are kept (a body's sentences recur across claims).
CACHE_SIZE = 4096

_lock = threading.Lock()
_state: tuple[Any, Any] | None = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _load() -> tuple[Any, Any]:
    global _state
    with _lock:
        if _state is None:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            base = resources.files("precis").joinpath("data", "minilm")
            tok = Tokenizer.from_str(base.joinpath("tokenizer.json").read_text("utf-8"))
            tok.no_padding()
            tok.enable_truncation(max_length=MAX_TOKENS)
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            sess = ort.InferenceSession(
                base.joinpath("model_int8.onnx").read_bytes(),
                sess_options=opts,
                providers=["CPUExecutionProvider"],
            )
            _state = (tok, sess)
        return _state


def load() -> None:
    """Load the tokenizer and the ONNX session now (once per process)."""
    _load()


def _one(text: str) -> np.ndarray:
    tok, sess = _load()
    enc = tok.encode(text)
    ids = np.asarray([enc.ids], dtype=np.int64)
    feed = {
        "input_ids": ids,
        "attention_mask": np.ones_like(ids),
        "token_type_ids": np.zeros_like(ids),
    }
    hidden = sess.run(None, feed)[0][0]
    vec = hidden.mean(axis=0).astype(np.float32)
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else vec


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised 384-d float32 vector per text (shape ``(len(texts), 384)``).

    A text's vector never depends on the other texts of the call. Empty text gets the vector of
    the bare [CLS] [SEP] input, like sentence-transformers.
    """
    if isinstance(texts, str):
        raise TypeError("embed() takes a sequence of texts, not one string")
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        vec = _cache.get(text)
        if vec is None:
            vec = _one(text)
            with _lock:
                _cache[text] = vec
                if len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        out[i] = vec
    return out


def similarity(a: str, b: str) -> float:
    """Cosine of the two texts' embeddings."""
    va, vb = embed([a, b])
    return float(va @ vb)
