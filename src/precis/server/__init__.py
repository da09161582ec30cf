"""HTTP API and web page (``precis serve``). :func:`create_app` builds the FastAPI app.

Imported lazily: worker processes import :mod:`precis.server.worker` without loading FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from precis.server.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from precis.server.app import create_app

        return create_app
    raise AttributeError(name)
