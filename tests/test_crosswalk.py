"""Crosswalk codes checked against the CAMEO codebook (v1.1b3) and the PLOVER manual (0.7b1):
each row is (our type, subtype) -> (PLOVER event, PLOVER mode, CAMEO code) as those texts define them."""
import pytest

from protestwatch.link.crosswalk import crosswalk_for
from protestwatch.vocab import EVENT_TYPES

# PLOVER manual 0.7b1: the event categories and the values of each one's mode table.
PLOVER_MODES = {
    "AGREE": set(), "CONSULT": {"visit", "third-party", "multilateral", "phone"}, "SUPPORT": set(),
    "CONCEDE": set(), "COOPERATE": set(), "AID": {"economic", "military", "humanitarian", "asylum"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "DEMAND": set(), "ACCUSE": set(), "REJECT": set(), "THREATEN": set(),
    "PROTEST": {"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"},
    "SANCTION": {"convict", "cancel", "expel", "withdraw", "sever"}, "MOBILIZE": {"troops", "weapons", "police"},
    "COERCE": {"confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold"},
    "ASSAULT": {"abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "heavy-weapons"},
}

# (type, subtype): (PLOVER event, mode, CAMEO code, CAMEO label)
TABLE = {
    ("protest", "demonstration"): ("PROTEST", "demo", "141", "demonstrate or rally"),
    ("protest", "hunger_strike"): ("PROTEST", "strike-hun", "142", "conduct hunger strike"),
    ("protest", "strike"): ("PROTEST", "strike-lim", "143", "conduct strike or boycott"),
    ("protest", "sit_in"): ("PROTEST", "obstruct", "144", "obstruct passage, block"),
    ("protest", "riot"): ("PROTEST", "riot", "145", "protest violently, riot"),
    ("detention", "arrest"): ("COERCE", "arrest", "173", "arrest, detain, or charge with legal action"),
    ("detention", "abduction"): ("ASSAULT", "abduct", "181", "abduct, hijack, or take hostage"),
    ("investigation", None): ("ACCUSE", None, "090", "investigate"),
    ("charge", "criminal"): ("COERCE", "arrest", "173", "arrest, detain, or charge with legal action"),
    ("conviction", None): ("SANCTION", "convict", "116", "find guilty or liable (legally)"),
    ("sentence", None): ("COERCE", "arrest", "173", "arrest, detain, or charge with legal action"),
    ("release", "release"): ("RETREAT", "release", "0841", "return, release person(s)"),
    ("release", "pardon"): ("CONCEDE", None, "0841", "return, release person(s)"),
    ("police_violence", "beating"): ("ASSAULT", "beat", "175", "use tactics of violent repression"),
    ("police_violence", "crowd_dispersal"): ("ASSAULT", "beat", "175", "use tactics of violent repression"),
    ("police_violence", "shooting"): ("ASSAULT", "firearms", "175", "use tactics of violent repression"),
    ("ban", "assembly_ban"): ("COERCE", "restrict", "1721", "impose restrictions on political freedoms"),
    ("ban", "organization_ban"): ("COERCE", "ban", "1722", "ban political parties or politicians"),
    ("ban", "deportation"): ("COERCE", "deport", "174", "expel or deport individuals"),
    ("diplomatic_protest", "summons"): ("ACCUSE", None, "111", "criticize or denounce"),
    ("sanction", None): ("SANCTION", None, "163", "impose embargo, boycott, or sanctions"),
}


@pytest.mark.parametrize("key", sorted(TABLE, key=str))
def test_crosswalk_row_matches_the_codebooks(key):
    event, mode, cameo, _label = TABLE[key]
    cw = crosswalk_for(*key)
    assert (cw.plover["event"], cw.plover["mode"], cw.cameo) == (event, mode, cameo)


def test_a_conviction_is_no_accusation_and_police_violence_no_curfew():
    assert crosswalk_for("conviction", None).plover["event"] != "ACCUSE"
    assert all(crosswalk_for("police_violence", s).cameo == "175"
               for s in EVENT_TYPES["police_violence"]["subtypes"])


def test_every_row_uses_a_plover_category_and_one_of_its_modes():
    for etype, row in EVENT_TYPES.items():
        for cw in row["crosswalk"]:
            event, mode = cw["plover"]["event"], cw["plover"]["mode"]
            assert event in PLOVER_MODES, (etype, cw["subtype"], event)
            assert mode is None or mode in PLOVER_MODES[event], (etype, cw["subtype"], mode)
            assert cw["cameo"].isdigit() and len(cw["cameo"]) in (3, 4), (etype, cw["cameo"])
