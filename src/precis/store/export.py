"""Write output records as JSONL or Parquet, and read Parquet back (to resume a Parquet run)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

#: Rows per Parquet row group: bounded memory while exporting a large store.
ROW_GROUP = 2000


def dump_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def export_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(dump_line(rec))
        n += 1
    return n


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("key", pa.string()),
            ("id", pa.string()),
            ("title", pa.string()),
            ("published", pa.string()),
            ("source", pa.string()),
            ("error", pa.string()),
            ("highlights", pa.list_(pa.string())),
            # The whole output record, so nothing (spans, claims, facts) is lost in Parquet.
            ("record", pa.string()),
        ]
    )


def _row(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": rec.get("key"),
        "id": rec.get("id"),
        "title": rec.get("title"),
        "published": rec.get("published"),
        "source": rec.get("source"),
        "error": rec.get("error"),
        "highlights": [h.get("text", "") for h in rec.get("highlights") or []],
        "record": json.dumps(rec, ensure_ascii=False),
    }


def export_parquet(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write a Parquet file atomically (a temporary file renamed into place)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    schema = _schema()
    n = 0
    with pq.ParquetWriter(str(tmp), schema) as writer:
        rows: list[dict[str, Any]] = []
        for rec in records:
            rows.append(_row(rec))
            n += 1
            if len(rows) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(tmp, path)
    return n


def read_parquet_records(path: str | Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(str(path))
    for batch in pf.iter_batches(columns=["record"]):
        for raw in batch.column(0).to_pylist():
            yield json.loads(raw)
