"""Case building on a surname hundreds of people share stays near-linear (a large block is split
by the first letter of the other words), joins one person's spelling variants, and never joins
what comparing every pair keeps apart."""
from __future__ import annotations

from protestwatch.link import cases
from protestwatch.link.cases import BLOCK_SPLIT as DEFAULT_SPLIT, Mention, group_people

import random


def _given(rng: random.Random) -> str:
    """A made-up given name of random letters: unlike any other (fuzz ratio well under 0.6)."""
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).capitalize()


def _group(mentions, monkeypatch, split):
    calls = [0]
    real = cases.name_similarity

    def counting(a, b):
        calls[0] += 1
        return real(a, b)
    monkeypatch.setattr(cases, "name_similarity", counting)
    monkeypatch.setattr(cases, "BLOCK_SPLIT", split)
    people = group_people(mentions)
    return sorted(sorted(p.aliases) for p in people), calls[0]


def test_a_shared_surname_is_not_quadratic_and_groups_as_before(monkeypatch):
    # 900 people named Ivanov with made-up given names, and one person spelt two ways.
    rng = random.Random(3)
    names = [f"{_given(rng)} Ivanov" for i in range(900)] + ["Serik Azhibai", "Serik Azhibay", "S. Ivanov"]
    mentions = [Mention(report=i, name=n, role="detainee", type="detention", date="2020-01-01", incident=i)
                for i, n in enumerate(names)]
    every_pair, all_calls = _group(mentions, monkeypatch, split=10**9)
    split, split_calls = _group(mentions, monkeypatch, split=DEFAULT_SPLIT)
    # Never a join that comparing every pair would not make (fewer chains of look-alike names)
    merged = [set(g) for g in every_pair]
    assert all(any(set(g) <= m for m in merged) for g in split)
    assert ["Serik Azhibai", "Serik Azhibay"] in split
    assert split_calls * 5 < all_calls  # far fewer comparisons than every pair of the block
