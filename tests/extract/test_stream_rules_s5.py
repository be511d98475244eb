"""Session 5 rules for the ordinary news stream (issue 10), each on a short text of its own (not
from any article set): a forecast, a called-off event, a negation that belongs to another verb, a
prison term read as a detention, a company's fine and a bankruptcy hearing report no event of ours."""
import pytest

import protestwatch

pytestmark = pytest.mark.slow


def _events(text: str, published: str = "2024-03-08") -> list[dict]:
    return protestwatch.extract(text, published=published).to_json()["events"]


def _of_type(events, etype):
    return [e for e in events if e["type"] == etype]


def test_a_forecast_of_protests_is_no_protest():
    text = "Unlike last year, demonstrations against the summit in Geneva are expected to be small. The forum opens on Wednesday."
    assert not _of_type(_events(text), "protest")


def test_a_protest_that_happened_beside_a_forecast_stays():
    text = ("Thousands of farmers marched through Geneva on Tuesday against the summit. "
            "Further demonstrations are expected to be small.")
    protests = _of_type(_events(text), "protest")
    assert len(protests) == 1
    assert protests[0]["modality"] == "asserted"


def test_a_called_off_march_is_negated():
    text = "Farmers' unions in Lyon have called off a march planned for Saturday, organisers said on Monday."
    protests = _of_type(_events(text), "protest")
    assert protests and all(p["modality"] == "negated" for p in protests)


def test_the_negation_of_another_verb_does_not_deny_the_sentence():
    text = ("An Egyptian poet, Mona Adel, has been jailed for five years on charges of insulting the army. "
            "Her lawyer said on Monday that Ms Adel's sentence would not break the spirit of her readers.")
    sentences = _of_type(_events(text), "sentence")
    assert len(sentences) == 1
    assert sentences[0]["modality"] == "asserted"


def test_a_prison_term_is_a_sentence_not_a_new_detention():
    text = "An Egyptian poet, Mona Adel, has been jailed for five years on charges of insulting the army."
    events = _events(text)
    assert len(_of_type(events, "sentence")) == 1
    assert not _of_type(events, "detention")


def test_an_arrest_before_the_prison_term_stays():
    text = ("Police arrested the poet Mona Adel in Cairo on March 1. "
            "A court jailed her for five years on Thursday on charges of insulting the army.")
    events = _events(text)
    assert len(_of_type(events, "detention")) == 1
    assert len(_of_type(events, "sentence")) == 1


def test_a_company_fined_is_no_sentence():
    text = ("In Peru, the water firm's subsidiary, which has been fined for cutting the supply of water during a "
            "drought, has kept a tense relationship with the government. The firm lost a contract in Bolivia "
            "after mass protests in the city of Cochabamba last year.")
    events = _events(text)
    assert not _of_type(events, "sentence")
    assert _of_type(events, "protest")  # the protests told stay


def test_an_activist_fined_stays_a_sentence():
    text = "A court in Almaty fined the activist Dana Omarova 50,000 tenge on Tuesday for staging a picket."
    assert len(_of_type(_events(text), "sentence")) == 1


def test_a_bankruptcy_hearing_is_no_trial():
    text = ("The oil firm filed for bankruptcy protection in the US last week to halt the sale of its main unit. "
            "Judge Mary Walrath said the hearing would continue on Friday. \"We are here to stop the sale,\" "
            "Tom Reyes, a lawyer for the firm, told Judge Walrath in an emergency hearing in Dallas, Texas, on "
            "Wednesday. The firm's founder, who funded opposition parties, was arrested in Moscow in October.")
    events = _events(text)
    assert not _of_type(events, "trial")
    assert len(_of_type(events, "detention")) == 1
