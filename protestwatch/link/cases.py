"""Case chains: person mentions across reports in, one case per person with ordered steps out.

Names are matched through the aliases each Result gives its entities and through spelling
variants (`incidents.name_similarity`). Works on plain values; the store persists the output.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..vocab import STAGES
from .incidents import name_key, name_similarity, phonetic

# The stages a case moves through, in order (data/event_types.json); other types keep their date order only.
STAGE_RANK = {s: i for i, s in enumerate(STAGES)}
# Roles whose holder is the subject of the case (not the court or the police).
SUBJECT_ROLES = frozenset({"protester", "organizer", "detainee", "suspect", "defendant", "released",
                           "victim", "target"})
FULL_NAME_MATCH = 0.85
# A block this large is a surname (or given name) many people share: its names are compared only
# with those whose other words start alike, instead of every pair (quadratic in the block).
BLOCK_SPLIT = 200


@dataclass(frozen=True, slots=True)
class Mention:
    """One person named in one report."""
    report: object
    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    type: str | None = None
    date: str | None = None  # the event's date, else its article's publication date
    incident: object = None


@dataclass(slots=True)
class Person:
    name: str
    aliases: list[str]
    keys: set[str]
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Step:
    stage: str
    date: str | None
    incident: object
    reports: tuple


class _Union:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _sub_blocks(block: str, members: list[str]) -> list[list[str]]:
    """The groups of a block whose names are compared pairwise: the block itself, or for a large
    block (a shared surname) one group per first letter of the names' other words; two full names
    match only when those words are alike too (name_similarity), and a name with an initial
    ("S. Azhibai") starts with the same letter."""
    if len(members) <= BLOCK_SPLIT:
        return [members]
    groups: dict[str, list[str]] = defaultdict(list)
    for k in members:
        others = {phonetic(t)[:1] for t in k.split() if phonetic(t)[:3] != block} or {""}
        for letter in sorted(others):
            groups[letter].append(k)
    return list(groups.values())


def group_people(mentions: Iterable[Mention]) -> list[Person]:
    """Cluster mentions into people.

    1. Each mention's name and aliases are one person (the extractor linked them in-article).
    2. Full names (two or more words) join when `name_similarity` >= FULL_NAME_MATCH; blocking on
       the phonetic start of each word keeps this near-linear, and a block of a surname shared
       by many people is split by the first letter of their other words (`_sub_blocks`).
    3. A lone surname joins the one full-name person it matches; when several match it is
       ambiguous and stays apart rather than chaining two people together.
    """
    mentions = list(mentions)
    uf = _Union()
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        keys = [k for k in dict.fromkeys(name_key(n) for n in (m.name, *m.aliases)) if k]
        for k in keys:
            by_key[k].append(m)
            uf.union(keys[0], k)
    full = sorted(k for k in by_key if len(k.split()) > 1)
    blocks: dict[str, list[str]] = defaultdict(list)
    for k in full:
        for token in set(k.split()):
            blocks[phonetic(token)[:3]].append(k)
    for block, members in blocks.items():
        for group in _sub_blocks(block, members):
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if uf.find(a) != uf.find(b) and name_similarity(a, b) >= FULL_NAME_MATCH:
                        uf.union(a, b)
    for k in sorted(k for k in by_key if len(k.split()) == 1):
        roots = {uf.find(f) for f in blocks.get(phonetic(k)[:3], ()) if name_similarity(k, f) >= FULL_NAME_MATCH}
        if uf.find(k) in roots:
            continue
        if len(roots) == 1:
            uf.union(k, roots.pop())
    groups: dict[str, list[str]] = defaultdict(list)
    for k in by_key:
        groups[uf.find(k)].append(k)
    people = []
    for keys in groups.values():
        seen: dict[object, Mention] = {}
        names: Counter = Counter()
        for k in keys:
            for m in by_key[k]:
                seen[(m.report, m.name)] = m
        for m in seen.values():
            names[m.name] += 1
            for a in m.aliases:
                names[a] += 0
        # Canonical name: the most frequent multi-word spelling, else the most frequent one.
        ranked = sorted(names, key=lambda n: (-(len(n.split()) > 1), -names[n], -len(n), n))
        people.append(Person(name=ranked[0], aliases=sorted(names), keys=set(keys),
                             mentions=sorted(seen.values(), key=lambda m: (str(m.date), str(m.report)))))
    people.sort(key=lambda p: (p.name, min(p.keys)))
    return people


def case_steps(person: Person) -> list[Step]:
    """Order a person's events into steps: one per incident, by date then stage."""
    by_incident: dict[object, list[Mention]] = defaultdict(list)
    for m in person.mentions:
        if m.role in SUBJECT_ROLES or m.role is None:
            by_incident[m.incident if m.incident is not None else ("report", m.report)].append(m)
    steps = []
    for incident, ms in by_incident.items():
        dates = sorted(m.date for m in ms if m.date)
        steps.append(Step(stage=ms[0].type or "other", date=dates[0] if dates else None,
                          incident=None if isinstance(incident, tuple) else incident,
                          reports=tuple(sorted((m.report for m in ms), key=str))))
    steps.sort(key=lambda s: (s.date or "9999", STAGE_RANK.get(s.stage, len(STAGES)), str(s.reports)))
    return steps


def latest_stage(steps: Sequence[Step]) -> str | None:
    staged = [s for s in steps if s.stage in STAGE_RANK]
    return max(staged, key=lambda s: (STAGE_RANK[s.stage], s.date or "")).stage if staged else None
