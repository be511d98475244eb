"""Event senses (nlp/sense.py): sport, market and culture senses of trigger words give no event;
real strikes and arrests on the same pages stay. Short texts written for these tests,
one paragraph a line as news files have them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import protestwatch
from protestwatch.nlp import sense
from protestwatch.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]

MATCH_REPORT = """United beat City 3-1 to go top of the league

United came from behind to beat City 3-1 at a sold-out stadium on Saturday, with their striker scoring twice. The visitors took the lead through a penalty after 20 minutes, but the home side rallied after half-time. The midfielder was booked for a late tackle, and the manager said the referee's decision to award the penalty was wrong. "We showed character to come back," the coach said. The striker, who was released by his previous club last season, has now scored 14 goals in the league. City face a hearing next week after their players protested to the referee, and the club was fined for a similar charge in March.
"""

MARKET_REPORT = """Shares rally as oil prices ease

Stock markets rallied on Tuesday as oil prices fell for a third day. The FTSE 100 index rallied 1.2% to close at a record high, while the dollar rallied against the euro and the yen. Bank shares led the rally after two lenders reported higher profits, and analysts said the rally in technology stocks could continue. Investors are waiting for quarterly earnings from retailers next week, and the release of inflation figures on Thursday. Bond prices slipped and gold rallied to a two-month high.
"""

STRIKE_STORY = """Airline cancels flights as staff strike over pay

Thousands of cabin crew went on strike on Monday, forcing the airline to cancel 300 flights, the company said. Union leaders said the walkout would continue until managers agreed to a 6% pay rise. Shares in the airline fell 3% in London trading, and analysts said the strike could cost the firm 40m pounds a day in lost sales. Striking workers picketed the main airport on Monday morning.
"""

ARREST_IN_TECH = """Blogger jailed over posts

A court in the capital sentenced a blogger to five years in prison on Tuesday for posts criticising the government, his lawyer said. Police arrested him at his home in March. Internet users have been warned that online criticism of officials is a crime. The software he used is popular with mobile phone users.
"""

DOPING_STORY = """Cyclist appeals against doping ban

A cyclist has appealed to the Court of Arbitration for Sport against a two-year ban, his lawyer said on Friday. The national federation found him guilty of an anti-doping rule violation in March after a hearing before its disciplinary tribunal. He was charged by the governing body last year after a drugs test at a race in Spain.
"""

ATHLETE_ARRESTED = """Olympic champion arrested after nightclub fight

Police arrested a former Olympic champion after a fight outside a nightclub on Saturday, and prosecutors charged him with assault on Monday. The sprinter, who served a two-year doping ban in 2019, denies the charge. The athletics federation said it would not comment on a criminal case. He will appear before a judge next month.
"""


def _events(text: str, **settings) -> list[dict]:
    from protestwatch.ingest import make_article
    from protestwatch.pipeline import get_nlp, process
    s = load_settings(**settings)
    return process(make_article(text), nlp=get_nlp(s), settings=s).to_json()["events"]


def _types(events) -> list[str]:
    return sorted(e["type"] for e in events)


# --- the sense step alone (no parser) -------------------------------------------------------

@pytest.mark.parametrize("method", ["learned", "rules"])
def test_a_match_report_is_not_worth_parsing(method):
    judged = sense.judge(MATCH_REPORT, method)
    assert judged.hits, "the report holds trigger words (beat, striker, rallied, booked, released...)"
    assert not judged.admits


@pytest.mark.parametrize("method", ["learned", "rules"])
def test_a_market_report_full_of_rallies_is_not_worth_parsing(method):
    judged = sense.judge(MARKET_REPORT, method)
    assert sum(h.word.startswith("rall") for h in judged.hits) >= 5
    assert not judged.admits and not any(h.keep for h in judged.hits if h.word.startswith("rall"))


@pytest.mark.parametrize("method", ["learned", "rules"])
def test_a_strike_on_a_business_page_keeps_its_sense(method):
    judged = sense.judge(STRIKE_STORY, method)
    assert judged.admits
    strike = STRIKE_STORY.index("went on strike") + len("went on ")
    assert judged.keeps(strike, strike + len("strike"))


def test_off_keeps_every_word_and_admits_what_the_prefilter_admits():
    from protestwatch.nlp.prefilter import may_report_events
    for text in (MATCH_REPORT, MARKET_REPORT, STRIKE_STORY):
        judged = sense.judge(text, "off")
        assert all(h.keep for h in judged.hits)
        assert judged.admits == may_report_events(text)


def test_keeps_by_hit_then_by_unit():
    """A trigger is judged by the hits inside it, else by the hits of its sentence; a trigger
    with no hit near it is kept."""
    units = ((0, 20), (21, 40), (41, 60))
    hits = (sense.SenseHit(5, 10, "rally", 0, False, 0.01, False, False),
            sense.SenseHit(25, 30, "march", 1, False, 0.9, True, True))
    judged = sense.ArticleSense("learned", units, hits)
    assert not judged.keeps(5, 10) and judged.keeps(25, 30)
    assert not judged.keeps(12, 18), "same sentence as a rejected hit"
    assert judged.keeps(45, 50), "no hit in its sentence"
    assert judged.admits and judged.kept_starts() == [25]


def test_threshold_setting_overrides_the_model():
    everything = sense.judge(MARKET_REPORT, "learned", threshold=0.0)
    assert all(h.keep for h in everything.hits)
    nothing = sense.judge(STRIKE_STORY, "learned", threshold=1.01)
    assert not nothing.admits


def test_the_shipped_model_is_small_versioned_json():
    path = ROOT / "protestwatch" / "data" / "models" / sense.MODEL_FILE
    model = json.loads(path.read_text(encoding="utf-8"))
    assert model["version"] == path.stem and 0 < model["threshold"] <= model["admit"] < 1
    assert path.stat().st_size < 400_000
    assert all(isinstance(w, float) for w in model["weights"].values())


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        sense.get_judge("magic")
    with pytest.raises(Exception):
        load_settings(sense="magic")


def test_training_says_what_it_needs_without_the_data(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_sense.py"), "--eval-dir", str(tmp_path),
                           "--cv-only"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "m2e2/dev.json" in done.stderr and "bbc" in done.stderr


# --- whole extraction -----------------------------------------------------------------------

@pytest.mark.slow
def test_a_match_report_gives_no_event():
    assert _events(MATCH_REPORT) == []


@pytest.mark.slow
def test_a_market_report_gives_no_event():
    assert _events(MARKET_REPORT) == []


@pytest.mark.slow
def test_a_real_strike_in_a_business_story_stays():
    events = _events(STRIKE_STORY)
    assert "protest" in _types(events)
    assert any(e["subtype"] == "strike" for e in events)


@pytest.mark.slow
def test_an_arrest_on_a_tech_page_stays():
    types = _types(_events(ARREST_IN_TECH))
    assert "sentence" in types and "detention" in types


def test_a_sports_body_s_legal_steps_lose_their_event_sense():
    judged = sense.judge(DOPING_STORY, "learned")
    legal = [h for h in judged.hits if h.word in ("appealed", "ban", "guilty", "hearing", "charged")]
    assert legal and not any(h.keep for h in legal)


def test_police_and_prosecutors_beside_a_doping_word_keep_the_sense():
    judged = sense.judge(ATHLETE_ARRESTED, "learned")
    assert any(h.keep for h in judged.hits if h.word == "charged")
    assert not any(h.keep for h in judged.hits if h.word == "ban")  # the doping ban itself is none


@pytest.mark.slow
def test_a_doping_tribunal_story_gives_no_event():
    assert _events(DOPING_STORY) == []
    assert _events(DOPING_STORY, sense="off")  # the words are there: the rule removes them


@pytest.mark.slow
def test_police_arresting_an_athlete_keeps_the_arrest_and_the_charge_is_ordinary():
    events = _events(ATHLETE_ARRESTED)
    assert {"detention", "charge"} <= set(_types(events))
    assert "ban" not in _types(events)
    assert all(e["scope"] == "ordinary" for e in events if e["type"] in ("detention", "charge"))


@pytest.mark.slow
def test_without_the_sense_step_the_match_report_had_events():
    """The sense step is what removes them: the same report with `sense=off` is not empty, so the
    tests above can fail."""
    assert _events(MATCH_REPORT, sense="off")
