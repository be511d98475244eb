"""General extraction rules, each on a short wire-style text of its own (not from any gold file)."""
import pytest

import protestwatch

pytestmark = pytest.mark.slow


def _events(text: str, published: str) -> list[dict]:
    return protestwatch.extract(text, published=published).to_json()["events"]


def _of_type(events, etype):
    return [e for e in events if e["type"] == etype]


def _names(event, role):
    return [p["name"] for p in event["participants"] if p["role"] == role]


def test_an_object_pronoun_is_not_the_subject_of_its_own_clause():
    text = ("HONG KONG -- A day earlier, a district court acquitted one activist. Judge Albert Wong convicted "
            "Lee Chun-kit, a 45-year-old former teacher, of the same offence and sentenced him to eight months "
            "in prison.")
    sentences = _of_type(_events(text, "2022-10-28"), "sentence")
    assert sentences and _names(sentences[0], "defendant") == ["Lee Chun-kit"]  # a hyphenated name, too


def test_a_pronoun_skips_a_person_of_the_other_gender():
    text = ("MINSK -- Olga Petrova, a 60-year-old pensioner, was detained on Saturday. "
            "Viktor Orlov, a lawyer, was fined on Monday. Prosecutors later charged him with hooliganism.")
    charges = _of_type(_events(text, "2024-03-06"), "charge")
    assert charges and _names(charges[0], "defendant") == ["Viktor Orlov"]


def test_a_day_after_dates_the_clause_from_the_main_one():
    text = ("BISHKEK -- A court in Bishkek on Thursday placed investigative journalist Aibek Asanov under house "
            "arrest for two months, a day after Kyrgyz authorities deported the Russian-born editor of his website.")
    bans = [e for e in _events(text, "2022-10-28") if e["subtype"] == "deportation"]
    assert bans and bans[0]["date"]["start"] == "2022-10-26"


def test_a_city_in_apposition_is_the_place_not_the_protester():
    text = ("ISTANBUL -- Police detained 11 people on Saturday. In the capital, Ankara, about 20 relatives "
            "held a vigil outside a courthouse.")
    vigils = [e for e in _events(text, "2022-10-30") if e["subtype"] == "vigil"]
    assert vigils and vigils[0]["place"]["name"] == "Ankara"
    assert "Ankara" not in _names(vigils[0], "protester")


def test_a_park_tagged_as_a_town_is_a_venue():
    text = "HONG KONG -- Police banned the vigil in Victoria Park on Friday, citing public health rules."
    bans = _of_type(_events(text, "2021-06-05"), "ban")
    assert bans and bans[0]["place"]["venue"] == "Victoria Park" and bans[0]["place"]["name"] == "Hong Kong"


def test_a_dateline_from_another_country_does_not_place_the_event():
    text = ("WASHINGTON -- Hundreds of students protested at Tehran University on Sunday against the execution "
            "of a wrestler, chanting slogans against the government.")
    protest = _of_type(_events(text, "2024-03-06"), "protest")[0]
    assert (protest["place"]["name"], protest["place"]["country"]) == ("Tehran", "IR")
    assert protest["place"]["venue"] == "Tehran University"


def test_a_court_of_another_region_is_not_in_the_dateline_city():
    text = ("MOSCOW (Reuters) - A Siberian court on Monday sentenced activist Ivan Sokolov to two years in prison "
            "for spreading false information about the army.")
    for ev in _of_type(_events(text, "2024-03-06"), "sentence"):
        assert ev["place"]["name"] != "Moscow"
    text = ("MIAMI -- A court in Cuba on Tuesday sentenced three men who joined the July protests to prison "
            "terms, relatives said.")
    sentence = _of_type(_events(text, "2024-03-06"), "sentence")[0]
    assert (sentence["place"]["name"], sentence["place"]["country"]) == ("Cuba", "CU")


def test_the_dateline_places_an_event_only_as_a_fallback_and_less_precisely():
    text = ("ALMATY, Kazakhstan -- Police detained five activists on Monday who had gathered outside the "
            "mayor's office, their lawyer said.")
    detention = _of_type(_events(text, "2024-03-06"), "detention")[0]
    assert detention["place"]["name"] == "Almaty" and detention["place"]["precision"] == "admin1"
    assert detention["confidence"] < 0.9
    assert any(e["field"] == "place" and text[e["start"]:e["end"]] == "ALMATY" for e in detention["evidence"])


def test_an_ambiguous_city_resolves_in_the_story_and_keeps_its_alternatives():
    text = ("MIAMI -- Hundreds of Cubans marched through the streets of Havana on Sunday chanting slogans against "
            "the government, relatives in Florida said.")
    protest = _of_type(_events(text, "2021-07-12"), "protest")[0]
    assert (protest["place"]["name"], protest["place"]["country"]) == ("Havana", "CU")
    assert {a["country"] for a in protest["place"]["alternatives"]} == {"US"}


def _people(event, role):
    return [p["name"] for p in event["participants"] if p["role"] == role and p["kind"] == "person"]


@pytest.mark.parametrize("text", [
    "MINSK -- Police detained dozens of people at a march on Sunday. Those detained included the poet "
    "Anton Belsky and the teacher Maryna Zhuk, relatives said.",
    "MINSK -- Police detained dozens of people at a march on Sunday. Among those detained were Anton Belsky "
    "and Maryna Zhuk.",
])
def test_people_named_in_a_roster_join_the_group_detention(text):
    detentions = [e for e in _of_type(_events(text, "2024-03-06"), "detention") if e["modality"] == "asserted"]
    assert len(detentions) == 1  # the roster points back; it is no second detention
    assert {"Anton Belsky", "Maryna Zhuk"} <= set(_people(detentions[0], "detainee"))
    assert any(p["kind"] == "group" for p in detentions[0]["participants"] if p["role"] == "detainee")


def test_a_person_who_was_among_those_arrested_is_a_detainee():
    text = ("KAMPALA -- Police arrested more than 100 students on Monday. \"We will not stop,\" said Grace "
            "Atim, a 22-year-old nursing student who was among those arrested.")
    detentions = _of_type(_events(text, "2024-03-06"), "detention")
    assert any("Grace Atim" in _people(e, "detainee") for e in detentions)


def test_an_organisation_named_with_its_country_is_no_person():
    text = ("LAGOS, Nigeria -- Police arrested 30 protesters in Lagos on Tuesday, Amnesty International "
            "Nigeria said. Amnesty International Nigeria called for their release.")
    entities = protestwatch.extract(text, published="2024-03-06").to_json()["entities"]
    assert not any("Amnesty" in e["name"] or "Nigeria" in e["aliases"] for e in entities if e["kind"] == "person")


def test_weapons_and_vehicles_are_not_participants():
    text = ("ATHENS -- Tear gas injured several marchers near the port on Monday. The coast guard seized three "
            "boats and detained 40 people on board.")
    events = _events(text, "2024-03-06")
    names = [p["name"].lower() for e in events for p in e["participants"]]
    assert not any("gas" in n or "boats" in n for n in names)


def test_a_defendant_is_not_the_court_and_a_state_not_its_own_protests_target():
    text = "TEHRAN -- Thousands of Iranians protested in Tehran on Friday against Iran's clerical leaders."
    for ev in _of_type(_events(text, "2024-03-06"), "protest"):
        assert "Iran" not in [p["name"] for p in ev["participants"] if p["role"] == "target"]


def test_the_charge_is_the_offence_not_the_law_and_its_maximum_is_no_sentence():
    text = ("MOSCOW -- A court in Tomsk on Monday sentenced activist Ivan Sokolov to two years in prison for "
            "spreading false information about the army under a wartime censorship law that carries up to "
            "10 years.")
    sentence = _of_type(_events(text, "2024-03-06"), "sentence")[0]
    assert sentence["legal"]["charges"] == ["spreading false information about the army"]
    assert sentence["legal"]["sentence"]["term"] == "P2Y"


def test_a_prison_term_with_a_fine_is_one_custodial_sentence_and_one_fine():
    text = ("MINSK -- A Minsk court on Tuesday sentenced journalist Maria Kolesnikova to three years in prison "
            "and a fine of 5,000 rubles.")
    kinds = sorted((e["legal"]["sentence"]["kind"], e["legal"]["sentence"]["amount"])
                   for e in _of_type(_events(text, "2024-03-06"), "sentence"))
    assert kinds == [("custodial", None), ("fine", 5000)]


def test_a_plea_in_another_sentence_reaches_the_conviction():
    text = ("MINSK -- The court convicted Nikolai Petrov on Friday of organising mass riots. Petrov had pleaded "
            "not guilty at the start of the trial in May.")
    conviction = _of_type(_events(text, "2024-03-06"), "conviction")[0]
    assert conviction["legal"]["plea"] == "not_guilty"
    assert conviction["legal"]["charges"] == ["organising mass riots"]


@pytest.mark.parametrize("text, subtype", [
    ("ASTANA, Kazakhstan -- Police charged activist Dana Kassym on Monday with taking part in an unsanctioned "
     "rally.", "administrative"),
    ("MINSK -- Police charged activist Pavel Kozlov on Monday with insulting a police officer. A court "
     "sentenced him to 15 days of arrest on Tuesday.", "administrative"),
    ("MINSK -- Investigators opened a criminal case on Monday and charged activist Pavel Kozlov with taking part "
     "in an unsanctioned rally.", "criminal"),
])
def test_administrative_charges_by_offence_or_penalty(text, subtype):
    charges = _of_type(_events(text, "2024-03-06"), "charge")
    assert charges and charges[0]["subtype"] == subtype
