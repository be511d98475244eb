"""Mixed-feed precision rules on short texts of their own (issue 10): tests, warnings, strikes."""
from __future__ import annotations

from protestwatch.settings import load_settings


def _events(text: str) -> list[dict]:
    from protestwatch.ingest import make_article
    from protestwatch.pipeline import get_nlp, process
    s = load_settings()
    return process(make_article(text, published="2025-03-12"), nlp=get_nlp(s), settings=s).to_json()["events"]


def test_a_drug_trial_is_no_court_trial():
    text = ("The 18-month trial enrolled 900 patients in six countries, the drugmaker said on Tuesday. "
            "The trial was paused last year after two patients fell ill.")
    assert [e for e in _events(text) if e["type"] == "trial"] == []


def test_a_court_trial_still_counts():
    text = "The trial of opposition leader Anna Petrova on charges of extremism opened in a Minsk court on Tuesday."
    assert [e["type"] for e in _events(text)].count("trial") == 1


def test_a_strike_at_a_supplier_counts_on_a_market_page():
    text = ("European shares rallied on Tuesday and sterling rallied against the dollar. Shares in shoemaker "
            "Brandt fell 6% after it warned that a strike at a supplier in Vietnam had delayed deliveries. "
            "Chipmaker stocks extended their rally as investors bet on rate cuts.")
    strikes = [e for e in _events(text) if e["type"] == "protest" and e["subtype"] == "strike"]
    assert len(strikes) == 1 and strikes[0]["modality"] == "asserted"


def test_a_warning_that_gatherings_will_be_broken_up_is_one_threat():
    text = ("The Interior Ministry warned on Tuesday that any unauthorised gathering in the capital during the "
            "holiday would be broken up.")
    events = _events(text)
    assert [(e["type"], e["modality"]) for e in events] == [("police_violence", "threatened")]


def test_a_hyphenated_length_is_not_the_date():
    text = "BRUSSELS (Reuters) -- A 24-hour strike by dockworkers halted the port of Antwerp on Tuesday."
    strike = next(e for e in _events(text) if e["type"] == "protest")
    assert strike["date"]["start"] == "2025-03-11"
