"""Run the ``precis`` command line in a subprocess, as a user would (tests import this module)."""

from __future__ import annotations

import subprocess
import sys


def run_cli(
    *args: str, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``precis ARGS`` with ``stdin`` as its standard input; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "precis.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
