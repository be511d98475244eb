"""Session 5 rules for the ordinary news stream (issue 10), each on a short text of its own (not
from any article set): a forecast, a called-off event, a negation that belongs to another verb, a
prison term read as a detention, a company's fine and a bankruptcy hearing report no event of ours."""
import pytest

from .texts import events_of, of_type

pytestmark = pytest.mark.slow


def _events(text: str, published: str = "2024-03-08") -> list[dict]:
    return events_of(text, published)


def test_a_forecast_of_protests_is_no_protest():
    text = "Unlike last year, demonstrations against the summit in Geneva are expected to be small. The forum opens on Wednesday."
    assert not of_type(_events(text), "protest")


def test_a_protest_that_happened_beside_a_forecast_stays():
    text = ("Thousands of farmers marched through Geneva on Tuesday against the summit. "
            "Further demonstrations are expected to be small.")
    protests = of_type(_events(text), "protest")
    assert len(protests) == 1
    assert protests[0]["modality"] == "asserted"


def test_a_called_off_march_is_negated():
    text = "Farmers' unions in Lyon have called off a march planned for Saturday, organisers said on Monday."
    protests = of_type(_events(text), "protest")
    assert protests and all(p["modality"] == "negated" for p in protests)


def test_the_negation_of_another_verb_does_not_deny_the_sentence():
    text = ("An Egyptian poet, Mona Adel, has been jailed for five years on charges of insulting the army. "
            "Her lawyer said on Monday that Ms Adel's sentence would not break the spirit of her readers.")
    sentences = of_type(_events(text), "sentence")
    assert len(sentences) == 1
    assert sentences[0]["modality"] == "asserted"


def test_a_prison_term_is_a_sentence_not_a_new_detention():
    text = "An Egyptian poet, Mona Adel, has been jailed for five years on charges of insulting the army."
    events = _events(text)
    assert len(of_type(events, "sentence")) == 1
    assert not of_type(events, "detention")


def test_an_arrest_before_the_prison_term_stays():
    text = ("Police arrested the poet Mona Adel in Cairo on March 1. "
            "A court jailed her for five years on Thursday on charges of insulting the army.")
    events = _events(text)
    assert len(of_type(events, "detention")) == 1
    assert len(of_type(events, "sentence")) == 1


def test_a_company_fined_is_no_sentence():
    text = ("In Peru, the water firm's subsidiary, which has been fined for cutting the supply of water during a "
            "drought, has kept a tense relationship with the government. The firm lost a contract in Bolivia "
            "after mass protests in the city of Cochabamba last year.")
    events = _events(text)
    assert not of_type(events, "sentence")
    assert of_type(events, "protest")  # the protests told stay


def test_an_activist_fined_stays_a_sentence():
    text = "A court in Almaty fined the activist Dana Omarova 50,000 tenge on Tuesday for staging a picket."
    assert len(of_type(_events(text), "sentence")) == 1


def test_a_bankruptcy_hearing_is_no_trial():
    text = ("The oil firm filed for bankruptcy protection in the US last week to halt the sale of its main unit. "
            "Judge Mary Walrath said the hearing would continue on Friday. \"We are here to stop the sale,\" "
            "Tom Reyes, a lawyer for the firm, told Judge Walrath in an emergency hearing in Dallas, Texas, on "
            "Wednesday. The firm's founder, who funded opposition parties, was arrested in Moscow in October.")
    events = _events(text)
    assert not of_type(events, "trial")
    assert len(of_type(events, "detention")) == 1


SPORTS_PAGE = ("CRICKET: Pokhara beat Biratnagar by six wickets at Rangasala to stay top of the league. Captain "
               "Arjun Saud struck an unbeaten 91 as Pokhara chased down 210 with ten balls to spare, after spinner "
               "Dev Khanal took four wickets. Fans who had protested outside the stadium last month over ticket "
               "prices filled the ground to capacity.")


def test_fans_protesting_outside_a_stadium_keep_the_event_sense_on_a_sports_page():
    from protestwatch.nlp.sense import judge
    hits = [h for h in judge(SPORTS_PAGE).hits if h.word == "protested"]
    assert hits and all(h.keep for h in hits)
    assert not any(h.keep for h in judge(SPORTS_PAGE).hits if h.word == "beat")


def test_a_fans_protest_on_a_sports_page_is_a_protest():
    protests = of_type(_events(SPORTS_PAGE, "2025-02-13"), "protest")
    assert len(protests) == 1
    assert protests[0]["date"]["start"] == "2025-01"


def test_police_using_batons_on_protesters_is_police_violence():
    text = ("Hundreds of nurses marched to the health ministry in Dhaka on Monday. Police used batons to push "
            "back nurses who tried to cross a barricade, witnesses said.")
    violence = of_type(_events(text, "2025-02-13"), "police_violence")
    assert len(violence) == 1
    assert violence[0]["subtype"] == "beating"


LEEDS_LIKE = ("SHEFFIELD, England (PA) -- A 41-year-old man has been charged with the murder of a woman who was found "
              "dead at her flat in Sheffield at the weekend, South Yorkshire Police said on Tuesday.\n\n"
              "Maria Lopez, 31, was pronounced dead at the scene.\n\n"
              "John Hartley, of no fixed address, was arrested on Saturday and has been charged with murder, police "
              "said. He appeared before Sheffield Magistrates' Court on Tuesday, where he was remanded in custody.\n\n"
              "He is due to appear at Sheffield Crown Court on Friday.")


def test_a_man_described_in_the_lede_is_not_the_woman_named_next():
    charges = of_type(_events(LEEDS_LIKE, "2025-07-08"), "charge")
    assert len(charges) == 1
    assert [p["name"] for p in charges[0]["participants"] if p["role"] == "defendant"] == ["John Hartley"]


def test_an_appearance_before_magistrates_and_one_due_at_crown_court_are_two_hearings():
    hearings = sorted(of_type(_events(LEEDS_LIKE, "2025-07-08"), "trial"), key=lambda e: e["date"]["start"])
    assert [(h["date"]["start"], h["modality"]) for h in hearings] == [("2025-07-08", "asserted"), ("2025-07-11", "planned")]


def test_a_postponed_march_is_not_negated():
    text = "Farmers' unions in Lyon have postponed a march planned for Saturday until next month, organisers said on Monday."
    assert all(p["modality"] != "negated" for p in of_type(_events(text), "protest"))


def test_the_hearing_due_at_a_crown_court_names_that_court():
    hearings = sorted(of_type(_events(LEEDS_LIKE, "2025-07-08"), "trial"), key=lambda e: e["date"]["start"])
    courts = [[p["name"] for p in h["participants"] if p["role"] == "court"] for h in hearings]
    assert courts == [["Sheffield Magistrates' Court"], ["Sheffield Crown Court"]]


def test_imprisoned_without_trial_stays_a_detention():
    text = "A blogger, Omar Said, has been imprisoned for two years without trial in Tashkent, his lawyer said on Monday."
    events = _events(text)
    assert len(of_type(events, "detention")) == 1
