"""Within-document steps of session 5 (issue 10, point 2): a plea told beside a verdict is a
detail of that verdict, not a hearing of its own; a lede's "one of their leaders" is the leader
named below.

"received a suspended sentence after pleading guilty", "fined X ... X pleaded not guilty": the
plea was made at the hearing that gave the verdict. With no trial of the defendant told
otherwise, the plea mention only adds to a trial told elsewhere (it is `supposed`), and its plea
goes onto the defendant's sentence or conviction, so the conviction a sentence implies carries it.
"""
from __future__ import annotations

from ..drafts import Mention

VERDICT_TYPES = ("conviction", "sentence")
PLEA_VERB = "plead"


def _defendants(m: Mention) -> set[str]:
    return {a.entity for a in m.args if a.role == "defendant" and a.entity}


def _is_plea(m: Mention) -> bool:
    return m.type == "trial" and m.trigger.text.lower().startswith(PLEA_VERB)


def _plea_value(m: Mention) -> str | None:
    """The plea a plea trigger states ("pleading guilty" may come without one read)."""
    if m.plea_value:
        return m.plea_value
    text = m.trigger.text.lower()
    return "not_guilty" if "not guilty" in text else "guilty" if "guilty" in text else None


def pleas_join_verdicts(mentions: list[Mention]) -> None:
    for m in mentions:
        who = _defendants(m)
        if not _is_plea(m) or not who or m.modality != "asserted":
            continue
        if any(o.type == "trial" and not _is_plea(o) and o.subtype != "appeal" and _defendants(o) & who
               for o in mentions):
            continue  # "pleaded not guilty ... during the trial": the trial told (an appeal is a later one)
        verdicts = [o for o in mentions if o.type in VERDICT_TYPES and o.modality == "asserted"
                    and _defendants(o) & who]
        if not verdicts:
            continue
        m.supposed = True
        plea = _plea_value(m)
        for v in verdicts:
            if v.plea_value is None and plea is not None:
                v.plea, v.plea_value = m.plea or m.trigger, plea
            if not v.charges and m.charges:  # "pleaded guilty to one count of ...": the verdict's offence
                v.charges = list(m.charges)


PARTITIVE = ("one of ", "a member of ", "one member of ")
FACT = ("asserted", "alleged")


def _partitive_only(cluster: list[Mention]) -> bool:
    """Every party is one unnamed person of a group ("one of their leaders"), and nothing dates it."""
    parties = [a for m in cluster for a in m.args if a.role in ("defendant", "detainee", "released")]
    return bool(parties) and all(a.name.lower().startswith(PARTITIVE) and not a.entity for a in parties) and \
        all(m.date is None or m.date_inherited for m in cluster)


def _named(cluster: list[Mention]) -> bool:
    return any(a.entity and a.entity.startswith("e") and a.kind == "person"
               for m in cluster for a in m.args if a.role in ("defendant", "detainee", "released"))


def partitives_join_named(clusters: list[list[Mention]]) -> list[list[Mention]]:
    """"a court has fined one of their leaders" in the lede is the fine of the leader the story
    names below, when exactly one person's event of that type is told as fact."""
    out = [list(c) for c in clusters]
    for c in list(out):
        if not _partitive_only(c) or any(m.modality not in FACT for m in c):
            continue
        named = [o for o in out if o is not c and o[0].type == c[0].type and _named(o)
                 and all(m.modality in FACT for m in o)]
        if len(named) == 1:
            named[0].extend(c)
            out.remove(c)
    return out
