"""Gender of a first name, from gender-guesser's list (~40,000 first names of many countries).

One detector per process: building it parses the whole list (about a second), so extract and
link share this one instead of loading their own.
"""
from __future__ import annotations

import functools


@functools.cache
def _detector():
    import gender_guesser.detector  # loaded on first need
    return gender_guesser.detector.Detector(case_sensitive=False)


def first_name_gender(word: str) -> str | None:
    """'f' or 'm' for a first name that is clearly one ("Sonia", "Nurlan"); None for "Sasha",
    "Andrea" in some countries, a lower-case word, or a name the list lacks."""
    if not word[:1].isupper() or not word.isalpha():
        return None
    return {"female": "f", "male": "m"}.get(_detector().get_gender(word))
