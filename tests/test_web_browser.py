"""The page in a real browser: Debian's chromium driven by playwright against ``precis serve``.

Skipped when /usr/bin/chromium is absent (``.ci/run`` installs it with apt-get). Each test saves a
screenshot under build/ (not committed); the README's docs/screenshot.png is made here too
(with PRECIS_UPDATE_SCREENSHOT=1).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_server_api import running_server, store  # noqa: F401 - store is a fixture

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "precis" / "data" / "sample_article.txt"
SHOTS = ROOT / "build" / "screenshots"
README_SHOT = ROOT / "docs" / "screenshot.png"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium"
)


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    log = tmp_path_factory.mktemp("web") / "serve.log"
    with running_server(
        "--store", str(store), "--workers", "1", "--timeout", "120", log=log
    ) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # CSP violations and script errors: the page must cause none
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.goto(server + "/")
    pg.wait_for_selector("body[data-ready=true]")
    yield pg
    context.close()


def shot(page: Any, name: str, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def analyse(page: Any, text: str, fmt: str = "auto") -> None:
    page.fill("#article-input", text)
    page.select_option("#format-input", fmt)
    page.click("#analyze-button")
    # Selectors, not wait_for_function: the page's CSP (rightly) forbids the eval it uses.
    page.wait_for_selector("#status:text-matches('highlights|Not analysed|reach')", timeout=120_000)


def test_sample_shows_highlights_with_sources(page: Any) -> None:
    analyse(page, SAMPLE.read_text(encoding="utf-8"))
    items = page.locator("#highlights li.highlight")
    assert items.count() >= 1, page.inner_text("#status")
    assert all(t.strip() for t in items.all_inner_texts())
    assert page.locator("#highlights .source").first.inner_text().startswith("Source:")
    assert page.locator("#speakers .speaker").count() >= 2
    assert page.locator("#facts .chip").count() >= 3
    # The README's screenshot: the sample with its first highlight selected.
    items.first.click()
    page.wait_for_selector("#article mark.hl")
    page.wait_for_timeout(800)  # the smooth scroll to the mark
    page.evaluate("window.scrollTo(0, document.querySelector('#status').offsetTop - 8)")
    path = shot(page, "sample", full_page=False)
    # The committed README screenshot is rewritten only on request (PRECIS_UPDATE_SCREENSHOT=1),
    # so a test run leaves the working tree as it found it.
    readme_shot = (
        README_SHOT if os.environ.get("PRECIS_UPDATE_SCREENSHOT") else SHOTS / "readme.png"
    )
    readme_shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(readme_shot), clip={"x": 0, "y": 0, "width": 1280, "height": 720})
    assert readme_shot.stat().st_size < 200_000, "keep the committed screenshot small"
    assert path.exists()
    assert not page.problems, page.problems


def test_click_and_enter_mark_exact_spans(page: Any, server: str) -> None:
    import httpx

    text = SAMPLE.read_text(encoding="utf-8")
    record = httpx.post(server + "/v1/analyze", json={"text": text}, timeout=120).json()
    analyse(page, text)
    items = page.locator("#highlights li.highlight")
    for i in range(items.count()):
        h = record["highlights"][i]
        if i % 2:
            items.nth(i).focus()
            page.keyboard.press("Enter")
        else:
            items.nth(i).click()
        assert items.nth(i).get_attribute("aria-pressed") == "true"
        marks = page.locator("#article mark.hl").all_inner_texts()
        spans = sorted(h["spans"])
        # Adjacent or overlapping spans merge into one mark; compare the characters covered.
        covered = "".join(text[s:e] for s, e in _merged(spans))
        assert "".join(marks) == covered, (i, marks, spans)
        in_view = page.locator("#article mark.hl").first.evaluate(
            "m => { const r = m.getBoundingClientRect(), b = m.closest('.article-card')"
            ".getBoundingClientRect(); return r.top < b.bottom && r.bottom > b.top; }"
        )
        assert in_view
    shot(page, "marked")
    assert not page.problems, page.problems


def _merged(spans: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


# Hand-made: one source denies what another asserts (the plainest dispute there is).
CONFLICTING = (
    "Police said 14 people died in the warehouse fire. The fire brigade denied that anyone died "
    'in the warehouse fire. "No one died," a fire brigade spokesman said.\n'
)


def test_disputes_side_by_side_with_kind_and_score(page: Any, server: str) -> None:
    import httpx

    record = httpx.post(server + "/v1/analyze", json={"text": CONFLICTING}, timeout=120).json()
    assert record["disputes"], record  # an explicit denial between two sources: must be flagged
    analyse(page, CONFLICTING, "text")
    boxes = page.locator("#disputes .dispute")
    assert boxes.count() == len(record["disputes"])
    for i, d in enumerate(record["disputes"]):
        box = boxes.nth(i)
        sides = box.locator(".sides .claim")
        assert sides.count() == 2
        for j, c in enumerate(d["claims"]):
            assert record["claims"][c]["speaker"] in sides.nth(j).inner_text()
        assert box.locator(".tag.kind").count() == 1
        assert box.locator(".tag.score").inner_text() == f"conflict {round(100 * d['score'])}%"
        assert d["detail"] in box.locator(".detail").inner_text()
    sides = page.locator("#disputes .sides .claim")
    sides.first.click()  # a side marks its claim's words in the article
    assert page.locator("#article mark.hl").count() >= 1
    page.locator("#disputes").scroll_into_view_if_needed()
    shot(page, "disputes", full_page=False)
    assert not page.problems, page.problems


HOSTILE = (
    "Officials in Lisbon said on Monday that 12 people were hurt in a fire at a market. "
    "<script>window.__pwned = 'script'; alert('script')</script> "
    '"We are still counting," a police spokesman told reporters. '
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\"> "
    "The mayor said the market would reopen next week after repairs.\n"
)


def test_hostile_article_never_executes(page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    analyse(page, HOSTILE, "text")
    assert page.locator("#highlights li.highlight").count() >= 1, page.inner_text("#status")
    assert "<script>" in page.inner_text("#article")  # shown as text, not run
    assert page.locator("#article img, #article script, #results img").count() == 0
    analyse(page, "<html><body><article><p>" + HOSTILE + "</p></article></body></html>", "html")
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    shot(page, "hostile")


def test_map_shows_markers_for_the_places(page: Any, server: str) -> None:
    import httpx

    text = SAMPLE.read_text(encoding="utf-8")
    record = httpx.post(server + "/v1/analyze", json={"text": text}, timeout=120).json()
    located = [p for p in record["places"] if p["lat"] is not None]
    assert located, record["places"]
    analyse(page, text)
    page.wait_for_selector("#map svg .marker")
    assert page.locator("#map svg path.country").count() > 100
    assert page.locator("#map svg .marker").count() == len(located)
    assert page.locator("#map svg path.country.named").count() >= 1
    page.locator("#map svg .marker").first.click()
    marks = page.locator("#article mark.hl").all_inner_texts()
    assert marks and marks[0] == text[slice(*located[0]["mentions"][0])]
    page.locator("#map").scroll_into_view_if_needed()
    shot(page, "map", full_page=False)
    assert not page.problems, page.problems


def test_phone_width_has_no_horizontal_scroll(browser: Any, server: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=true]")
    analyse(page, SAMPLE.read_text(encoding="utf-8"))
    page.wait_for_selector("#map svg .marker")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at 375px"
    shot(page, "phone")
    context.close()


def test_corpus_view_lists_stories_or_says_none(page: Any) -> None:
    page.click("#tab-corpus")
    # Not "Loading stories…" (it matched 'stor' too: the test raced the fetch on a busy machine).
    page.wait_for_selector("#corpus-status:text-matches('^(?!Loading).+')", timeout=30_000)
    status = page.inner_text("#corpus-status")
    cards = page.locator("#stories .story").count()
    assert cards > 0 or "No stories" in status, status
    page.fill("#search-input", "Taquari")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li")
    page.locator("#search-results li button.link").first.click()
    page.wait_for_selector("#highlights li.highlight")
    assert page.locator("#view-analyze").is_visible()
    shot(page, "corpus")
    assert not page.problems, page.problems
