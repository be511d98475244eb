"""Merge the mentions of one real event inside an article into one contract Event
(within-document event coreference).

Each mention, in text order, either refers back to an event already told or starts a new one:
- a referring mention ("the rally", "those detained", a participant noun such as "protesters", or
  a bare repeat that adds no participant, date or place of its own) joins the latest compatible
  event of its type: same type, compatible subtype, date, place and sentence, whoever it names;
- any other mention joins an event that shares a key participant entity (the protester, detainee,
  defendant...), or, with no person on either side, the place or a nearby sentence;
- a distinct mention ("a similar rally", "another protest") starts its own event.
Conflicting day dates, subtypes or places always keep mentions apart. Headline mentions join the
first body event of their type.
"""
from __future__ import annotations

from ..data import load_lexicon
from ..drafts import Arg, Mention
from ..gazetteer import load_gazetteer
from ..records import DateValue, Evidence, Legal, Participant, Place, Sentence, Size
from ..vocab import DEFAULT_SUBTYPE

KEY_ROLES = {"protester", "detainee", "defendant", "released", "suspect", "victim", "actor"}
COMPATIBLE_SUBTYPES = [{"picket", "solo_picket"}, {"arrest", "detention"}, {"trial", "hearing"}]
MODALITY_CLASS = {"asserted": "fact", "alleged": "fact", "denied": "fact", "planned": "future",
                  "threatened": "future", "hypothetical": "hypothetical", "negated": "negated"}
DISTINCT_SUBTYPES = {"abduction", "house_arrest"}  # never the same event as a plain detention
PRECISION_RANK = {"day": 5, "week": 4, "month": 3, "range": 2, "year": 1, "unknown": 0}
NEARBY_SENTENCES = 3


def _keys(m: Mention) -> set[str]:
    return {a.entity for a in m.args if a.role in KEY_ROLES and a.entity and a.entity.startswith("e")}


def _has_group(m: Mention) -> bool:
    return any(a.role in KEY_ROLES and a.kind == "group" for a in m.args)


def _has_person(m: Mention) -> bool:
    return any(a.role in KEY_ROLES and a.kind == "person" for a in m.args)


def _person_only(m: Mention) -> bool:
    return _has_person(m) and not _has_group(m)


def _subtypes_ok(a: str | None, b: str | None, etype: str) -> bool:
    if a is None or b is None or a == b:
        return True
    default = DEFAULT_SUBTYPE.get(etype)
    if default in (a, b) and not {a, b} & DISTINCT_SUBTYPES:
        return True
    return any(a in s and b in s for s in COMPATIBLE_SUBTYPES)


def _dates_ok(a: Mention, b: Mention) -> bool:
    da, db = a.date, b.date
    if da is None or db is None or a.date_inherited or b.date_inherited:
        return True
    if da.start and db.start:  # "2019" against "2020-08-01": two events
        n = min(len(da.start), len(db.start))
        return da.start[:n] == db.start[:n]
    return True


def _continues(a: Mention, b: Mention) -> bool:
    """Custody after an arrest continues that detention ("arrested on Monday"; "a judge on Tuesday
    ordered him held in custody"): one event when they share the detainee (checked by `accepts`)."""
    if a.type != "detention" or b.type != "detention" or {a.subtype, b.subtype} != {"arrest", "detention"}:
        return False
    first, later = (a, b) if a.subtype == "arrest" else (b, a)
    return bool(first.date and later.date and first.date.start and later.date.start
                and first.date.start <= later.date.start and _keys(first) & _keys(later))


CUSTODY_SUBTYPES = {"arrest", "detention"}


def _during(a: Mention, b: Mention) -> bool:
    """A protest told as lasting ("occupied the building since Monday") and the same kind of
    protest on a day inside that span ("arrested 45 students at a sit-in late Wednesday"): one
    happening seen at two moments. Only a specific subtype (a sit-in, a strike), so that a rally
    on one day of a strike wave stays its own event."""
    if a.type != "protest" or b.type != "protest" or a.subtype != b.subtype or \
            a.subtype in (None, DEFAULT_SUBTYPE.get("protest")):
        return False
    for span, day in ((a, b), (b, a)):
        s, d = span.date, day.date
        if s and d and s.precision == "range" and d.precision == "day" and s.start and d.start \
                and len(s.start) == 10 and s.start <= d.start and (s.end is None or d.start <= s.end):
            return True
    return False


def _custody_state(m: Mention) -> bool:
    """"held in a detention center", "her pretrial detention", "in custody": custody as a state."""
    return m.type == "detention" and m.subtype == "detention" and \
        m.trigger.text.lower() in load_lexicon("custody_states")


def _same_custody(a: Mention, b: Mention) -> bool:
    """One person's custody told several ways ("arrested on December 9", "a court on Wednesday
    extended her pretrial detention"): the custody state dated later continues the detention."""
    if a.type != "detention" or b.type != "detention" or not {a.subtype, b.subtype} <= CUSTODY_SUBTYPES:
        return False
    if not (_keys(a) & _keys(b)) or _has_group(a) or _has_group(b):
        return False
    if not (a.date and b.date and a.date.start and b.date.start) or a.date.start == b.date.start:
        return False
    later = a if a.date.start > b.date.start else b
    return _custody_state(later)


def _place_key(m: Mention) -> str | None:
    if m.place is None:
        return None
    return m.place.name or None


class Cluster:
    def __init__(self, m: Mention):
        self.mentions = [m]

    @property
    def type(self) -> str:
        return self.mentions[0].type

    @property
    def modality_class(self) -> str:
        if any(_presupposes(o) and o.modality == "asserted" for o in self.mentions):
            return "fact"  # "extended her pretrial detention": told as a fact, whatever "will remain in custody" adds
        primary = [o for o in self.mentions if not _presupposes(o)] or self.mentions
        return MODALITY_CLASS[primary[0].modality]

    def compatible(self, m: Mention) -> bool:
        """Nothing the mention states contradicts the event: type, subtype, date, place, sentence."""
        if m.type != self.type:
            return False
        for other in self.mentions:
            if not _subtypes_ok(other.subtype, m.subtype, m.type) or not (
                    _dates_ok(other, m) or _continues(other, m) or _same_custody(other, m) or _during(other, m)):
                return False
            if other.sentence_kind and m.sentence_kind and other.sentence_kind != m.sentence_kind:
                return False  # "a year in prison and a fine": two sentences
            if other.size and m.size and other.size.low and m.size.low and not m.secondary and not (
                    0.5 <= other.size.low / m.size.low <= 2):
                return False  # "dozens detained on Friday", "about 220 jailed": not one event
        if m.type == "protest" and any(_other_crowd_other_kind(o, m) for o in self.mentions):
            return False  # "a strike by dockworkers ..., while hundreds of farmers drove tractors ... to protest"
        if not _actors_agree(self.mentions, m):
            return False  # the US statement and Cuba's summons are two events
        mine = _own_place(m)
        places = {_own_place(o) for o in self.mentions} - {None}
        if not (mine and places) or mine in places:
            return True
        # a rally in Gyumri is not the Yerevan one; strikes "across France" include the Paris ones
        return any(_contains(o.place, m.place) or _contains(m.place, o.place)
                   for o in self.mentions if _own_place(o))

    def accepts(self, m: Mention) -> bool:
        if not self.compatible(m):
            return False
        if MODALITY_CLASS[m.modality] != self.modality_class:
            return False  # "no one was detained there", "plan to march on Friday": other events
        keys = set().union(*(_keys(o) for o in self.mentions))
        if keys and _keys(m):
            # "200 arrested, among them Begum" and "Begum was arrested at her home": two events
            return bool(keys & _keys(m)) and _has_group(m) == any(_has_group(o) for o in self.mentions)
        # a person named among a crowd ("Among them was Salma Hegazy") leaves it a crowd's event
        if any(_person_only(o) for o in self.mentions) != _person_only(m):
            return False
        if _person_only(m):
            return False  # people we could not tie to one entity
        if _same_crowd(self.mentions, m) or _same_counted_group(self.mentions, m):
            return True  # "the detention of two international students" ... "the two students were detained"
        places = {_place_key(o) for o in self.mentions} - {None}
        mine = _place_key(m)
        if mine and places:
            return mine in places
        return any(abs(o.sent - m.sent) <= NEARBY_SENTENCES for o in self.mentions)


def cluster_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions into events, in order of first mention; headline mentions join body events."""
    body = [m for m in mentions if not m.headline and not m.supposed]
    heads = [m for m in mentions if m.headline]
    clusters: list[Cluster] = []
    for m in body:
        target = None
        if m.reference != "distinct":
            target = _referent(m, clusters) if _refers_back(m) and not m.secondary else None
            target = target or next((c for c in clusters if c.accepts(m) and not _year_departs(c, m)), None)
            # "paid the fine", "the march ended": the event just named
            target = target or _antecedent_cluster(m, clusters) or _scene_cluster(m, clusters)
            target = target or _custody_cluster(m, clusters)
            # "the marchers" are those of the march told; so are "two other protesters, A and B"
            if m.secondary and (_only_role_words(m) or _names_crowd_members(m)):
                target = target or _referent(m, clusters)
        if target is not None and _year_departs(target, m):
            target = None
        if target is not None:
            target.mentions.append(m)
        else:
            clusters.append(Cluster(m))
    clusters = _fold_presupposing(clusters, body)
    for m in (m for m in mentions if m.supposed):  # a condition only adds to an event told elsewhere
        target = next((c for c in clusters if c.compatible(m) and _parties_fit(c, m) and not _date_departs(c, m)), None)
        if target is not None:
            target.mentions.append(m)
    for m in heads:
        same = [c for c in clusters if c.type == m.type]
        keyed = [c for c in same if _keys(m) & set().union(*(_keys(o) for o in c.mentions))]
        target = (keyed or same or [None])[0]
        if target is not None:
            target.mentions.append(m)
        else:
            clusters.append(Cluster(m))
    return [c.mentions for c in clusters]


ACTOR_ROLES = {"actor"}
CROWD_TYPES = {"protest", "police_violence"}  # a crowd's event: anyone named in it is one of the crowd


def _contains(outer: Place | None, inner: Place | None) -> bool:
    """A country contains every place located in it."""
    return bool(outer and inner and outer.precision == "country" and outer.country and outer.country == inner.country)


def _own_place(m: Mention) -> str | None:
    return None if m.place_inherited else _place_key(m)


def _adds_nothing(m: Mention) -> bool:
    """A bare repeat: no person of its own, no date or place stated for it ("tear gas was fired")."""
    own_date = m.date_phrase is not None and not m.date_inherited
    return not _keys(m) and not own_date and _own_place(m) is None


ROLE_WORDS = {"protester", "protesters", "demonstrator", "demonstrators", "picketer", "picketers", "marcher",
              "marchers", "striker", "strikers", "participants", "crowd", "some", "many", "several", "other",
              "others", "all", "any", "one", "those", "most", "few", "none"}


def _only_role_words(m: Mention) -> bool:
    """"the marchers", "one protester", "other strikers" name the crowd told; "about 30 union members"
    is a crowd of its own."""
    return all(_words(a.name) <= ROLE_WORDS for a in m.args if a.role in KEY_ROLES)


GENERIC_CROWD = ROLE_WORDS | {"people", "persons", "person", "men", "women", "members", "dozens", "hundreds",
                              "thousands", "about", "least", "more", "than", "some", "them"}


def _crowd_words(m: Mention) -> set[str]:
    return {w for a in m.args if a.role in KEY_ROLES and a.kind == "group"
            for w in _words(a.name) if not w.isdigit()} - GENERIC_CROWD


def _own_date(m: Mention) -> bool:
    return m.date is not None and bool(m.date.start) and not m.date_inherited


def _other_crowd_other_kind(a: Mention, b: Mention) -> bool:
    """A strike and another kind of protest by crowds named apart ("dockworkers", "farmers") are two events."""
    if (a.subtype == "strike") == (b.subtype == "strike") or a.secondary or b.secondary:
        return False
    mine, theirs = _crowd_words(a), _crowd_words(b)
    return bool(mine and theirs) and not mine & theirs


def _same_crowd(cluster: list[Mention], m: Mention) -> bool:
    """The same crowd named again, by the words that set it apart ("two international students",
    "the two students") and the same count, is the same event (compatibility is checked first);
    a protest's crowd needs no count ("hundreds of farmers" ... "farmers protested")."""
    mine = _crowd_words(m)
    if not mine:
        return False

    def counts_agree(o: Mention) -> bool:
        if m.size is None or not m.size.low or o.size is None or not o.size.low:
            # "hundreds of farmers drove tractors" ... "farmers protested": neither dated on its own
            return m.type == "protest" and not _own_date(m) and not _own_date(o)
        return o.size.low == m.size.low
    return any(counts_agree(o) and mine & _crowd_words(o) for o in cluster)


def _same_counted_group(cluster: list[Mention], m: Mention) -> bool:
    """A legal step of a group told in the lede and again below ("fined 12 other women who took
    part" ... "fined 12 others 75,000 tenge each"): the same count of the same step is one event,
    whatever words name the group. Crowd events are left to `_same_crowd`."""
    if m.type in CROWD_TYPES or not _has_group(m) or m.size is None or not m.size.low or m.size.low < 2:
        return False
    return any(_has_group(o) and o.size is not None and o.size.low == m.size.low for o in cluster)


def _names_crowd_members(m: Mention) -> bool:
    """"two other protesters, Asel Nurova and Dana Temirova": people of the protest told, named by a
    participant noun (not a placard's holders, who may be a crowd of their own)."""
    if m.type not in CROWD_TYPES or m.trigger.text.lower().startswith(SIGN_WORDS):
        return False
    crowd = [a for a in m.args if a.role in KEY_ROLES]
    return bool(crowd) and all(a.kind == "person" or _words(a.name) <= ROLE_WORDS for a in crowd)


def _presupposes(m: Mention) -> bool:
    """"a speech at the rally", "police did not detain any of the marchers": the event is taken as
    given; the clause's modality is about something else. Not when it is the event that is
    negated: "police prevented the weekly march"."""
    return m.secondary or m.supposed or (m.reference == "definite" and m.modality != "negated")


def _refers_back(m: Mention) -> bool:
    return m.reference == "definite" or m.secondary or _adds_nothing(m)


def _parties_fit(c: Cluster, m: Mention) -> bool:
    """Who a referring mention names may add to the event, never contradict it: the detention of
    one person is not "her arrest" of another, nor a crowd's detention."""
    if m.type in CROWD_TYPES:
        return True
    keys = set().union(*(_keys(o) for o in c.mentions))
    if keys and _keys(m) and not keys & _keys(m):
        return False
    return not (all(_person_only(o) for o in c.mentions) and _has_group(m) and not _keys(m) & keys)


def _date_departs(c: Cluster, m: Mention) -> bool:
    """A referring mention with a date of its own ("their vigil in 2018") that no date of the event
    agrees with, even one the event only took from its neighbours, tells another event."""
    if m.date is None or m.date_inherited or not m.date.start:
        return False
    dates = [o.date.start for o in c.mentions if o.date is not None and o.date.start]
    n = len(m.date.start)
    return bool(dates) and not any(d[:min(n, len(d))] == m.date.start[:min(n, len(d))] for d in dates)


PARTY_TYPES = {"detention", "charge", "trial", "conviction", "sentence"}


def _fold_presupposing(clusters: list[Cluster], mentions: list[Mention]) -> list[Cluster]:
    """A protest known only from the people a court or the police act on ("fined two other
    demonstrators"), before the protest itself is told ("About 70 residents gathered on Friday"),
    is that protest: it joins the first such event told after it that nothing of it contradicts."""
    legal_sents = {m.sent for m in mentions if m.type in PARTY_TYPES}
    out: list[Cluster] = []
    for k, c in enumerate(clusters):
        if c.type == "protest" and all(o.secondary or o.reference == "definite" for o in c.mentions) \
                and c.mentions[0].secondary and all(o.sent in legal_sents for o in c.mentions if o.secondary):
            first = min(o.sent for o in c.mentions)
            later = next((d for d in clusters[k + 1:] if d.type == c.type and min(o.sent for o in d.mentions) > first
                          and not any(o.secondary or o.reference for o in d.mentions[:1])
                          and all(d.compatible(o) for o in c.mentions)), None)
            if later is not None:
                later.mentions.extend(c.mentions)
                continue
        out.append(c)
    return out


def _year_departs(c: Cluster, m: Mention) -> bool:
    """A day stated for the mention in a year no mention of the event is dated in, not even by a
    borrowed date: "marched on Sunday" and "sentenced over the July 11, 2021 protests" are two."""
    # protests only: a custody or a case runs across years ("held since her arrest on December 9")
    if m.type != "protest" or m.date is None or m.date_inherited or m.date.precision not in ("day", "month", "year") \
            or not m.date.start or m.tense != "past":
        return False
    best, by = _best_date(c.mentions)  # the date the event would carry
    # a borrowed date is a weak guess: it parts them only from a day stated in the past; a
    # month or a year ("the sentence ... in December 2017") only from a date stated for the event
    if best is None or not best.start or best.precision != "day" or best.start[:4] == m.date.start[:4]:
        return False
    if by.date_inherited:  # "the 2011 student protests", naming no one, are not this week's march
        return by.tense == "past" and (m.date.precision == "day" or not m.args)
    return True


def _repeats(c: Cluster, m: Mention) -> bool:
    """A bare repeat names no one new and repeats a specific subtype ("rubber bullets", "the
    march"; a bare "protests" may be the whole wave)."""
    if not m.subtype or m.subtype == DEFAULT_SUBTYPE.get(m.type) or m.subtype not in {o.subtype for o in c.mentions}:
        return False
    known = [_words(a.name) for o in c.mentions for a in o.args]
    return all(any(_words(a.name) & k for k in known) for a in m.args if a.role in KEY_ROLES)


def _referent(m: Mention, clusters: list[Cluster]) -> Cluster | None:
    """The latest event of the mention's type that it can refer to. A bare repeat must also repeat
    the subtype and the people ("rubber bullets" again is the rubber-bullet event, not the tear
    gas; "children were taken to the station" is not the detention of their mothers)."""
    best, best_at, same_kind = None, -1, False
    specific = m.subtype and m.subtype != DEFAULT_SUBTYPE.get(m.type)
    for c in clusters:
        if not c.compatible(m) or not _parties_fit(c, m) or _date_departs(c, m):
            continue
        # "plan to march again", "no one was detained": other events; "those arrested", "a speech
        # at the rally" take the event as a fact, whatever their own clause says
        if MODALITY_CLASS[m.modality] != c.modality_class and not (
                _presupposes(m) and (c.modality_class == "fact" or _names_planned(m, c))):
            continue
        if m.modality == "planned" and m.subtype and m.subtype not in {o.subtype for o in c.mentions}:
            continue  # "her trial is expected to begin in the spring" is not the hearing just held
        if m.reference != "definite" and not m.secondary and not _repeats(c, m):
            continue
        at = max(o.trigger.start for o in c.mentions)
        # "those arrested" after "arrested 19 people ... the detention of two students": the arrests
        kind = bool(specific) and m.subtype in {o.subtype for o in c.mentions}
        if at < m.trigger.start and (kind, at) > (same_kind, best_at):
            best, best_at, same_kind = c, at, kind
    return best


def _names_planned(m: Mention, c: Cluster) -> bool:
    """"leaflets advertising the rally": a definite mention, dated by nothing of its own, names
    the planned event told (session 5)."""
    return m.type == "protest" and c.modality_class == "future" and m.reference == "definite" and \
        (m.date is None or m.date_inherited)  # not "those arrested": a detention told after a threat is the real one


def _words(name: str) -> set[str]:
    return {w.strip(".,'’").lower() for w in name.replace("’s", "").replace("'s", "").split() if len(w) > 2}


def _actors_agree(cluster: list[Mention], m: Mention) -> bool:
    mine = [a for a in m.args if a.role in ACTOR_ROLES]
    theirs = [a for o in cluster for a in o.args if a.role in ACTOR_ROLES]
    if not mine or not theirs:
        return True
    return any(_words(a.name) & _words(b.name) for a in mine for b in theirs)


def _antecedent_cluster(m: Mention, clusters: list[Cluster]) -> Cluster | None:
    """A bare definite mention with no participants of its own refers back to the latest event of
    its type in the two sentences before it."""
    if m.args or not m.trigger.text[:1].islower():
        return None
    recent = [c for c in clusters if c.type == m.type and any(0 <= m.sent - o.sent <= 2 for o in c.mentions)
              and all(_subtypes_ok(o.subtype, m.subtype, m.type) for o in c.mentions)]
    return recent[-1] if recent else None


def _custody_cluster(m: Mention, clusters: list[Cluster]) -> Cluster | None:
    """A bare custody state with no one, no date and no place of its own ("lost weight in custody")
    is the custody already told: the latest detention reported as fact."""
    if m.args or not _custody_state(m) or not _adds_nothing(m) or MODALITY_CLASS[m.modality] != "fact":
        return None
    told = [c for c in clusters if c.type == "detention" and c.modality_class == "fact"
            and all(o.subtype in CUSTODY_SUBTYPES for o in c.mentions)]
    return told[-1] if told else None


SIGN_WORDS = ("placard", "sign", "banner", "poster", "candle")


def _scene_cluster(m: Mention, clusters: list[Cluster]) -> Cluster | None:
    """"Some carried placards reading ...": a detail of the protest just reported (within two
    sentences, same place), not a protest of its own."""
    if not m.secondary or m.type != "protest" or _has_person(m) or not m.trigger.text.lower().startswith(SIGN_WORDS):
        return None
    mine = _place_key(m)
    recent = [c for c in clusters if c.type == "protest" and not any(o.secondary for o in c.mentions[:1])
              and any(0 <= m.sent - o.sent <= 2 for o in c.mentions)
              and MODALITY_CLASS[c.mentions[0].modality] == MODALITY_CLASS[m.modality]
              and (mine is None or mine in {_place_key(o) for o in c.mentions} | {None})]
    if not recent:
        return None
    return max(recent, key=lambda c: max(o.sent for o in c.mentions if o.sent <= m.sent))


def merged_modality(mentions: list[Mention]) -> str:
    """Asserted anywhere wins; a denial beside a claim makes the event disputed (alleged)."""
    mods = [m.modality for m in mentions]
    if "denied" in mods and "asserted" in mods:
        return "alleged"  # reported as fact by some, denied by an actor: disputed
    if "denied" in mods:
        return "denied"  # a claim an actor denies
    for modality in ("asserted", "alleged", "planned", "threatened", "denied", "hypothetical", "negated"):
        if modality in mods:
            return modality
    return "asserted"


def _best_date(mentions: list[Mention]) -> tuple[DateValue | None, Mention | None]:
    dated = [m for m in mentions if m.date is not None and m.date.start or (m.date is not None and m.date.end)]
    if not dated:
        return None, None
    if mentions[0].type == "detention":  # custody starts when the person was taken: the earliest date
        dated = sorted(dated, key=lambda m: m.date.start or "9999")
    best = max(dated, key=lambda m: (not m.date_inherited, PRECISION_RANK.get(m.date.precision, 0)))
    return best.date, best


def _best_place(mentions: list[Mention]) -> tuple[Place | None, Mention | None]:
    placed = [m for m in mentions if m.place is not None]
    if not placed:
        return None, None
    best = max(placed, key=lambda m: (geo_rank(m.place), m.place.venue is not None, not m.place_inherited))
    place = best.place
    if place.venue is None:
        venue = next((m.venue.text for m in mentions if m.venue), None)
        if venue:
            place = place.model_copy(update={"venue": venue})
    return place, best


def geo_rank(place: Place) -> int:
    """How finely a place is located, whatever its venue: city 3, region 2, country 1, none 0.
    Regions and countries carry their centroid's coordinates, so coordinates alone do not make a town."""
    if place.name is None:
        return 0
    if place.name == load_gazetteer().country_name(place.country):
        return 1
    if place.name == place.admin1 and place.geonames_id is None:  # a region's record, not its capital
        return 2
    if place.lat is not None:
        return 3
    return 2 if place.admin1 else 1


def _participants(mentions: list[Mention]) -> tuple[list[Participant], list[Arg]]:
    out: list[Participant] = []
    used: list[Arg] = []
    seen = set()
    for m in mentions:
        for a in m.args:
            key = (a.role, a.entity if a.entity and a.entity.startswith("e") else a.name.lower())
            if key in seen:
                continue
            seen.add(key)
            entity = a.entity if a.entity and a.entity.startswith("e") else None
            out.append(Participant(role=a.role, name=a.name, kind=a.kind, entity=entity))
            used.append(a)
    # A named person makes an unnamed descriptor of the same role redundant.
    named_roles = {p.role for p in out if p.entity}
    keep = [(p, a) for p, a in zip(out, used) if p.entity or p.role not in named_roles or p.kind != "person"]
    return [p for p, _ in keep], [a for _, a in keep]


def build_event_fields(mentions: list[Mention]) -> dict:
    """Merged contract fields and evidence of one cluster of mentions."""
    first = mentions[0]
    # "protesters" or "a placard" supports the type only when no event word does
    primary = [m for m in mentions if not m.secondary] or mentions
    # who says it happened: "a speech at the rally, an accusation he rejected" does not dispute the rally
    asserting = [m for m in mentions if not _presupposes(m) or m.modality == "asserted"] or mentions
    evidence: list[Evidence] = [Evidence(field="type", start=m.trigger.start, end=m.trigger.end) for m in primary]
    evidence += [Evidence(field="type.context", start=m.trigger.start, end=m.trigger.end)
                 for m in mentions if m not in primary]
    subtypes = [m.subtype for m in mentions if m.subtype]
    default = DEFAULT_SUBTYPE.get(first.type)
    specific = [s for s in subtypes if s != default]
    if "solo_picket" in specific:
        specific.insert(0, "solo_picket")  # the most specific of picket / solo_picket
    subtype = specific[0] if specific else (subtypes[0] if subtypes else None)
    date, date_m = _best_date(mentions)
    if date_m is not None and date_m.date_phrase is not None:
        evidence.append(Evidence(field="date", start=date_m.date_phrase.start, end=date_m.date_phrase.end))
    else:  # a phrase we could not resolve ("the following year") is kept as text, never guessed
        unresolved = next((m.date_phrase for m in mentions if m.date_phrase and not m.date_inherited), None)
        if unresolved is not None:
            date = DateValue(text=unresolved.text)
            evidence.append(Evidence(field="date", start=unresolved.start, end=unresolved.end))
    place, place_m = _best_place(mentions)
    if place_m is not None and place_m.place_phrase is not None:
        evidence.append(Evidence(field="place", start=place_m.place_phrase.start, end=place_m.place_phrase.end))
    for m in mentions:
        if m.venue is not None:
            evidence.append(Evidence(field="place.venue", start=m.venue.start, end=m.venue.end))
            break
    participants, args = _participants(mentions)
    evidence += [Evidence(field=f"participants.{a.role}", start=a.start, end=a.end) for a in args]
    size = None
    sized = [m for m in mentions if m.size is not None]
    if sized:
        m = sized[0]
        size = Size(low=m.size.low, high=m.size.high, text=m.size_phrase.text if m.size_phrase else m.size.text)
        evidence.append(Evidence(field="size", start=m.size_phrase.start, end=m.size_phrase.end))
    claims, signs = [], []
    for m in mentions:
        for c in m.claims:
            if c.text not in claims:
                claims.append(c.text)
                evidence.append(Evidence(field="claims", start=c.start, end=c.end))
        for s in m.sign_text:
            if s.text not in signs:
                signs.append(s.text)
                evidence.append(Evidence(field="sign_text", start=s.start, end=s.end))
    legal = _legal(first.type, mentions, evidence)
    return dict(type=first.type, subtype=subtype, modality=merged_modality(asserting), date=date or DateValue(),
                place=place or Place(), participants=tuple(participants), size=size, claims=tuple(claims),
                sign_text=tuple(signs), legal=legal, evidence=tuple(evidence),
                confidence=max(m.confidence for m in mentions))


def _legal(etype: str, mentions: list[Mention], evidence: list[Evidence]) -> Legal | None:
    if etype not in ("charge", "trial", "conviction", "sentence", "detention", "investigation"):
        return None
    charges: list[str] = []
    for m in mentions:
        for c in m.charges:
            if c.text not in charges:
                charges.append(c.text)
                evidence.append(Evidence(field="legal.charges", start=c.start, end=c.end))
    plea = next((m for m in mentions if m.plea_value), None)
    if plea is not None:
        evidence.append(Evidence(field="legal.plea", start=plea.plea.start, end=plea.plea.end))
    outcome = next((m.outcome for m in mentions if m.outcome), None)
    sentence = None
    if etype == "sentence":
        src = next((m for m in mentions if m.sentence_kind or m.term or m.amount), None)
        if src is not None:
            sentence = Sentence(kind=src.sentence_kind, term=src.term, days=src.days, amount=src.amount,
                                currency=src.currency, suspended=src.suspended)
            for phrase in (src.term_phrase, src.money_phrase):
                if phrase is not None:
                    evidence.append(Evidence(field="legal.sentence", start=phrase.start, end=phrase.end))
    if etype == "detention" and not charges:
        return None
    return Legal(charges=tuple(charges), plea=plea.plea_value if plea else None, outcome=outcome, sentence=sentence)
