"""A story's member article as cards read it: its stored output record and its text (below both
card assembly and card selection)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse


@dataclass
class Member:
    """One member article of a story: its stored output record and its text."""

    record: dict[str, Any]
    text: str
    #: Keys of articles found to be the same article (same id or same content).
    duplicates: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        rid = self.record.get("id")
        return str(rid if rid is not None else self.record.get("key"))

    @property
    def outlet(self) -> str | None:
        """The outlet: a record's ``outlet`` field, else the host of its URL."""
        if self.record.get("outlet"):
            return str(self.record["outlet"])
        url = self.record.get("url")
        if url:
            host = urlparse(str(url)).hostname or ""
            return host.removeprefix("www.") or None
        return None
