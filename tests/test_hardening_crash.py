"""Crash safety (issue 16): ``precis run`` killed with SIGKILL and resumed keeps every article once;
a read-only or full output place gives a clear error and corrupts nothing already stored.

Runs use the tiny test stage (PRECIS_PLUGINS) so a run costs the model load and little more.
``scripts/crash_soak.py`` does the same with 20 kills.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from precis_test_stage import plugin_env, write_jsonl

_SCRIPT = Path(sys.executable).with_name("precis")
PRECIS = [str(_SCRIPT)] if _SCRIPT.exists() else [shutil.which("precis") or "precis"]


def run_args(src: Path, out: Path) -> list[str]:
    return [*PRECIS, "run", str(src), "--out", str(out), "--stages", "testlead", "-j1", "-q"]


def store_state(db: Path) -> tuple[str, list[str]]:
    """(integrity check result, ids of the stored results, one per row)."""
    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        ids = [r[0] for r in con.execute("SELECT a.id FROM results r JOIN articles a USING (key)")]
    finally:
        con.close()
    return check, ids


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM results").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # not created yet
        return 0


def kill_at_random(
    src: Path,
    out: Path,
    kills: int,
    seed: int,
    *,
    args: Callable[[Path, Path], list[str]] = run_args,
    count: Callable[[Path], int] = stored_count,
    env: dict[str, str] | None = None,
    pause: float = 0.5,
    after_kill: Callable[[], None] | None = None,
) -> int:
    """Start the command ``args(src, out)`` (default ``precis run``) ``kills`` times, each killed
    (SIGKILL, whole group) at a random moment, up to ``pause`` s, after ``count(out)`` has grown
    (so kills land mid-write); ``after_kill`` checks the store after each. Returns how many
    finished before their kill."""
    rng = random.Random(seed)
    done = 0
    for _ in range(kills):
        before = count(out)
        proc = subprocess.Popen(
            args(src, out),
            env=plugin_env() if env is None else env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and count(out) <= before and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, pause))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            done += 1
        proc.wait(timeout=30)
        if after_kill is not None:
            after_kill()
    return done


def test_sigkill_then_resume_keeps_every_article_once(tmp_path: Path) -> None:
    src = tmp_path / "corpus.jsonl"
    ids = write_jsonl(src, 800)
    out = tmp_path / "results.db"
    finished = kill_at_random(src, out, kills=5, seed=16)
    mid = stored_count(out)
    assert finished < 5 and 0 < mid < len(ids), (finished, mid)  # the kills landed mid-run
    final = subprocess.run(
        run_args(src, out), env=plugin_env(), capture_output=True, text=True, timeout=180
    )
    assert final.returncode == 0, final.stderr
    check, stored = store_state(out)
    assert check == "ok"
    assert sorted(stored) == sorted(ids)  # every article, exactly once


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A tiny tmpfs (200 KiB) of our own; skipped where mounting is not allowed."""
    yield from _mount_tmpfs(tmp_path / "mnt", "200k")


@pytest.fixture
def roomy_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs big enough for a small store (to make read-only); skipped as ``tmpfs``."""
    yield from _mount_tmpfs(tmp_path / "mnt", "32m")


def _mount_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or r.returncode})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def test_read_only_output_is_a_clear_error_and_keeps_the_store(tmp_path: Path, tmpfs: Path) -> None:
    src = tmp_path / "first.jsonl"
    write_jsonl(src, 5)
    out = tmpfs / "results.db"
    first = subprocess.run(
        run_args(src, out), env=plugin_env(), capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    more = tmp_path / "more.jsonl"
    write_jsonl(more, 12)
    _remount(tmpfs, "ro")
    try:
        r = subprocess.run(
            run_args(more, out), env=plugin_env(), capture_output=True, text=True, timeout=120
        )
    finally:
        _remount(tmpfs, "rw")
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and "cannot write the output" in r.stderr, r.stderr
    check, stored = store_state(out)
    assert check == "ok" and len(stored) == 5


def test_full_disk_is_a_clear_error_and_keeps_the_store(tmp_path: Path, tmpfs: Path) -> None:
    src = tmp_path / "big.jsonl"
    write_jsonl(src, 3000)  # far more than 200 KiB of results
    out = tmpfs / "results.db"
    r = subprocess.run(
        run_args(src, out), env=plugin_env(), capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "cannot write the output" in r.stderr, r.stderr[-2000:]
    check, stored = store_state(out)
    assert check == "ok" and stored and len(stored) == len(set(stored))


# -- precis stories ------------------------------------------------------------------------------

# Invented events (no publisher's text): pairs of the same kind close in time, the hard case.
_EVENTS = [
    ("flood", "the Varn river", "Kellby", "Mayor Ida Strand", 9, "2031-03-02"),
    ("flood", "the Osk river", "Tarrow", "Governor Piet Laan", 23, "2031-03-04"),
    ("fire", "a chemical plant", "Brenholt", "Fire chief Rosa Imri", 4, "2031-03-03"),
    ("fire", "the old cinema", "Mossend", "Police chief Karl Vey", 2, "2031-03-05"),
    ("strike", "dock workers", "Port Alder", "Union leader Mara Quist", 3000, "2031-03-06"),
    ("strike", "rail drivers", "Elmstead", "Minister Oren Falk", 1200, "2031-03-07"),
    ("quake", "a 6.1 earthquake", "Sarnia Bay", "Prefect Luca Denn", 31, "2031-03-09"),
    ("quake", "a 5.4 earthquake", "Hollin", "Mayor Tessa Brun", 5, "2031-03-10"),
    ("election", "the council vote", "Widmere", "Candidate Jonas Pell", 52, "2031-03-11"),
    ("crash", "a coach", "the Drey pass", "Inspector Ada Morrow", 7, "2031-03-12"),
]
_REPORTS = [
    "{Thing} hit {place} on {day}, and {n} people were affected. {official} said crews from "
    "{place} worked through the night. Residents of {place} described the {kind} as the worst in "
    "memory.",
    "{official} told reporters in {place} that {n} people were counted after the {kind}. The "
    "response to {thing} would take weeks, {official} said, as aid reached {place}.",
    "A day after {thing} struck {place}, {official} asked for calm. Local groups put the figure "
    "higher than {n}, and {place} schools stayed closed while the {kind} was assessed.",
    "In {place}, the {kind} involving {thing} is still the main story. {official} promised an "
    "inquiry, and {n} families asked for help.",
]


def story_corpus(path: Path) -> list[str]:
    """The corpus of the stories crash test, as JSONL: the shipped sample article, invented
    reports of ten events (four each, shuffled), a repeat of one report under another id and an
    empty article (it fails analysis and must stay out of every story). Returns the ids."""
    import json
    from datetime import date, timedelta

    rows = []
    for e, (kind, thing, place, official, n, day) in enumerate(_EVENTS):
        d0 = date.fromisoformat(day)
        for r, template in enumerate(_REPORTS):
            d = d0 + timedelta(days=r // 2)
            text = template.format(
                thing=thing,
                Thing=thing[0].upper() + thing[1:],
                place=place,
                official=official,
                n=n,
                kind=kind,
                day=d.strftime("%A"),
            )
            rows.append(
                {
                    "id": f"ev{e}-r{r}",
                    "text": text,
                    "title": f"{kind} in {place}",
                    "published": d.isoformat(),
                }
            )
    random.Random(3).shuffle(rows)
    sample = Path(__file__).resolve().parent.parent / "src/precis/data/sample_article.txt"
    title, _, body = sample.read_text(encoding="utf-8").partition("\n")
    rows.insert(
        7, {"id": "sample", "text": body.strip(), "title": title, "published": "2031-03-05"}
    )
    rows.append({**rows[3], "id": "repeat-of-" + rows[3]["id"]})
    rows.append({"id": "empty", "text": "", "published": "2031-03-06"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [r["id"] for r in rows]


def stories_args(src: Path, out: Path, every: int = 2) -> list[str]:
    return [
        *PRECIS,
        "stories",
        str(src),
        "--out",
        str(out),
        "-j1",
        "-q",
        "--commit-every",
        str(every),
    ]


def grouped_count(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM story_members").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # no story tables yet
        return 0


def stories_state(db: Path) -> dict[str, Any]:
    """What the crash checks compare: integrity check, memberships by article id, the stories
    (id -> size, card) and the duplicate rows."""
    import json

    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        members = con.execute(
            "SELECT a.id, m.story FROM story_members m JOIN articles a USING(key) "
            "WHERE m.duplicate_of IS NULL ORDER BY m.seq"
        ).fetchall()
        dups = con.execute(
            "SELECT a.id, m.story FROM story_members m JOIN articles a USING(key) "
            "WHERE m.duplicate_of IS NOT NULL"
        ).fetchall()
        stories = {
            sid: (size, json.loads(card) if card else None)
            for sid, size, card in con.execute("SELECT id, size, card FROM stories")
        }
        n_docs = con.execute("SELECT value FROM meta WHERE name = 'stories_docs'").fetchone()
    finally:
        con.close()
    return {
        "check": check,
        "ids": [i for i, _ in members],
        "story_of": dict(members),
        "dups": dict(dups),
        "stories": stories,
        "n_docs": int(n_docs[0]) if n_docs else 0,
    }


def check_consistent(state: dict[str, Any]) -> None:
    """Every article in at most one story, sizes and cards matching the memberships."""
    assert state["check"] == "ok"
    assert len(state["ids"]) == len(set(state["ids"]))  # no article twice
    assert state["n_docs"] == len(state["ids"])  # document counts committed with the members
    by_story: dict[str, list[str]] = {}
    for aid in state["ids"]:
        by_story.setdefault(state["story_of"][aid], []).append(aid)
    assert set(by_story) == set(state["stories"])  # no story without members, none missing
    for sid, (size, card) in state["stories"].items():
        assert size == len(by_story[sid]), sid
        assert card is not None and card["id"] == sid
        assert [m["id"] for m in card["members"]] == by_story[sid], sid


def clear_stories(db: Path) -> None:
    """Keep the analyses of ``db``, forget its grouping (the crash runs group afresh)."""
    con = sqlite3.connect(db, isolation_level=None)
    try:
        for table in ("story_members", "stories", "story_df", "story_search"):
            con.execute(f"DELETE FROM {table}")
        con.execute("DELETE FROM meta WHERE name = 'stories_docs'")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def stories_kill_soak(
    src: Path,
    reference: Path,
    work: Path,
    kills: int,
    seed: int,
    every: int = 2,
    timeout: int = 600,
) -> dict[str, Any]:
    """Copy the analysed and grouped ``reference`` store, forget its grouping, run
    ``precis stories`` on the copy ``kills`` times killed with SIGKILL at random moments (checking
    the store after each kill: consistent, no story id changed or lost), then once to the end.
    Returns the figures; the caller compares the final state with the reference."""
    db = work / "crash.db"
    shutil.copy(reference, db)
    clear_stories(db)
    seen: dict[str, str] = {}
    mids: list[int] = []

    def after_kill() -> None:
        state = stories_state(db)
        check_consistent(state)
        for aid, sid in seen.items():  # an id once given never changes or disappears
            assert state["story_of"].get(aid) == sid, (aid, sid, state["story_of"].get(aid))
        seen.update(state["story_of"])
        mids.append(len(state["ids"]))

    start = time.perf_counter()
    finished = kill_at_random(
        src,
        db,
        kills,
        seed,
        args=lambda s, o: stories_args(s, o, every),
        count=grouped_count,
        env=dict(os.environ),
        pause=0.4,
        after_kill=after_kill,
    )
    final = subprocess.run(
        stories_args(src, db, every), capture_output=True, text=True, timeout=timeout
    )
    state = stories_state(db)
    after_kill()
    return {
        "finished": finished,
        "mids": mids,
        "exit": final.returncode,
        "stderr": final.stderr,
        "state": state,
        "seconds": time.perf_counter() - start,
    }


@pytest.fixture(scope="module")
def stories_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The corpus analysed and grouped by one uninterrupted ``precis stories`` run (in-process, so
    the models load once for the module)."""
    from precis.cli.main import main

    d = tmp_path_factory.mktemp("stories_crash")
    src = d / "corpus.jsonl"
    ids = story_corpus(src)
    ref = d / "reference.db"
    assert main(["stories", str(src), "--out", str(ref), "-j", "1", "-q"]) == 1  # "empty" fails
    return src, ref, ids


def test_stories_sigkill_then_resume_equals_an_uninterrupted_run(
    stories_reference: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    src, ref, ids = stories_reference
    want = stories_state(ref)
    check_consistent(want)
    assert set(want["ids"]) == set(ids) - {"empty", "repeat-of-" + ids[3]}
    got = stories_kill_soak(src, ref, tmp_path, kills=4, seed=16, every=1)
    assert got["finished"] < 4 and 0 < got["mids"][0] < len(want["ids"]), got  # kills landed
    assert got["exit"] == 1, got["stderr"]  # the empty article, reported; nothing else
    assert "Traceback" not in got["stderr"]
    state = got["state"]
    assert state["ids"] == want["ids"]  # every article exactly once, in the same order
    assert state["story_of"] == want["story_of"]  # the same grouping, the same ids
    assert state["dups"] == want["dups"]
    assert state["stories"] == want["stories"]  # and the same cards


def test_stories_unwritable_outputs_are_clear_errors(
    stories_reference: tuple[Path, Path, list[str]], tmp_path: Path, capsys: Any
) -> None:
    from precis.cli.main import main

    src, ref, _ = stories_reference
    db = tmp_path / "s.db"
    shutil.copy(ref, db)
    before = stories_state(db)
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    for out, extra, words in [
        (tmp_path / "missing" / "s.db", [], "is not an existing folder"),
        (not_a_folder / "cards.jsonl", ["--store", str(db)], "is not an existing folder"),
        (tmp_path, [], "is a folder"),
    ]:
        code = main(["stories", str(src), "--out", str(out), *extra, "-j1", "-q"])
        err = capsys.readouterr().err
        assert code == 2 and words in err and "nothing was changed" in err, (out, code, err)
    assert stories_state(db) == before


def test_stories_read_only_store_and_out(
    stories_reference: tuple[Path, Path, list[str]], tmp_path: Path, roomy_tmpfs: Path, capsys: Any
) -> None:
    from precis.cli.main import main

    tmpfs = roomy_tmpfs
    src, ref, _ = stories_reference
    db = tmpfs / "s.db"
    shutil.copy(ref, db)
    clear_stories(db)  # grouping would write, and must not
    more = tmp_path / "more.jsonl"
    more.write_text('{"id": "new", "text": "Typhoon Kessa reached the Lindgrove islands."}\n')
    before = stories_state(db)
    _remount(tmpfs, "ro")
    try:
        for args in (
            [str(more), "--out", str(db)],
            [str(src), "--out", str(tmpfs / "cards.jsonl"), "--store", str(ref)],
        ):
            code = main(["stories", *args, "-j1", "-q"])
            err = capsys.readouterr().err
            assert code == 2 and "not writable" in err, (args, code, err)
    finally:
        _remount(tmpfs, "rw")
    assert stories_state(db) == before and before["check"] == "ok"
    assert not (tmpfs / "cards.jsonl").exists()


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 400 KiB tmpfs: room for the small store, not for grouping it; skipped as ``tmpfs``."""
    yield from _mount_tmpfs(tmp_path / "mnt", "400k")


def test_stories_full_disk_is_a_clear_error_then_resumes(
    stories_reference: tuple[Path, Path, list[str]], tmp_path: Path, small_tmpfs: Path, capsys: Any
) -> None:
    from precis.cli.main import main

    src, ref, _ = stories_reference
    want = stories_state(ref)
    cleared = tmp_path / "cleared.db"
    shutil.copy(ref, cleared)
    clear_stories(cleared)
    con = sqlite3.connect(cleared)
    con.execute("VACUUM")
    con.close()
    db = small_tmpfs / "s.db"
    shutil.copy(cleared, db)
    code = main(["stories", str(src), "--out", str(db), "-j1", "-q", "--commit-every", "1"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot write the output" in err, (code, err)
    partial = stories_state(db)
    check_consistent(partial)  # what was committed is whole
    assert len(partial["ids"]) < len(want["ids"])
    # With room again, the rerun finishes the grouping as one uninterrupted run would.
    resumed = tmp_path / "resumed.db"
    src_con, dst_con = sqlite3.connect(db), sqlite3.connect(resumed)
    src_con.backup(dst_con)
    src_con.close()
    dst_con.close()
    assert main(["stories", str(src), "--out", str(resumed), "-j1", "-q"]) == 1  # "empty" fails
    got = stories_state(resumed)
    assert got["check"] == "ok" and got["story_of"] == want["story_of"]
    assert got["stories"] == want["stories"]
