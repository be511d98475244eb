"""Inferences after merging: what one event of an article tells about another.

A defendant's plea and court belong on all their court events; a court's sentence implies a
conviction; the dateline city and the lede's date stand for events that state none; an event
dated after publication is planned; a detention without a named authority takes the force named
in the same person's charges; vague and generic mentions are dropped.
"""
from __future__ import annotations

import re

from ..data import load_lexicon
from ..drafts import Draft, Mention
from ..records import Event, Evidence, Legal, Participant
from ..vocab import PLACED_TYPES
from .crosswalk import crosswalk_for
from .events import geo_rank


GENERIC_PARTIES = {"anyone", "anybody", "someone", "somebody", "everyone", "everybody", "people", "individual",
                   "individuals", "person", "citizens", "one"}


def generic_party(name: str) -> bool:
    words = name.lower().split()
    return not words or words[0] in ("a", "an", "any") or words[-1] in GENERIC_PARTIES


def vague(cluster: list[Mention]) -> bool:
    """Nobody, no date, no place, and never asserted: a characterisation ("an active participant
    in the riots"), not a reported event."""
    return all(m.modality not in ("asserted", "negated", "denied") and not m.args and (m.date is None or m.date_inherited)
               and (m.place_phrase is None or m.place_inherited) and m.venue is None for m in cluster)


GROUND_TYPES = PLACED_TYPES  # types that happen somewhere: at a scene, or where the institution acting sits


PLACE_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|an|ese|ish|i)$")
DATELINE_PRECISION = {"city": "admin1", "venue": "admin1", "admin1": "country", "country": "country"}
DATELINE_CONFIDENCE = 0.15  # taken off an event placed only by the report's dateline


def dateline_places(events: list[Event], draft: Draft) -> list[Event]:
    """The dateline is where the report was filed. It places an on-the-ground event only when
    nothing in the text does: the event names no city (its mentions state no place phrase, not
    not even a place adjective the gazetteer cannot resolve, such as "a Siberian court"), and the places the text
    names for other events include the dateline's country ("WASHINGTON -- students protested at
    Tehran University" is in Iran). Such a place is one step less precise (a city is given as its
    region) and the event's confidence lower; the dateline is its evidence."""
    home = draft.dateline_place
    if home is None or not home.country:
        return events
    countries = {ev.place.country for ev in events if ev.place.country}
    if countries and home.country not in countries:
        return events  # a story filed from Washington about events in Iran
    # "a Siberian court": a place adjective the gazetteer does not know still says "not here"
    stated = {m.trigger.start for m in draft.mentions if m.place_phrase is not None and not m.place_inherited
              and m.place is None and PLACE_ADJECTIVE.match(m.place_phrase.text)}
    out = []
    for ev in events:
        triggers = {e.start for e in ev.evidence if e.field == "type"}
        country_only = geo_rank(ev.place) == 1 and ev.place.country == home.country
        unplaced = not ev.place.name and not triggers & stated
        if ev.type in GROUND_TYPES and (unplaced or country_only) and ev.place.country in (None, home.country):
            place = home.model_copy(update={"venue": ev.place.venue,
                                            "precision": DATELINE_PRECISION.get(home.precision, home.precision)})
            evidence = ev.evidence + (Evidence(field="place", start=draft.dateline.start, end=draft.dateline.end),)
            ev = ev.model_copy(update={"place": place, "evidence": evidence,
                                       "confidence": round(max(0.1, ev.confidence - DATELINE_CONFIDENCE), 2)})
        out.append(ev)
    return out


def story_country_places(events: list[Event], draft: Draft) -> list[Event]:
    """A story filed from a third country ("WASHINGTON -- ... students protested at Tehran
    University") whose placed events all lie in one country: an event it places nowhere ("Kiani
    was convicted by a Revolutionary Court") is in that country, not at the dateline; it is given
    as the country alone, with a lower confidence."""
    home = draft.dateline_place
    countries = {ev.place.country for ev in events if ev.place.country}
    if home is None or not home.country or len(countries) != 1 or home.country in countries:
        return events
    from ..gazetteer import load_gazetteer
    country = load_gazetteer().country_place(next(iter(countries)))
    if country is None:
        return events
    out = []
    for ev in events:
        if ev.type in GROUND_TYPES and not ev.place.name and not ev.place.country:
            place = country.model_copy(update={"venue": ev.place.venue, "alternatives": None})
            ev = ev.model_copy(update={"place": place, "confidence": round(max(0.1, ev.confidence - DATELINE_CONFIDENCE), 2)})
        out.append(ev)
    return out


FACTUAL = ("asserted", "alleged", "negated", "denied")
PATIENTS = {"detention": "detainee", "charge": "defendant", "sentence": "defendant", "conviction": "defendant",
            "release": "released", "police_violence": "victim", "investigation": "suspect"}
ROSTER = re.compile(r"^(?:those|the people|the ones)\b", re.I)


ADMIN_ARREST_DAYS = 30


def administrative_charges(events: list[Event], draft: Draft) -> list[Event]:
    """A charge is administrative when the text or the penalty says so: its offence is one an
    administrative code punishes ("staging an unapproved public event"), or, in a country with
    such a code, the same defendant's sentence is days of arrest or a fine. A sentence that says
    "criminal" keeps it criminal."""
    codes = {c.upper() for c in load_lexicon("administrative_codes")}
    text = draft.article.text
    home = draft.dateline_place.country if draft.dateline_place else None
    cues = load_lexicon("administrative_offences")
    petty: set[str] = set()
    for ev in events:
        s = ev.legal.sentence if ev.legal else None
        if ev.type == "sentence" and s is not None and (s.kind == "fine" or (
                s.kind == "custodial" and s.days is not None and s.days <= ADMIN_ARREST_DAYS)):
            petty |= {p.entity or p.name.lower() for p in ev.participants if p.role == "defendant"}
    out = []
    for ev in events:
        if ev.type == "charge" and ev.subtype == "criminal":
            first = min((e.start for e in ev.evidence if e.field == "type"), default=0)
            start = max(text.rfind(". ", 0, first), text.rfind("\n", 0, first)) + 1
            end = min([i for i in (text.find(". ", first), text.find("\n", first)) if i != -1] or [len(text)])
            said_criminal = "criminal" in text[start:end].lower()
            offence = " ".join(ev.legal.charges if ev.legal else ()).lower()
            by_offence = any(c in offence for c in cues)
            by_penalty = (ev.place.country or home) in codes and any(
                (p.entity or p.name.lower()) in petty for p in ev.participants if p.role == "defendant")
            if not said_criminal and (by_offence or by_penalty):
                ev = ev.model_copy(update={"subtype": "administrative",
                                           "crosswalk": crosswalk_for("charge", "administrative")})
        out.append(ev)
    return out


def split_fines(events: list[Event]) -> list[Event]:
    """"Three years in prison and a fine of 5,000 rubles": one custodial sentence plus one fine,
    each its own sentence event of the same defendant and court."""
    out: list[Event] = []
    for ev in events:
        s = ev.legal.sentence if ev.legal else None
        if ev.type != "sentence" or s is None or s.kind == "fine" or s.amount is None:
            out.append(ev)
            continue
        term = s.model_copy(update={"amount": None, "currency": None})
        fine = s.model_copy(update={"kind": "fine", "term": None, "days": None, "suspended": None})
        out.append(ev.model_copy(update={"legal": ev.legal.model_copy(update={"sentence": term})}))
        out.append(ev.model_copy(update={"id": f"{ev.id}f", "legal": ev.legal.model_copy(update={"sentence": fine}),
                                         "crosswalk": crosswalk_for("sentence", None)}))
    return out


def tidy_parties(events: list[Event], country_name) -> list[Event]:
    """A defendant is not the court that tries them; a state is not the target of a protest held
    on its own soil by its own people ("Iranians protested in Tehran against the government")."""
    out = []
    for ev in events:
        parts = ev.participants
        defendants = {p.entity or p.name.lower() for p in parts if p.role == "defendant"}
        parts = tuple(p for p in parts if not (p.role == "court" and (p.entity or p.name.lower()) in defendants))
        home = country_name(ev.place.country) if ev.type == "protest" and ev.place.country else None
        if home:
            parts = tuple(p for p in parts if not (p.role == "target" and p.kind == "state" and p.name == home))
        out.append(ev if parts == ev.participants else ev.model_copy(update={"participants": parts}))
    return out


def join_rosters(events: list[Event]) -> list[Event]:
    """"Those detained included X and Y", "Among those arrested was X": a roster of an event told
    before. Its people join the latest earlier event of the type whose patient is a group, and
    the roster, which only points back ("those detained"), is no event of its own."""
    out: list[Event] = []
    for ev in events:
        role = PATIENTS.get(ev.type)
        patients = [p for p in ev.participants if p.role == role]
        groups = [p for p in patients if p.kind == "group"]
        people = [p for p in patients if p.kind == "person"]
        roster = people and groups and all(ROSTER.match(p.name) for p in groups)
        host = next((o for o in reversed(out) if o.type == ev.type and o.modality == ev.modality and any(
            p.role == role and p.kind == "group" and not ROSTER.match(p.name) for p in o.participants)), None)
        if not roster or host is None:
            out.append(ev)
            continue
        known = {(p.name, p.role) for p in host.participants}
        added = tuple(p for p in people if (p.name, p.role) not in known)
        i = out.index(host)
        out[i] = host.model_copy(update={"participants": host.participants + added})
    return out



def charged_roster_detained(events: list[Event]) -> list[Event]:
    """"Police arrested 14 people ... Those charged included X and Y": the charged are of the
    arrested, so X and Y are also detainees of the arrest told before."""
    out = list(events)
    for ev in events:
        if ev.type != "charge" or ev.modality != "asserted":
            continue
        defendants = [p for p in ev.participants if p.role == "defendant"]
        groups = [p for p in defendants if p.kind == "group"]
        people = [p for p in defendants if p.kind == "person"]
        if not people or not groups or not all(ROSTER.match(p.name) for p in groups):
            continue
        k = next((i for i in range(out.index(ev) - 1, -1, -1) if out[i].type == "detention"
                  and out[i].modality == "asserted"
                  and any(p.role == "detainee" and p.kind == "group" for p in out[i].participants)), None)
        if k is None:
            continue
        known = {p.name for p in out[k].participants}
        added = tuple(p.model_copy(update={"role": "detainee"}) for p in people if p.name not in known)
        out[k] = out[k].model_copy(update={"participants": out[k].participants + added})
    return out


def future_is_planned(events: list[Event], published: str | None) -> list[Event]:
    """An event dated after the story was published has not happened: "adjourned to August 14"."""
    if not published:
        return events
    return [ev.model_copy(update={"modality": "planned"})
            if ev.modality == "asserted" and ev.date.precision == "day" and (ev.date.start or "") > published[:10]
            else ev for ev in events]


LEDE_REACH = 6  # paragraphs: later undated events are often background, not the story's day


def lede_dates(events: list[Event], mentions: list[Mention]) -> list[Event]:
    """An undated event reported as fact took place on the story's day: the first day-precision
    date stated in the lede (first two paragraphs), e.g. "released late on Saturday" after
    "police detained 11 people on Saturday"."""
    lede = next((m for m in mentions if m.para <= 2 and not m.date_inherited and m.date is not None
                 and m.date.precision == "day" and m.date_phrase is not None), None)
    if lede is None:
        return events
    paragraph_of = {m.trigger.start: m.para for m in mentions}
    out = []
    for ev in events:
        stated = ev.date.text is not None  # an unresolved phrase stays unknown
        first = min((e.start for e in ev.evidence if e.field == "type"), default=0)
        near_lede = paragraph_of.get(first, 99) <= LEDE_REACH
        if not ev.date.start and not ev.date.end and not stated and near_lede and ev.modality in FACTUAL \
                and ev.type in GROUND_TYPES:
            ev = ev.model_copy(update={"date": lede.date, "evidence": ev.evidence + (
                Evidence(field="date", start=lede.date_phrase.start, end=lede.date_phrase.end),)})
        out.append(ev)
    return out


def share_pleas(events: list[Event]) -> list[Event]:
    """A defendant's plea belongs on their charge, trial and conviction events."""
    pleas = {}
    for ev in events:
        if ev.legal and ev.legal.plea:
            for p in ev.participants:
                if p.role == "defendant" and p.entity:
                    pleas[p.entity] = ev.legal.plea
    out = []
    for ev in events:
        if ev.type in ("charge", "trial", "conviction") and ev.legal is not None and not ev.legal.plea:
            ent = next((p.entity for p in ev.participants if p.role == "defendant" and p.entity in pleas), None)
            if ent:
                ev = ev.model_copy(update={"legal": ev.legal.model_copy(update={"plea": pleas[ent]})})
        out.append(ev)
    return out


def lone_defendant(events: list[Event]) -> list[Event]:
    """A hearing that names no defendant ("after the hearing at the district court"), in a story
    whose court events all concern one person, is that person's."""
    people = {p.entity: p for ev in events if ev.type in COURT_TYPES for p in ev.participants
              if p.role == "defendant" and p.entity}
    if len(people) != 1 or any(p.role == "defendant" and not p.entity for ev in events if ev.type in COURT_TYPES
                               for p in ev.participants):
        return events
    (person,) = people.values()
    if person.kind != "person":
        return events
    return [ev.model_copy(update={"participants": ev.participants + (person,)})
            if ev.type in ("trial", "conviction", "sentence") and not any(p.role == "defendant" for p in ev.participants)
            else ev for ev in events]


def verdict_charges(events: list[Event]) -> list[Event]:
    """A conviction that names no offence is for the one the defendant pleaded to or was charged
    with in another sentence ("pleaded guilty in August to one count of ...", "was sentenced")."""
    offences = {}
    for ev in events:
        if ev.type in ("trial", "charge") and ev.legal and ev.legal.charges and ev.modality == "asserted":
            for p in ev.participants:
                if p.role == "defendant" and p.entity:
                    offences.setdefault(p.entity, ev.legal.charges)
    out = []
    for ev in events:
        if ev.type == "conviction" and ev.legal is not None and not ev.legal.charges:
            ent = next((p.entity for p in ev.participants if p.role == "defendant" and p.entity in offences), None)
            if ent:
                ev = ev.model_copy(update={"legal": ev.legal.model_copy(update={"charges": offences[ent]})})
        out.append(ev)
    return out


def _conviction_of_same_sentencing(ev: Event, events: list[Event], out: list[Event]) -> int | None:
    """Index in `out` of the conviction of a co-defendant sentenced by the same words as `ev`."""
    words = {(e.start, e.end) for e in ev.evidence if e.field == "type"}
    names = {p.name for o in events if o is not ev and o.type == "sentence"
             and words & {(e.start, e.end) for e in o.evidence if e.field == "type"}
             for p in o.participants if p.role == "defendant"}
    return next((k for k, c in enumerate(out) if c.type == "conviction"
                 and names & {p.name for p in c.participants if p.role == "defendant"}), None)


def _verdict_of_same_sentence(ev: Event, out: list[Event], text: str) -> int | None:
    """Index in `out` of a conviction told in the sentence that sentences `ev`'s defendants ("convicted
    all five of sabotage and sentenced X, their leader, to nine years"): X is among those convicted."""
    starts = [e.start for e in ev.evidence if e.field == "type"]
    if not starts:
        return None
    for k, c in enumerate(out):
        if c.type != "conviction" or c.modality != "asserted":
            continue
        for e in c.evidence:
            if e.field != "type":
                continue
            lo, hi = sorted((e.start, starts[0]))
            if not re.search(r"[.!?][\"'”’]?\s|\n", text[lo:hi]):
                return k
    return None


def _counted_group_convicted(ev: Event, events: list[Event]) -> bool:
    """"sentenced five men to prison" ... "convicted all five of sabotage": a group's stated verdict,
    known by the same count, whatever words name the group."""
    if ev.size is None or not ev.size.low or ev.size.low < 2 or any(
            p.kind == "person" for p in ev.participants if p.role == "defendant"):
        return False
    return any(o.type == "conviction" and o.modality == "asserted" and o.size is not None
               and o.size.low == ev.size.low for o in events)


def implied_convictions(events: list[Event], draft_text: str) -> list[Event]:
    """A guilty plea followed by a sentence is a conviction, even when no verdict is reported;
    so is a court's sentence ("a court fined X 500 manats") with no verdict reported."""
    convicted = {p.entity for ev in events if ev.type == "conviction" for p in ev.participants if p.entity}
    sentenced = {p.entity for ev in events if ev.type == "sentence" for p in ev.participants if p.entity}
    out = list(events)
    for ev in events:
        court = next((p for p in ev.participants if p.role == "court" and any(
            w in p.name.lower() for w in ("court", "judge", "magistrate", "tribunal"))), None)
        sentenced_word = any(draft_text[e.start:e.end].lower().startswith("sentenc")
                             for e in ev.evidence if e.field == "type")
        defendants = [p for p in ev.participants if p.role == "defendant"]
        if ev.type != "sentence" or (court is None and not sentenced_word) or not defendants \
                or ev.modality != "asserted":
            continue  # a fine from the police is not a court's verdict
        if any(p.entity in convicted for p in defendants if p.entity) or any(
                o.type == "conviction" and {p.name for p in o.participants} & {p.name for p in defendants}
                for o in events):
            continue
        if _counted_group_convicted(ev, events):
            continue
        convicted.update(p.entity for p in defendants if p.entity)
        k = _conviction_of_same_sentencing(ev, events, out)
        k = k if k is not None else _verdict_of_same_sentence(ev, out[:len(events)], draft_text)  # a stated verdict
        if k is not None:  # "sentenced X and Y to 12 and 10 days": one verdict on both
            out[k] = out[k].model_copy(update={"participants": tuple(out[k].participants) + tuple(defendants)})
            continue
        out.append(ev.model_copy(update={
            "id": f"ev{len(out) + 1}", "type": "conviction", "subtype": None,
            "legal": Legal(charges=ev.legal.charges if ev.legal else (), outcome="guilty",
                           plea=ev.legal.plea if ev.legal else None),
            "crosswalk": crosswalk_for("conviction", None),
            "evidence": tuple(e for e in ev.evidence if e.field in ("type", "date", "place", "legal.charges",
                                                                    "legal.plea")
                              or e.field.startswith("participants."))}))
    for ev in events:
        if ev.type != "trial" or not ev.legal or ev.legal.plea != "guilty":
            continue
        ent = next((p.entity for p in ev.participants if p.role == "defendant" and p.entity), None)
        if ent and ent in sentenced and ent not in convicted:
            convicted.add(ent)
            out.append(ev.model_copy(update={
                "id": f"ev{len(out) + 1}", "type": "conviction", "subtype": None,
                "legal": ev.legal.model_copy(update={"outcome": "guilty"}),
                "crosswalk": crosswalk_for("conviction", None),
                "evidence": tuple(e for e in ev.evidence if e.field in ("type", "legal.plea", "date", "place"))
                + tuple(Evidence(field="legal.outcome", start=e.start, end=e.end) for e in ev.evidence
                        if e.field == "legal.plea")}))
    return out


COURT_TYPES = ("charge", "trial", "conviction", "sentence")


def share_court_facts(events: list[Event]) -> list[Event]:
    """One defendant's court events share the court and its city when one of them names it."""
    courts, places = {}, {}
    for ev in events:
        if ev.type not in COURT_TYPES:
            continue
        for p in ev.participants:
            if p.role == "defendant" and p.entity:
                court = next((c for c in ev.participants if c.role == "court"), None)
                if court is not None:
                    courts.setdefault(p.entity, court)
                if ev.place.name:
                    places.setdefault(p.entity, ev.place)
    out = []
    for ev in events:
        ent = next((p.entity for p in ev.participants if p.role == "defendant" and p.entity), None)
        if ev.type in ("trial", "conviction", "sentence") and ent:
            if ent in courts and not any(p.role == "court" for p in ev.participants):
                ev = ev.model_copy(update={"participants": ev.participants + (courts[ent],)})
            if ent in places and not ev.place.name:
                ev = ev.model_copy(update={"place": places[ent].model_copy(update={"venue": ev.place.venue})})
        out.append(ev)
    return out


def default_authority(events: list[Event], draft: Draft) -> list[Event]:
    """A detention with no named authority takes the security force named in the same person's
    court events ("disobeying police orders"), with that word as evidence."""
    forces = load_lexicon("security_forces")
    text = draft.article.text
    out = []
    for ev in events:
        if ev.type == "detention" and not any(p.role == "authority" for p in ev.participants):
            detainees = {p.entity for p in ev.participants if p.role == "detainee" and p.entity}
            found = None
            for other in events:
                if other is ev or not detainees & {p.entity for p in other.participants}:
                    continue
                for e in other.evidence:
                    if e.field == "legal.charges":
                        words = text[e.start:e.end].lower().split()
                        hit = next((w for w in words if w in forces), None)
                        if hit:
                            at = text.lower().index(hit, e.start)
                            found = (hit, at)
                            break
                if found:
                    break
            if found:
                word, at = found
                ev = ev.model_copy(update={
                    "participants": ev.participants + (Participant(role="authority", name=word, kind="authority"),),
                    "evidence": ev.evidence + (Evidence(field="participants.authority", start=at, end=at + len(word)),)})
        out.append(ev)
    return out
