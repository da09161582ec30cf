"""The Dask engine on a LocalCluster of 2 worker processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import precis_test_stage  # noqa: F401  (registers the "testlead" stage in this process)
from precis.batch.runner import run
from precis.batch.sinks import JsonlSink, StoreSink
from precis.store.db import Store
from precis_test_stage import make_article, plugin_env

distributed = pytest.importorskip("distributed")


def _nlp_loaded() -> bool:
    from precis import nlp

    return nlp._nlp is not None


def test_dask_local_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in plugin_env({}).items():
        monkeypatch.setenv(k, v)  # the worker processes inherit it and register the test stage
    records = [{"id": f"d{i}", "text": make_article(i), "source": f"t:{i}"} for i in range(10)]
    records[6]["text"] = ""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        db = tmp_path / "r.db"
        stats = run(
            records,
            StoreSink(db),
            stages=("testlead",),
            engine="dask",
            scheduler=cluster.scheduler_address,
            chunk_size=2,
        )
        assert (stats.processed, stats.failed) == (10, 1)
        # The worker plugin loaded spaCy in every worker process, once.
        assert all(client.run(_nlp_loaded).values())
        assert 1 <= len(stats.worker_rss_mb) <= 2
        with Store(db) as store:
            got = {r["id"]: r for r in store.records()}
        assert sorted(got) == sorted(r["id"] for r in records)
        assert got["d6"]["error"] == "text is empty"
        assert got["d0"]["highlights"][0]["text"].startswith("The council of")

        # A rerun on the cluster skips everything; JSONL output works the same way.
        again = run(
            records,
            StoreSink(db),
            stages=("testlead",),
            engine="dask",
            scheduler=cluster.scheduler_address,
        )
        assert (again.processed, again.skipped, again.skipped_failed) == (0, 10, 1)
        out = tmp_path / "o.jsonl"
        run(
            records[:4],
            JsonlSink(out),
            stages=("testlead",),
            engine="dask",
            scheduler=cluster.scheduler_address,
            chunk_size=1,
        )
        ids = [json.loads(x)["id"] for x in out.read_text().splitlines()]
        assert sorted(ids) == ["d0", "d1", "d2", "d3"]
