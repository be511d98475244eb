"""link stage: a normalised Draft in, the contract Result out.

1. cluster person names into entities (aliases, titles, near-miss spellings; link/entities.py);
2. point participants at entities; an unnamed person described in the lede at the person named next;
3. drop generic mentions and hypothetical ones with nobody in them;
4. merge mentions into events (link/events.py);
5. infer across events (link/inference.py): pleas, courts, implied convictions, places, dates;
6. decide each event's scope, political or ordinary (link/scope.py);
7. build quotes, per-person chains in stage order, and the crosswalk.
"""
from __future__ import annotations

from .. import __version__
from ..drafts import Draft, Mention
from ..gazetteer import load_gazetteer
from ..records import Chain, Event, Extractor, Quote, Result
from ..vocab import STAGES
from .crosswalk import crosswalk_for
from .entities import cluster_names, main_person, map_participant, text_form_aliases
from .events import build_event_fields, cluster_mentions
from .inference import (dateline_places, default_authority, future_is_planned, generic_party, story_country_places,
                        implied_convictions, join_rosters, lede_dates, split_fines, tidy_parties,
                        administrative_charges, share_court_facts, share_pleas, vague, verdict_charges,
                        lone_defendant, charged_roster_detained)
from .precision import partitives_join_named, pleas_join_verdicts
from .scope import assign_scope

CHAIN_ROLES = {"protester", "detainee", "suspect", "defendant", "released", "victim", "target"}


def link_draft(draft: Draft) -> Result:
    """Return the contract result of one article."""
    entities, key_map = cluster_names(draft)
    if draft.article.language == "ru":  # names in the nominative; aliases keep the text's own forms
        entities = text_form_aliases(entities, draft.article.text)
    lead = main_person(entities)
    first = lead.mentions[0][0] if lead else None
    mentions: list[Mention] = []
    _resolve_dangling_pronouns(draft)
    for m in draft.mentions:
        m.args = [map_participant(a, draft, entities, key_map, lead, first) for a in m.args]
        if m.headline:  # a title-cased headline parses badly: keep only the people it names
            m.args = [a for a in m.args if a.entity and a.entity.startswith("e")]
        if m.generic or (m.modality == "hypothetical" and (m.date is None or m.date_inherited)
                         and all(generic_party(a.name) for a in m.args)):
            continue  # "possible riots", "a law allows an individual to protest": no one event
        mentions.append(m)
        if m.type == "detention" and m.sentence_kind:  # "jailed for 15 days" is also the sentence
            mentions.append(m.model_copy(update={"type": "sentence", "id": m.id + "s", "subtype": None, "args": [
                a.model_copy(update={"role": "defendant"}) for a in m.args if a.role == "detainee"]}))
    _claimed_events_keep_their_own_time(mentions)
    pleas_join_verdicts(mentions)
    for m in mentions:
        m.date_inherited = m.date_inherited or m.date_borrowed  # see extract.precision.borrowed_dates
    events: list[Event] = []
    clusters = partitives_join_named([c for c in cluster_mentions(mentions) if not vague(c)])
    for i, cluster in enumerate(clusters, 1):
        fields = build_event_fields(cluster)
        events.append(Event(id=f"ev{i}", crosswalk=crosswalk_for(fields["type"], fields["subtype"]), **fields))
    events = charged_roster_detained(join_rosters(events))
    events = split_fines(events)
    events = tidy_parties(events, load_gazetteer().country_name)
    events = share_pleas(events)
    events = implied_convictions(events, draft.article.text)
    events = share_pleas(verdict_charges(events))  # the verdicts just implied, too
    events = lone_defendant(events)
    events = share_court_facts(events)
    events = dateline_places(events, draft)
    events = story_country_places(events, draft)
    events = administrative_charges(events, draft)
    events = lede_dates(events, mentions)
    events = future_is_planned(events, draft.article.published)
    events = default_authority(events, draft)
    events = assign_scope(events, entities, draft.article.text)
    quotes = [Quote(speaker=key_map.get(q.speaker.key) if q.speaker else None,
                    speaker_name=_entity_name(entities, key_map.get(q.speaker.key)) if q.speaker else None,
                    text=q.text, start=q.start, end=q.end) for q in draft.quotes]
    return Result(article=draft.article, events=tuple(events), entities=tuple(entities), quotes=tuple(quotes),
                  chains=tuple(_chains(events, entities)),
                  extractor=Extractor(version=__version__, model=draft.model))


def _claimed_events_keep_their_own_time(mentions: list[Mention]) -> None:
    """"protested on Wednesday against the detention of two students": the detention is what the
    protest is about; the sentence's date and place are the protest's, so they only weakly date
    and place the detention (it may join its own report, "were detained last week")."""
    spans = [(c.start, c.end) for m in mentions if m.type == "protest" for c in m.claims]
    for m in mentions:
        if m.type != "protest" and any(s <= m.trigger.start < e for s, e in spans):
            m.date_inherited = m.date_inherited or m.date is not None
            m.place_inherited = m.place_inherited or m.place is not None


PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}


def _resolve_dangling_pronouns(draft: Draft) -> None:
    """"sentenced a journalist to a year in prison and fined him": with no name before it, "him"
    is the person just described in the same sentence."""
    for m in draft.mentions:
        for i, a in enumerate(m.args):
            if a.name.lower() not in PERSON_PRONOUNS or a.entity:
                continue
            before = [b for o in draft.mentions if o.sent == m.sent for b in o.args
                      if b.kind == "person" and b.end <= a.start and b.name.lower() not in PERSON_PRONOUNS]
            if before:
                m.args[i] = before[-1].model_copy(update={"role": a.role})


def _entity_name(entities, eid):
    return next((e.name for e in entities if e.id == eid), None)


def _chains(events: list[Event], entities) -> list[Chain]:
    chains = []
    for ent in entities:
        mine = [ev for ev in events if ev.modality in ("asserted", "alleged") and any(
            p.entity == ent.id and p.role in CHAIN_ROLES - {"target"} for p in ev.participants)]
        if len(mine) < 2:
            continue
        # A person's case moves through the stages in order; dates only break ties.
        mine.sort(key=lambda ev: (STAGES.index(ev.type) if ev.type in STAGES else 99, ev.date.start or "9999"))
        chains.append(Chain(entity=ent.id, events=tuple(ev.id for ev in mine)))
    return chains
