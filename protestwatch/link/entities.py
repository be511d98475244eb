"""Entities inside one article: person names clustered with their aliases (surname-only mentions,
titles, near-miss spellings such as Azhibai/Azihibai), and participants mapped onto them."""
from __future__ import annotations

from rapidfuzz import fuzz

import functools

from ..data import load_lexicon, load_table
from ..drafts import Arg, Draft, NameMention
from ..nlp.first_names import first_name_gender
from ..records import Entity

NEAR_MISS = 85  # rapidfuzz ratio for one-token spelling variants of at least five letters


DAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _tokens(text: str) -> list[str]:
    return [t.strip(".,'’") for t in text.replace("’s", "").replace("'s", "").split() if t.strip(".,'’")]


def _same_person(short: str, full: str) -> bool:
    st, ft = _tokens(short), _tokens(full)
    if not st or not ft or (len(st) == 1 and st[0].lower() in DAY_WORDS):
        return False
    if all(any(s.lower() == f.lower() for f in ft) for s in st):
        return True
    return len(st) == 1 and len(st[0]) >= 5 and any(len(f) >= 5 and fuzz.ratio(st[0].lower(), f.lower()) >= NEAR_MISS for f in ft)


def cluster_names(draft: Draft) -> tuple[list[Entity], dict[str, str]]:
    """Return entities and a map from name-mention key to entity id."""
    persons = [n for n in draft.names if n.kind == "person"]
    clusters: list[list[NameMention]] = []
    for n in sorted(persons, key=lambda n: (-len(_tokens(n.text)), n.start)):
        for cluster in clusters:
            if _same_person(n.text, cluster[0].text):
                cluster.append(n)
                break
        else:
            clusters.append([n])
    clusters.sort(key=lambda c: min(n.start for n in c))
    entities, key_map = [], {}
    for i, cluster in enumerate(clusters, 1):
        eid = f"e{i}"
        name = cluster[0].text
        aliases = sorted({n.text for n in cluster if n.text != name}, key=lambda a: min(
            x.start for x in cluster if x.text == a))
        titled = sorted({f"{n.title} {n.text}" for n in cluster if n.title and len(_tokens(n.text)) == 1})
        descriptors = sorted({n.title for n in cluster if n.title})
        mentions = tuple(sorted((n.start, n.end) for n in cluster))
        entities.append(Entity(id=eid, name=name, kind="person", aliases=tuple(aliases + [t for t in titled if t not in aliases]),
                               descriptors=tuple(descriptors), mentions=mentions))
        for n in cluster:
            key_map[n.key] = eid
    return entities, key_map


def main_person(entities: list[Entity]) -> Entity | None:
    """The person the story is about: the one mentioned most often (at least three times)."""
    ranked = sorted(entities, key=lambda e: -len(e.mentions))
    if ranked and len(ranked[0].mentions) >= 3 and (len(ranked) == 1 or len(ranked[0].mentions) > len(ranked[1].mentions)):
        return ranked[0]
    return None


LEDE_WINDOW = 700  # characters: the lede and the sentence after it


def _in_lede(arg: Arg, draft: Draft) -> bool:
    """In the headline or the first two paragraphs, where wire copy names people after describing them."""
    return draft.article.text.count("\n\n", 0, arg.start) <= 3


def _is_descriptor(arg: Arg, draft: Draft) -> bool:
    """An unnamed singular person: "an activist", "a 27-year-old IT specialist", "a leader of ..."."""
    text = draft.article.text
    before = text[max(0, arg.start - 3):arg.start].lower()
    words = arg.name.lower().split()
    if not words or any(ch.isupper() for ch in arg.name[1:2]) and len(words) == 1:
        return False
    descriptors = load_lexicon("person_descriptors")
    indefinite = before.endswith(("a ", "an ")) or words[0] in ("a", "an")
    return indefinite or words[-1] in descriptors or any(w in descriptors for w in words[:3])


def _official(entity: Entity) -> bool:
    """A person titled as a state authority ("Judge", "Prosecutor")."""
    authorities = load_lexicon("authorities")
    return any(w.lower().rstrip(".") in authorities for d in entity.descriptors for w in d.split())


def _names_by_relation(before_name: str) -> bool:
    return " of " in f" {before_name.lower()} " or "'s " in before_name or "’s " in before_name


@functools.cache
def _gender_words() -> dict[str, str]:
    return dict(load_table("gender_words"))


def _other_gender(arg: Arg, entity: Entity) -> bool:
    """"A 34-year-old man has been charged with the murder of ... Samira Haddad": a description
    that states a gender is not the next person named with a first name of the other."""
    said = {_gender_words().get(w) for w in arg.name.lower().split()} - {None}
    first = entity.name.split()[0] if " " in entity.name else ""
    named = first_name_gender(first)
    return len(said) == 1 and named is not None and named not in said


def map_participant(arg: Arg, draft: Draft, entities: list[Entity], key_map: dict[str, str],
                    lead_person: Entity | None, first_mention: int | None) -> Arg:
    """Point a participant at its entity and give it the entity's full name."""
    by_id = {e.id: e for e in entities}
    eid = key_map.get(arg.entity or "")
    if eid is None:
        for n in draft.names:  # a phrase that holds a name: "Chinese Ambassador Zhang Xiao";
            # not "a friend of suspect X", "X's lawyer": the phrase names someone else by relation
            if n.kind == "person" and arg.start <= n.start and n.end == arg.end and n.key in key_map \
                    and not _names_by_relation(draft.article.text[arg.start:n.start]):
                eid = key_map[n.key]
                break
    if eid is None and arg.kind == "person":
        # "the rally's organizer, Aigul Utepova, 41,": the name right after the description
        text = draft.article.text
        gap = text[arg.end:arg.end + 3]
        if gap.startswith((", ", " (")):
            named = next((n for n in draft.names if n.kind == "person" and n.start == arg.end + 2
                          and n.key in key_map), None)
            if named is not None:
                eid = key_map[named.key]
    if eid is None and arg.kind == "person" and _is_descriptor(arg, draft) and _in_lede(arg, draft):
        # "A court sentenced a 27-year-old IT specialist ... Maksim Hrytsevich was found guilty":
        # an unnamed person in the lead is the next person the story names, else its main person.
        text = draft.article.text
        ends = [i for i in (text.find(". ", arg.end), text.find("\n", arg.end)) if i != -1]
        sentence_end = min(ends) if ends else len(text)
        # "Judge Andrei Chistyakov ... found Galina Vorontsova guilty": an official is not the one described
        later = [e for e in entities if e.mentions and sentence_end < e.mentions[0][0] <= arg.end + LEDE_WINDOW
                 and not _official(e) and not _other_gender(arg, e)]
        if later:
            eid = min(later, key=lambda e: e.mentions[0][0]).id
        elif lead_person is not None and first_mention is not None and arg.start < first_mention:
            eid = lead_person.id
    if eid is None:
        return arg
    return arg.model_copy(update={"entity": eid, "name": by_id[eid].name, "kind": "person"})


def text_form_aliases(entities: list[Entity], text: str) -> list[Entity]:
    """Add each mention's form as the text wrote it ("Анну Петрову") to the aliases of an entity
    whose name is a dictionary form ("Анна Петрова")."""
    out = []
    for e in entities:
        forms = [text[s:t] for s, t in e.mentions]
        extra = [f for f in dict.fromkeys(forms) if f != e.name and f not in e.aliases]
        out.append(e.model_copy(update={"aliases": tuple(e.aliases) + tuple(extra)}) if extra else e)
    return out
