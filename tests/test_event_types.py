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


def test_every_entry_has_the_columns_the_extractor_and_linker_read():
    for etype, row in EVENT_TYPES.items():
        assert row["agent_role"] in row["roles"] and row["patient_role"] in row["roles"], etype
        assert row["agent_role"] != row["patient_role"], etype
        assert row["possessor"] in ("agent", "patient"), etype
        assert row["place"] in ("scene", "seat", None), etype
        assert isinstance(row["claims"], bool) and isinstance(row["person_centred"], bool), etype
        for corpus, names in row["gold_types"].items():
            assert corpus in ("m2e2", "kairos", "rams", "case2021", "ipe") and names, (etype, corpus)
        for cross in row["crosswalk"]:
            assert cross["acled"]["disorder_type"] in (
                "Demonstrations", "Political violence", "Political violence; Demonstrations",
                "Strategic developments"), (etype, cross["subtype"])


def test_extract_link_serve_export_and_eval_read_their_type_facts_from_the_table():
    from protestwatch.eval import loaders
    from protestwatch.export.acled import acled_type
    from protestwatch.extract import arguments, details
    from protestwatch.link import incidents, inference
    from protestwatch.serve import render

    assert render.TYPE_COLOURS == {t: r["colour"] for t, r in EVENT_TYPES.items()}
    assert arguments.AGENT["detention"] == "authority" and arguments.PATIENT["detention"] == "detainee"
    assert arguments.ACTOR_NOMINALS == {t for t, r in EVENT_TYPES.items() if r["possessor"] == "agent"}
    assert details.GROUND_TYPES == {t for t, r in EVENT_TYPES.items() if r["place"] == "scene"}
    assert details.CLAIM_TYPES == {"protest", "diplomatic_protest", "sanction"}
    assert inference.GROUND_TYPES == {t for t, r in EVENT_TYPES.items() if r["place"]}
    assert "sanction" not in inference.GROUND_TYPES and "trial" in inference.GROUND_TYPES
    assert incidents.PERSON_CENTRED == {t for t, r in EVENT_TYPES.items() if r["person_centred"]}
    assert loaders.M2E2_TYPES == {"Conflict:Demonstrate": "protest", "Justice:Arrest-Jail": "detention"}
    assert loaders.CASE_TYPES["FORCE_AGAINST_PROTEST"] == ("protest", "police_violence")
    for etype, row in EVENT_TYPES.items():  # the ACLED export agrees with the record's crosswalk
        for sub in row["subtypes"] + [None]:
            _, event_type, sub_event = acled_type(etype, sub)
            assert crosswalk_for(etype, sub).acled == {"event_type": event_type, "sub_event_type": sub_event}
    assert acled_type("police_violence", "shooting")[0] == "Political violence; Demonstrations"
    assert acled_type("detention", "arrest") == ("Strategic developments", "Strategic developments", "Arrests")
