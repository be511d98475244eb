"""Event scope (contract field `scope`): political or ordinary, on short texts of our own."""
import pytest

import protestwatch
from protestwatch.link.scope import assign_scope
from protestwatch.records import Entity, Event, Evidence, Legal, Participant


def _event(etype, text, trigger, name, role, charges=(), entity=None):
    start = text.index(trigger)
    return Event(id="ev1", type=etype, participants=(Participant(role=role, name=name, kind="person", entity=entity),),
                 legal=Legal(charges=charges) if charges else None,
                 evidence=(Evidence(field="type", start=start, end=start + len(trigger)),))


def test_every_protest_is_political_whoever_takes_part():
    text = "Farmers marched on the capital."
    assert assign_scope([_event("protest", text, "marched", "Farmers", "protester")], [], text)[0].scope == "political"


def test_a_fraud_charge_is_ordinary_and_an_extremism_charge_political():
    text = "A businessman was charged with fraud."
    ev = _event("charge", text, "charged", "A businessman", "defendant", charges=("fraud",))
    assert assign_scope([ev], [], text)[0].scope == "ordinary"
    text = "A businessman was charged with extremism."
    ev = _event("charge", text, "charged", "A businessman", "defendant", charges=("extremism",))
    assert assign_scope([ev], [], text)[0].scope == "political"


def test_a_journalist_charged_with_fraud_is_political():
    text = "Ivan Petrov, a journalist, was charged with fraud."
    start = text.index("Ivan Petrov")
    ent = Entity(id="e1", name="Ivan Petrov", kind="person", mentions=((start, start + 11),))
    ev = _event("charge", text, "charged", "Ivan Petrov", "defendant", charges=("fraud",), entity="e1")
    assert assign_scope([ev], [ent], text)[0].scope == "political"


def test_a_case_keeps_one_scope_and_a_protester_s_arrest_is_political():
    text = "Anna Orlova joined the picket. She was detained. She was later tried."
    ent = Entity(id="e1", name="Anna Orlova", kind="person", mentions=((0, 11),))
    protest = _event("protest", text, "picket", "Anna Orlova", "protester", entity="e1")
    detention = _event("detention", text, "detained", "Anna Orlova", "detainee", entity="e1")
    trial = _event("trial", text, "tried", "Anna Orlova", "defendant", entity="e1")
    scopes = [e.scope for e in assign_scope([protest, detention, trial], [ent], text)]
    assert scopes == ["political", "political", "political"]


def test_a_legal_step_with_no_cue_in_a_story_of_no_protest_is_ordinary():
    text = "Police arrested a 34-year-old man on Monday."
    ev = _event("detention", text, "arrested", "a 34-year-old man", "detainee")
    assert assign_scope([ev], [], text)[0].scope == "ordinary"


@pytest.mark.slow
def test_a_fraud_trial_is_ordinary():
    text = ("LONDON -- A former bank manager went on trial on Monday accused of defrauding elderly customers of "
            "2 million pounds. Prosecutors told Southwark Crown Court that John Miller stole from 40 accounts.")
    events = protestwatch.extract(text, published="2024-05-14").to_json()["events"]
    legal = [e for e in events if e["type"] in ("trial", "charge", "investigation")]
    assert legal and all(e["scope"] == "ordinary" for e in legal)


@pytest.mark.slow
def test_a_journalist_s_detention_is_political():
    text = ("ISTANBUL -- Turkish police detained journalist Mehmet Kaya at his home on Tuesday, his newspaper said. "
            "Kaya had written about corruption in the city council.")
    events = protestwatch.extract(text, published="2024-05-15").to_json()["events"]
    detentions = [e for e in events if e["type"] == "detention"]
    assert detentions and all(e["scope"] == "political" for e in detentions)


def _person_event(etype, text, trigger, name, role, charges=()):
    start = text.index(name)
    ent = Entity(id="e1", name=name, kind="person", mentions=((start, start + len(name)),))
    return _event(etype, text, trigger, name, role, charges=charges, entity="e1"), ent


def test_a_defendant_s_lawyers_and_reporters_beside_him_do_not_make_his_case_political():
    text = "John Miller's lawyers told reporters he was innocent. He went on trial for fraud."
    ev, ent = _person_event("trial", text, "trial", "John Miller", "defendant")
    assert assign_scope([ev], [ent], text)[0].scope == "ordinary"


def test_a_lawyer_detained_is_political():
    text = "Police detained lawyer Ivan Petrov on Monday."
    ev, ent = _person_event("detention", text, "detained", "Ivan Petrov", "detainee")
    assert assign_scope([ev], [ent], text)[0].scope == "political"
    text = "Ivan Petrov, a reporter for a local newspaper, was detained on Monday."
    ev, ent = _person_event("detention", text, "detained", "Ivan Petrov", "detainee")
    assert assign_scope([ev], [ent], text)[0].scope == "political"


def test_unauthorised_computer_access_is_no_political_offence():
    text = "A man was charged with unauthorised access to a computer system."
    ev = _event("charge", text, "charged", "A man", "defendant", charges=("unauthorised access to a computer system",))
    assert assign_scope([ev], [], text)[0].scope == "ordinary"
    text = "A man was charged with taking part in an unauthorised rally."
    ev = _event("charge", text, "charged", "A man", "defendant", charges=("taking part in an unauthorised rally",))
    assert assign_scope([ev], [], text)[0].scope == "political"
