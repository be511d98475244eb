"""What happens at a protest is dated by it: "About 500 people gathered in a park on Saturday.
<new paragraph> Police detained 23 people as the crowd began to disperse." The detention is on
Saturday, though the paragraph break stops the ordinary inheritance (extract/discourse.py)."""
from __future__ import annotations

from ..drafts import Draft
from .syntax import relation, subject_of, trigger_span

# acts of the police at the scene of a protest
SCENE_ACTS = {"detention", "police_violence"}


def scene_dates(draft: Draft) -> None:
    """An undated detention or police action opening the paragraph right after a protest whose
    date is stated takes that date."""
    mentions = [m for m in draft.mentions if not m.secondary]
    for prev, m in zip(mentions, mentions[1:]):
        if m.type not in SCENE_ACTS or m.date_phrase is not None or m.tense != "past":
            continue
        if prev.type != "protest" or prev.date_phrase is None or prev.date_inherited or prev.tense != "past":
            continue
        if m.para == prev.para + 1 and m.sent == prev.sent + 1 and m.modality in ("asserted", "alleged"):
            m.date_phrase, m.date_inherited = prev.date_phrase, True


REPORTING_LEMMAS = {"say", "announce", "tell", "vow", "pledge", "promise"}


def announcers_organize(doc, draft: Draft) -> None:
    """"Student groups said they would march again next Thursday": who announces a protest of
    their own organizes it (as "students said they planned another demonstration" does)."""
    for m in draft.mentions:
        if m.type != "protest" or m.modality != "planned":
            continue
        span = trigger_span(doc, m)
        if span is None:
            continue
        verb = span.root
        while relation(verb) == "conjunct" and verb.head.i != verb.i:
            verb = verb.head
        if relation(verb) != "complement" or verb.head.lemma_.lower() not in REPORTING_LEMMAS:
            continue
        speaker = subject_of(verb.head)
        own = subject_of(verb)
        if speaker is None or own is None or own.lower_ not in ("they", "we"):
            continue
        for k, a in enumerate(m.args):
            if a.role == "protester" and a.start <= speaker.idx < a.end:
                m.args[k] = a.model_copy(update={"role": "organizer"})
