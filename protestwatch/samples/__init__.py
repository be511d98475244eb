"""Bundled sample articles for `protestwatch demo`: one JSON per article, {text, title, url, published, source}.

See README.md beside this file for where they come from.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def samples_dir() -> Path:
    """The folder holding the sample article files (inside the installed package)."""
    return Path(str(files(__package__) / "articles"))


def sample_paths() -> list[Path]:
    return sorted(samples_dir().glob("*.json"))
