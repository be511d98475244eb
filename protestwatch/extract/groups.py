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


# "to 12 and 10 days", "to six and four years": one term per person, in the order they are named
RESPECTIVE_TERMS = re.compile(r"^(\d+|\w+)\s*,?\s+and\s+(\d+|\w+)\s+(\w+(?:\s+\w+)*)$", re.I)


def respective_terms(draft: Draft) -> None:
    """"sentenced X and Y to 12 and 10 days": two sentences, 12 days for X and 10 for Y, not one
    sentence of both with a term of 10 days."""
    out = []
    for m in draft.mentions:
        out.append(m)
        if m.type != "sentence" or m.term_phrase is None:
            continue
        found = RESPECTIVE_TERMS.match(m.term_phrase.text.strip())
        people = [a for a in m.args if a.role == "defendant" and a.kind == "person"]
        if found is None or len(people) != 2 or not all(_is_number(w) for w in found.group(1, 2)):
            continue
        people.sort(key=lambda a: a.start)
        others = [a for a in m.args if a.role != "defendant"]
        for k, (person, number) in enumerate(zip(people, found.group(1, 2))):
            term = m.term_phrase.model_copy(update={"text": f"{number} {found.group(3)}"})
            one = m if k == 0 else m.model_copy(deep=True, update={"id": f"{m.id}r{k}"})
            one.args = [person, *others] if k == 0 else [person.model_copy(), *(a.model_copy() for a in others)]
            one.term_phrase = term
            if k:
                out.append(one)
    draft.mentions = out


def _is_number(word: str) -> bool:
    return word.isdigit() or word.lower() in NUMBER_WORDS and word.lower() not in ("a", "an")


# "two other demonstrators", "three activists": a number of people, named or not
NUMBERED_GROUP = re.compile(r"^(\w+)\s+(?:other\s+)?[a-z][\w-]*$", re.I)
LEGAL_TYPES = {"sentence", "conviction", "charge"}


def groups_named_later(draft: Draft) -> None:
    """"fined two other demonstrators" in the lead, "A and B were each fined" further on: the two
    are A and B, so the lead's fine and the later one are one event, not two."""
    for m in draft.mentions:
        if m.type not in LEGAL_TYPES or any(a.kind == "person" and a.role == "defendant" for a in m.args):
            continue
        group = next((a for a in m.args if a.role == "defendant" and a.kind == "group"), None)
        found = NUMBERED_GROUP.match(group.name.strip()) if group is not None else None
        if found is None or not _is_number(found.group(1)):
            continue
        n = int(found.group(1)) if found.group(1).isdigit() else NUMBER_WORDS[found.group(1).lower()]
        later = next((o for o in draft.mentions if o.sent > m.sent and o.type == m.type and not o.secondary
                      and len(_defendants(o)) == n and not any(a.kind == "group" and a.role == "defendant" for a in o.args)
                      and (m.sentence_kind is None or o.sentence_kind in (None, m.sentence_kind))), None)
        if later is None:
            continue
        m.args.remove(group)  # the crowd word is these people: one event, as they are named later
        for p in _defendants(later):
            m.args.append(p.model_copy())


def _defendants(m) -> list[Arg]:
    return [a for a in m.args if a.role == "defendant" and a.kind == "person"]


def parties_end_before_charges(draft: Draft) -> None:
    """"convicted all five of 'public disorder'": the defendants are "all five"; the phrase the
    parse hangs on them up to the offence is no part of their name."""
    text = draft.article.text
    for m in draft.mentions:
        for k, a in enumerate(m.args):
            cut = min((c.start for c in m.charges if a.start < c.start < a.end), default=None)
            if cut is None:
                continue
            head = text[a.start:cut]
            at = head.lower().rfind(" of ")
            if at <= 0:
                continue
            name = head[:at].rstrip(" ,")
            m.args[k] = a.model_copy(update={"name": name, "end": a.start + len(name)})
