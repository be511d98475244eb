"""Entities inside one article: person names clustered with their aliases (surname-only mentions,
titles, near-miss spellings such as Azhibai/Azihibai), and participants mapped onto them."""
from __future__ import annotations

from rapidfuzz import fuzz

from ..data import load_lexicon
from ..drafts import Arg, Draft, NameMention
from ..records import Entity

NEAR_MISS = 85  # rapidfuzz ratio for one-token spelling variants of at least five letters


def _tokens(text: str) -> list[str]:
    return [t.strip(".,'’") for t in text.replace("’s", "").replace("'s", "").split() if t.strip(".,'’")]


def _same_person(short: str, full: str) -> bool:
    st, ft = _tokens(short), _tokens(full)
    if not st or not ft:
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


def map_participant(arg: Arg, draft: Draft, entities: list[Entity], key_map: dict[str, str],
                    lead_person: Entity | None, first_mention: int | None) -> Arg:
    """Point a participant at its entity and give it the entity's full name."""
    by_id = {e.id: e for e in entities}
    eid = key_map.get(arg.entity or "")
    if eid is None:
        for n in draft.names:  # a phrase that holds a name: "Chinese Ambassador Zhang Xiao"
            if n.kind == "person" and arg.start <= n.start and n.end == arg.end and n.key in key_map:
                eid = key_map[n.key]
                break
    if eid is None and lead_person is not None and arg.kind == "person" and first_mention is not None:
        words = arg.name.lower().split()
        descriptors = load_lexicon("person_descriptors")
        if words and words[-1] in descriptors or any(w in descriptors for w in words[:3]):
            if arg.start < first_mention:  # "An activist ... has been jailed. Serik Azhibai ..."
                eid = lead_person.id
    if eid is None:
        return arg
    return arg.model_copy(update={"entity": eid, "name": by_id[eid].name, "kind": "person"})
