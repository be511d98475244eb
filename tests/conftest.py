"""Shared test helpers for every folder: where ../shared is, and a fixture that skips without it.

Kept minimal on purpose: folder conftests (eval, store, serve) own their fixtures.
"""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's ../shared folder; tests using it skip when it is absent (as on a user's machine)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: it exists only beside the team's checkout and in CI")
    return SHARED
