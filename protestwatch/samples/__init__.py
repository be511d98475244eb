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


def sample_path(name: str) -> Path:
    """The file of one sample article by name ("minsk-rally-detentions", with or without ".json")."""
    path = samples_dir() / (name if name.endswith(".json") else f"{name}.json")
    if not path.is_file():
        known = ", ".join(p.stem for p in sample_paths())
        raise LookupError(f"no sample article {name!r}; the samples are: {known}")
    return path
