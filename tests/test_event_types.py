"""The one table of event types (data/event_types.json) and the copies derived from it."""
import re

from protestwatch import vocab
from protestwatch.link.crosswalk import crosswalk_for
from protestwatch.vocab import EVENT_TYPES, EventType, Modality

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def test_every_type_of_vocab_has_its_entry_and_nothing_else():
    assert set(EVENT_TYPES) == {t.value for t in EventType}


def test_every_entry_is_complete_and_consistent():
    stages = [row["stage"] for row in EVENT_TYPES.values() if row["stage"] is not None]
    assert len(stages) == len(set(stages)), "two types share a stage"
    for etype, row in EVENT_TYPES.items():
        assert row["roles"], etype
        assert set(row["subject_roles"]) <= set(row["roles"]), etype
        assert row["default_subtype"] is None or row["default_subtype"] in row["subtypes"], etype
        assert COLOUR.match(row["colour"]), etype
        assert row["scope"] in ("political", "by_subject"), etype
        for sub in row["subtypes"] + ["*", None]:
            cw = crosswalk_for(etype, sub)
            assert cw is not None and cw.plover["event"] and cw.acled["event_type"], (etype, sub)


def test_the_copies_are_derived_from_the_table():
    assert vocab.SUBTYPES["police_violence"] == tuple(EVENT_TYPES["police_violence"]["subtypes"])
    assert vocab.ROLES["sanction"] == ("actor", "target")
    assert vocab.STAGES[0] == "protest" and vocab.STAGES.index("trial") < vocab.STAGES.index("sentence")
    assert "sanction" not in vocab.STAGES
    assert vocab.ALWAYS_POLITICAL == {"protest", "ban", "diplomatic_protest", "sanction"}
    assert crosswalk_for("protest", "riot").acled["event_type"] == "Riots"
    assert crosswalk_for("detention", "abduction").plover["event"] == "ASSAULT"
    assert crosswalk_for("detention", "arrest").plover == {"event": "COERCE", "mode": "arrest"}
    assert [m.value for m in Modality][0] == "asserted"
