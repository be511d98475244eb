"""Session 5 precision rules (issue 10, points 2 and 3), each on a short text of its own (not from
any gold file): a demand, a summons' purpose, quoted rhetoric, an awaited event and a banned kind
of event are no events; the same happening told twice is one event."""
import pytest

from .texts import events_of, of_type

pytestmark = pytest.mark.slow


def test_what_a_government_is_called_on_to_do_is_no_event():
    text = "On Wednesday, the Dutch Embassy in Tbilisi called on the Georgian government to free political prisoners."
    events = events_of(text, "2023-03-08")
    assert len(of_type(events, "diplomatic_protest")) == 1  # the call itself is the embassy's statement
    assert not of_type(events, "release")


def test_a_release_that_happened_stays():
    text = "On Tuesday, the Belarusian authorities released three jailed journalists in Minsk."
    assert len(of_type(events_of(text, "2023-03-08"), "release")) == 1


def test_the_purpose_of_a_summons_is_no_protest():
    text = "On Monday, Armenia's Foreign Ministry summoned the embassy's chargé d'affaires to protest what it called interference."
    events = events_of(text, "2023-03-08")
    assert len(of_type(events, "diplomatic_protest")) == 1
    assert not of_type(events, "protest")


def test_a_quoted_possibility_is_no_detention():
    text = ('"They can detain every one of us, but our voices will be heard," the activist Lena Marsh told '
            'reporters outside the town hall in Graz on Monday.')
    assert not of_type(events_of(text, "2023-03-08"), "detention")


def test_an_event_a_protest_waits_for_is_no_event():
    text = ("Relatives of the miners said on Monday they would keep up a sit-in outside the regional "
            "prosecutor's office in Karaganda until all detained miners were released.")
    events = events_of(text, "2023-03-08")
    assert not of_type(events, "release")


def test_a_kind_of_event_a_law_bans_did_not_happen():
    text = ("Public rallies have been banned in the capital since 2019 under a decree of the president. "
            "Police on Monday detained Omar Said, a lawyer, in Tashkent.")
    events = events_of(text, "2023-03-08")
    assert of_type(events, "ban")
    assert not of_type(events, "protest")


def test_a_sit_in_told_as_lasting_and_on_one_of_its_days_is_one_protest():
    text = ("Police arrested 30 students late Thursday at a sit-in inside the library of Midland State "
            "University.\n\nMore than 80 students had occupied the library since Tuesday, demanding that "
            "the university cut ties with arms makers.")
    protests = of_type(events_of(text, "2024-03-08"), "protest")
    assert len(protests) == 1
    assert protests[0]["size"]["low"] == 80  # the sit-in's own count, from the later mention


def test_a_groups_fine_in_the_lede_and_below_is_one_sentence():
    text = ("ASTANA, Kazakhstan -- A court in Astana has sentenced the leader of a teachers' picket to 10 days "
            "in jail and fined 12 other teachers who took part, in the latest crackdown on a pay protest that "
            "has spread this year.\n\nAbout 30 teachers picketed the city hall on Monday. Police detained 10 "
            "of them. The teachers say their wages have fallen by a third. The ministry says the cuts are "
            "temporary.\n\nOn Tuesday, the Yesil district court sentenced the picket's leader, Dana Omarova, "
            "to 10 days of administrative arrest and fined 12 others 50,000 tenge each.")
    fines = [e for e in of_type(events_of(text, "2023-03-08"), "sentence")
             if any("12 other" in p["name"] for p in e["participants"])]
    assert len(fines) == 1
    assert fines[0]["date"]["start"] == "2023-03-07"


def test_an_appeal_against_his_sentence_does_not_date_the_sentence():
    text = ("The Supreme Court of Tatarstan on Tuesday rejected an appeal by activist Rinat Galiev against "
            "his three-year prison sentence.\n\nIn March, a Kazan court found Galiev guilty of calling for "
            "extremism and sentenced him to three years in prison.")
    sentences = of_type(events_of(text, "2023-06-08"), "sentence")
    assert len(sentences) == 1
    assert sentences[0]["date"]["start"] == "2023-03"


def test_a_plea_beside_a_sentence_is_no_hearing_of_its_own():
    text = ("A co-defendant, Olga Sidorenko, 31, received a two-year suspended sentence after pleading guilty "
            "to the same charge.")
    events = events_of(text, "2023-03-08")
    assert not of_type(events, "trial")
    convictions = of_type(events, "conviction")
    assert len(convictions) == 1 and convictions[0]["legal"]["plea"] == "guilty"


def test_a_plea_at_a_trial_told_stays_on_that_trial():
    text = ("Viktor Lazar pleaded not guilty at his trial in Chisinau on Monday. The court found Lazar guilty "
            "of hooliganism and fined him 5,000 lei.")
    trials = of_type(events_of(text, "2023-03-08"), "trial")
    assert len(trials) == 1 and trials[0]["legal"]["plea"] == "not_guilty"


def test_people_inside_another_event_or_a_show_of_support_are_no_protest():
    text = ("A court in Tirana on Thursday ordered the release of 40 marchers on bail. On Friday, the Greek "
            "Foreign Ministry voiced support for the protesters.")
    events = events_of(text, "2023-03-10")
    assert of_type(events, "release")
    assert not of_type(events, "protest")


def test_time_held_before_the_verdict_is_no_prison_term():
    text = ("A magistrate in Lusaka on Tuesday convicted 12 opposition activists of unlawful assembly and "
            "fined them $300 each, ending more than four months of pretrial detention.")
    sentences = of_type(events_of(text, "2023-03-08"), "sentence")
    assert len(sentences) == 1
    assert sentences[0]["legal"]["sentence"]["kind"] == "fine"
    assert sentences[0]["legal"]["sentence"]["term"] is None


def test_the_same_charge_names_an_offence_not_a_charge_brought():
    text = ("Petru Rusu, who was tried separately, was convicted on the same charge last week and fined "
            "$400 by a court in Chisinau.")
    events = events_of(text, "2023-03-08")
    assert of_type(events, "conviction")
    assert not of_type(events, "charge")


def test_one_arrested_with_them_is_one_of_the_arrest_told():
    text = ("HARARE -- Police arrested about 20 people at the home of opposition politician Tawanda Moyo in "
            "Harare on June 3.\n\nMoyo was arrested with them.\n\nLawyers say several of the activists "
            "were beaten in the days after their arrest.")
    detentions = of_type(events_of(text, "2023-06-20"), "detention")
    assert len(detentions) == 1
    assert any("Moyo" in p["name"] for p in detentions[0]["participants"] if p["role"] == "detainee")


def test_a_count_of_people_held_now_is_no_detention():
    text = "Memorial says more than 400 people are currently held in Azerbaijan on politically motivated charges."
    events = events_of(text, "2023-03-08")
    assert not of_type(events, "detention")
    assert not of_type(events, "charge")


def test_not_commenting_on_a_hunger_strike_does_not_negate_it():
    text = ("Narges Karimi, a lawyer held in Qarchak prison, began a hunger strike on Saturday, her husband "
            "said.\n\nPrison officials have not commented on Karimi's hunger strike.")
    strikes = of_type(events_of(text, "2023-03-08"), "protest")
    assert len(strikes) == 1
    assert strikes[0]["modality"] != "negated"


def test_a_quoted_label_has_no_protester_outside_the_quote():
    text = ('A court in Gomel on Monday sentenced Pavel Sidorov to three years in prison.\n\nState television, '
            'which called him Pavel Sidarau, described him as "an active participant in the riots."')
    assert not of_type(events_of(text, "2023-03-08"), "protest")


def test_one_of_their_leaders_in_the_lede_is_the_leader_named_below():
    text = ("ATYRAU, Kazakhstan -- About 300 workers at a pipeline contractor have been on strike since "
            "March, and a court has fined one of their leaders for what officials called an illegal "
            "gathering.\n\nThe workers want higher pay. The company says it cannot afford it.\n\n"
            "Police detained Bolat Ermekov, a union organiser, on Monday. On Tuesday, a district court "
            "found Ermekov guilty and fined him 200,000 tenge.")
    sentences = of_type(events_of(text, "2023-05-10"), "sentence")
    assert len(sentences) == 1
    assert any("Ermekov" in p["name"] for p in sentences[0]["participants"])


def test_an_event_kind_in_a_rule_is_no_planned_event():
    text = ("The interior ministry announced on May 9 that organisers of rallies must register them ten days "
            "in advance.")
    assert not of_type(events_of(text, "2023-06-08"), "protest")


def test_the_protests_named_again_are_the_protests_told():
    text = ("SKOPJE -- Tens of thousands of people rallied in central Skopje on Saturday against corruption.\n\n"
            "The government says the rally was organised by the opposition. Ministers met on Sunday. "
            "The budget was approved. Schools reopened on Monday.\n\n"
            "On Tuesday, Bulgarian officials voiced support for the protests. The prime minister has "
            "dismissed the demonstrations as a plot.")
    protests = of_type(events_of(text, "2023-03-08"), "protest")
    assert len(protests) == 1


def test_a_past_relative_clause_about_a_named_person_is_a_fact():
    text = ("Marta Rojas, 48, said she would not eat until she was allowed to see her son, Luis Rojas, 20, "
            "who was arrested at his home in Maracay on June 2.")
    detentions = of_type(events_of(text, "2023-06-20"), "detention")
    assert len(detentions) == 1 and detentions[0]["modality"] == "asserted"


def test_a_protest_recalled_by_an_anniversary_is_no_new_event():
    text = ("A poet who staged a one-man protest outside the parliament in Baku on Friday, the fifth "
            "anniversary of the country's biggest opposition demonstrations, was detained by police.")
    protests = of_type(events_of(text, "2023-03-08"), "protest")
    assert len(protests) == 1 and protests[0]["subtype"] == "solo_picket"


def test_protests_an_arrest_is_for_are_a_kind_of_act():
    text = ("Human Rights Watch says at least 90 people have been arrested over anti-war protests or online "
            "posts since March, most of whom remain in custody.")
    events = events_of(text, "2023-06-08")
    assert not of_type(events, "protest")


def test_the_rally_a_leaflet_advertises_is_the_planned_rally():
    # built by hand: a planned rally, then "leaflets advertising the rally" (definite, alleged, its
    # date borrowed from "detained ... last week")
    from protestwatch.drafts import Mention, Span
    from protestwatch.link.events import cluster_mentions
    from protestwatch.records import DateValue

    def mention(n, modality, start, **kw):
        return Mention(id=f"m{n}", type="protest", subtype="rally", modality=modality, sent=4 * n, para=n,
                       trigger=Span(text="rally", start=start, end=start + 5), **kw)
    planned = mention(1, "planned", 10, date=DateValue(start="2023-05-27", precision="day"))
    named = mention(2, "alleged", 300, reference="definite", date_inherited=True,
                    date=DateValue(start="2023-05-15", precision="week"))
    assert cluster_mentions([planned, named]) == [[planned, named]]
    dated = named.model_copy(update={"date_inherited": False})  # a rally of its own last week
    assert len(cluster_mentions([planned, dated])) == 2


def test_people_described_by_what_happens_to_their_kind_are_no_detention():
    text = ("Leila Farahani, 49, who has represented students arrested for joining campus protests, was "
            "arrested at her office in Tehran in 2019.")
    detentions = of_type(events_of(text, "2023-03-08"), "detention")
    assert len(detentions) == 1
    assert [p["name"] for p in detentions[0]["participants"] if p["role"] == "detainee"] == ["Leila Farahani"]


def test_those_a_law_was_used_against_are_no_protest():
    text = ("Pavel Orlov was found guilty on Monday of \"participating in mass riots,\" a charge under Article "
            "212 of the Criminal Code that has been used against hundreds of protesters.")
    events = events_of(text, "2023-03-08")
    assert of_type(events, "conviction")
    assert not of_type(events, "protest")
