"""Scope of each event (contract field `scope`): political or ordinary.

Protests, bans, diplomatic protests and sanctions are always political (`scope` in data/event_types.json). A legal step or an act of
police violence is political when its subject is described as a protester, activist, journalist...
or its offence is speech, assembly, "extremism" and the like; ordinary when the offence is ordinary
crime (fraud, murder, drugs...). Undecided steps follow the person's other events (one case has one
scope), then the article: a story that reports a protest or a political case is a political story.
Cue words: lexicons/scope.tsv.
"""
from __future__ import annotations

import functools
import re

from ..data import load_table
from ..records import Entity, Event
from ..vocab import ALWAYS_POLITICAL

SUBJECT_ROLES = {"detainee", "suspect", "defendant", "released", "victim"}
PROTEST_ROLES = {"protester", "organizer"}
WINDOW_BEFORE, WINDOW_AFTER = 40, 60  # "activist Serik Azhibai", "Ivan Petrov, a journalist for ..."
SENTENCE_END = re.compile(r"[.!?]\s|\n")
# "Ivan Petrov, a lawyer for ...": the words right after a name that say what the person is
APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+[^,.;:!?\n]*")


def _cue_pattern(cues: list[str]) -> re.Pattern | None:
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        if cue.endswith("*"):
            parts.append(re.escape(cue[:-1]) + r"\w*")
        elif cue.endswith("y"):
            parts.append(re.escape(cue[:-1]) + r"(?:y|ies)")
        else:
            parts.append(re.escape(cue) + r"(?:s|es)?")
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I) if parts else None


@functools.cache
def _patterns() -> dict[tuple[str, str], re.Pattern | None]:
    groups: dict[tuple[str, str], list[str]] = {}
    for cue, scope, where in load_table("scope"):
        groups.setdefault((scope, where), []).append(cue.replace("’", "'"))
    return {key: _cue_pattern(cues) for key, cues in groups.items()}


def _has(text: str, scope: str, where: str) -> bool:
    pattern = _patterns().get((scope, where))
    return bool(pattern and text and pattern.search(text.replace("’", "'")))


def _sentence(text: str, offset: int) -> str:
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, offset)]
    start = starts[-1] if starts else 0
    end = SENTENCE_END.search(text, offset)
    return text[start:end.start() + 1 if end else len(text)]


def _window(text: str, start: int, end: int) -> str:
    """The words around one mention of a person, within its sentence."""
    before = text[max(0, start - WINDOW_BEFORE):start]
    after = text[end:end + WINDOW_AFTER]
    before = re.split(r"[.!?]\s|\n", before)[-1]
    after = re.split(r"[.!?]\s|\n", after)[0]
    return f"{before} {text[start:end]} {after}"


def _subject_parties(ev: Event, entities: dict[str, Entity]):
    """(name, entity or None) of each participant in a subject role."""
    for p in ev.participants:
        if p.role in SUBJECT_ROLES:
            yield p.name, entities.get(p.entity) if p.entity else None


def _subject_text(ev: Event, entities: dict[str, Entity], text: str) -> str:
    parts = []
    for name, ent in _subject_parties(ev, entities):
        parts.append(name)
        if ent is not None:
            parts += ent.descriptors
            parts += [_window(text, s, e) for s, e in ent.mentions]
    return " | ".join(parts)


def _descriptor_text(ev: Event, entities: dict[str, Entity], text: str) -> str:
    """What the subject is said to be: its name, descriptors, the three words before a mention and
    an appositive after it ("lawyer Ivan Petrov", "Petrov, a lawyer"), not its neighbours ("his
    lawyers said", "told reporters")."""
    parts = []
    for name, ent in _subject_parties(ev, entities):
        parts.append(name)
        if ent is None:
            continue
        parts += ent.descriptors
        for s, e in ent.mentions:
            before = re.split(r"[.!?]\s|\n", text[max(0, s - WINDOW_BEFORE):s])[-1]
            parts.append(" ".join(before.split()[-3:]))
            m = APPOSITIVE.match(text, e, min(len(text), e + WINDOW_AFTER))
            if m:
                parts.append(m.group(0))
    return " | ".join(parts)


def _offence_text(ev: Event, text: str) -> str:
    charges = list(ev.legal.charges) if ev.legal else []
    sentences = {_sentence(text, e.start) for e in ev.evidence if e.field in ("type", "legal.charges")}
    return " | ".join(charges + sorted(sentences))


def _subjects(ev: Event) -> set[str]:
    return {p.entity for p in ev.participants if p.role in SUBJECT_ROLES and p.entity}


def _own_scope(ev: Event, entities: dict[str, Entity], text: str, protesters: set[str]) -> str | None:
    """The scope the event's own words decide, or None."""
    if ev.type in ALWAYS_POLITICAL:
        return "political"
    if _has(_subject_text(ev, entities, text), "political", "subject"):
        return "political"
    if _has(_descriptor_text(ev, entities, text), "political", "descriptor"):
        return "political"
    offence = _offence_text(ev, text)
    if _has(offence, "political", "offence"):
        return "political"
    if _has(offence, "ordinary", "offence"):
        return "ordinary"
    if _subjects(ev) & protesters:
        return "political"  # the person took part in a protest the article reports
    return None


def assign_scope(events: list[Event], entities: list[Entity], text: str) -> list[Event]:
    """Return the events with `scope` set."""
    by_id = {e.id: e for e in entities}
    protesters = {p.entity for ev in events if ev.type == "protest" for p in ev.participants
                  if p.role in PROTEST_ROLES and p.entity}
    own = [_own_scope(ev, by_id, text, protesters) for ev in events]
    political_people = {x for ev, s in zip(events, own) if s == "political" and ev.type not in ALWAYS_POLITICAL
                        for x in _subjects(ev)}
    ordinary_people = {x for ev, s in zip(events, own) if s == "ordinary" for x in _subjects(ev)}
    political_story = any(s == "political" for s in own)
    out = []
    for ev, scope in zip(events, own):
        if scope is None:
            people = _subjects(ev)
            if people & political_people:
                scope = "political"  # one case, one scope: the detention of an activist, then her trial
            elif people & ordinary_people:
                scope = "ordinary"
            else:
                scope = "political" if political_story else "ordinary"
        out.append(ev.model_copy(update={"scope": scope}))
    return out
