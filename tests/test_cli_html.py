"""Every single-article command reads HTML pages: .html/.htm files, and --html for stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from precis_cli import run_cli as precis

ARTICLE = (
    "Flood waters cut off the town of Lajeado on Tuesday after the Taquari River burst its banks. "
    "Mayor Ana Costa said 14 people had died and 22 were missing. "
    "Rescue teams searched the valley by boat through the night, the civil defence agency said."
)
PAGE = f"""<!doctype html>
<html><head><title>Floods cut off Lajeado</title>
<meta property="article:published_time" content="2024-05-07"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Floods cut off Lajeado</h1><p>{ARTICLE}</p></article>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "page.htm"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_highlights_reads_an_html_file(page: Path) -> None:
    r = precis("highlights", str(page), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["highlights"], out
    assert all("Copyright" not in h["text"] and "Home" not in h["text"] for h in out["highlights"])
    assert any("Lajeado" in h["text"] for h in out["highlights"])


def test_stdin_html_needs_the_flag(page: Path) -> None:
    plain = precis("highlights", "-", stdin=PAGE)
    assert plain.returncode == 2 and "looks like HTML" in plain.stderr
    r = precis("highlights", "-", "--html", stdin=PAGE)
    assert r.returncode == 0, r.stderr
    assert "Lajeado" in r.stdout


def test_claims_and_facts_read_html(page: Path) -> None:
    r = precis("claims", str(page), "--format", "json")
    assert r.returncode == 0, r.stderr
    speakers = [s["name"] for s in json.loads(r.stdout)["speakers"]]
    assert any("Costa" in s for s in speakers), speakers
    r = precis("facts", "-", "--html", "--format", "json", stdin=PAGE)
    assert r.returncode == 0, r.stderr
    facts = json.loads(r.stdout)
    assert facts["published"] == "2024-05-07"  # the page's date, read by trafilatura
    assert any(f["value"] == 14 for f in facts["figures"]), facts["figures"]


def test_html_without_an_article_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    r = precis("highlights", str(empty))
    assert r.returncode == 2 and "no article body" in r.stderr, r.stderr
