"""Bad input: a clear error or an empty result with a reason, in bounded time; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import precis
from precis.errors import InputError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("x" * 5_000_000, "too long"),
        ("<html><body><div><p>Hello</p><p>world</p></div></body></html>", "HTML"),
        (
            "Der Bundestag hat am Dienstag ein neues Gesetz beschlossen, das die Mieten in "
            "vielen Städten begrenzen soll. Die Opposition kritisierte den Entwurf scharf und "
            "kündigte eine Klage vor dem Verfassungsgericht an.",
            "English",
        ),
    ],
)
def test_unusable_text_raises_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        precis.analyze(text, stages=("highlights",))


def test_invalid_utf8_bytes_are_decoded_or_refused() -> None:
    data = b"The mayor said the bridge would close on Monday. " * 3 + b"\xff\xfe caf\xe9."
    result = precis.analyze(data, stages=("highlights",))
    assert "mayor" in result.article.text


def test_binary_garbage_is_refused_or_empty() -> None:
    data = bytes(range(256)) * 4
    try:
        result = precis.analyze(data, stages=("highlights",))
    except InputError:
        return
    assert result.highlights == [] or all(h.spans for h in result.highlights)


def test_no_sentence_punctuation() -> None:
    text = " ".join(["the council met and the mayor spoke about the river"] * 30)
    result = precis.analyze(text, stages=("highlights",))
    assert result.highlights or result.warnings


def test_one_ten_thousand_word_sentence() -> None:
    text = " ".join(["the council and the mayor and the river"] * 1250) + "."
    result = precis.analyze(text, stages=("highlights",))
    assert result.highlights == []
    assert result.warnings


def test_bad_published_date() -> None:
    with pytest.raises(InputError, match="published"):
        precis.analyze("The mayor spoke on Monday.", published="last Tuesday")


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "precis.cli.main", *args], input=stdin, capture_output=True
    )


def test_cli_empty_input_is_a_clear_error() -> None:
    proc = run_cli("highlights", "-", stdin=b"   ")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"text is empty" in proc.stderr


def test_cli_missing_file() -> None:
    proc = run_cli("highlights", "/nonexistent/article.txt")
    assert proc.returncode == 2
    assert b"no such file" in proc.stderr


def test_cli_json_output(sample_text: str) -> None:
    proc = run_cli("highlights", "-", "--format", "json", stdin=sample_text.encode())
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    for h in doc["highlights"]:
        for start, end in h["spans"]:
            assert " ".join(sample_text[start:end].split()) in h["text"]
