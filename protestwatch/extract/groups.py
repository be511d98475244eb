"""Groups that count people already named: "Police detained X, Y and Z. All three were charged ..."
makes X, Y and Z the defendants, not a crowd called "All three"."""
from __future__ import annotations

import re

from ..drafts import Arg, Draft
from .details import NUMBER_WORDS

# "All three", "the three", "all 19", "both", "the two": a number and nothing else
COUNTED = re.compile(r"^(?:all(?: the)?|the|all of the)\s+(\w+)(?:\s+of them)?$|^both(?: of them)?$", re.I)
PERSON_ROLES = {"detainee", "defendant", "released", "protester", "suspect", "victim"}
# how far back the named people may stand: the paragraph before at most
MAX_SENTENCES_BACK = 4


def _count(phrase: str) -> int | None:
    m = COUNTED.match(phrase.strip())
    if m is None:
        return None
    if m.group(1) is None:
        return 2  # "both"
    word = m.group(1).lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word) if word not in ("a", "an") else None


def counted_group_members(draft: Draft) -> None:
    """Replace a counted group ("All three") by the people of the latest earlier mention that
    names exactly that many, when there is one; otherwise leave it a group."""
    for m in draft.mentions:
        for arg in [a for a in m.args if a.kind == "group"]:
            n = _count(arg.name)
            if n is None or n < 2:
                continue
            # not a participant noun's mention ("two other protesters, A and B"): a part of the list
            earlier = [o for o in draft.mentions if o.sent < m.sent and m.sent - o.sent <= MAX_SENTENCES_BACK
                       and not o.secondary]
            people = None
            for o in reversed(earlier):
                named = _distinct_people(o.args)
                if len(named) == n:
                    people = named
                    break
                if len(named) > 0:
                    break  # the latest people named are another number: the count is not of them
            if people is None:
                continue
            m.args.remove(arg)
            for p in people:
                if not any(a.kind == "person" and (a.name == p.name or (a.entity and a.entity == p.entity))
                           for a in m.args if a.role == arg.role):
                    m.args.append(Arg(role=arg.role, name=p.name, kind="person", start=p.start, end=p.end,
                                      entity=p.entity))


def _distinct_people(args: list[Arg]) -> list[Arg]:
    out: list[Arg] = []
    for a in args:
        if a.kind == "person" and a.role in PERSON_ROLES and not any(
                a.name == b.name or (a.entity and a.entity == b.entity) for b in out):
            out.append(a)
    return out
