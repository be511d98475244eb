"""Across languages (issue 14): an English and a Russian report of one event become one incident,
and one person's case spans both; names compare across scripts through a transliteration
(iuliia), places through the gazetteer's names."""
from __future__ import annotations

import pytest

import protestwatch
from protestwatch.link.cases import Mention, group_people
from protestwatch.link.incidents import cluster_reports, make_features, name_key, name_similarity, script_of

RUSSIAN = ("В Казани задержали активистку\n\n"
           "Во вторник в Казани полицейские задержали Анну Петрову, которая вышла на одиночный пикет у здания "
           "мэрии. В среду суд оштрафовал её на 20 тысяч рублей.")
ENGLISH = ("Police in Kazan detained activist Anna Petrova on Tuesday after she staged a one-person picket "
           "outside the city hall, the rights group OVD-Info said.")
OTHER = ("Police in Kazan detained activist Ivan Sidorov on Tuesday after he staged a one-person picket "
         "outside the city hall, the rights group OVD-Info said.")


def test_names_compare_across_scripts():
    assert name_key("Анна Петрова") == name_key("Anna Petrova") == "anna petrova"
    assert name_similarity(name_key("Юлия Навальная"), name_key("Yulia Navalnaya")) >= 0.85
    assert name_similarity(name_key("Алексей Горинов"), name_key("Alexei Gorinov")) >= 0.85
    assert name_similarity(name_key("Анна Петрова"), name_key("Anna Ivanova")) < 0.5
    assert name_key("Serik Azhibai") == "serik azhibai"  # Latin names are as before
    assert script_of("у здания мэрии") == "cyrl" and script_of("outside city hall") == "latn"


@pytest.fixture(scope="module")
def reports():
    out = {}
    for key, text in (("ru", RUSSIAN), ("en", ENGLISH), ("other", OTHER)):
        result = protestwatch.extract(text, published="2024-05-08")
        aliases = {e.id: list(e.aliases) for e in result.entities}
        for ev in result.events:
            if ev.type == "detention":
                out[key] = make_features(f"{key}:{ev.id}", ev.model_dump(mode="json"), article_id=result.article.id,
                                         published="2024-05-08", article_text=text, aliases=aliases)
                out[key + "_event"] = ev
    return out


def test_english_and_russian_reports_of_one_detention_are_one_incident(reports):
    assert reports["ru"].script == "cyrl" and reports["en"].script == "latn"
    assert reports["ru_event"].place.geonames_id == reports["en_event"].place.geonames_id  # gazetteer ids agree
    clusters = cluster_reports([reports["en"], reports["ru"]])
    assert clusters[reports["en"].id] == clusters[reports["ru"].id]


def test_another_persons_detention_stays_apart(reports):
    clusters = cluster_reports([reports["other"], reports["ru"]])
    assert clusters[reports["other"].id] != clusters[reports["ru"].id]


def test_one_persons_case_spans_both_languages():
    people = group_people([
        Mention(report="ru:1", name="Анна Петрова", aliases=("Анну Петрову",), role="detainee", type="detention"),
        Mention(report="en:1", name="Anna Petrova", role="defendant", type="sentence"),
        Mention(report="en:2", name="Ivan Sidorov", role="detainee", type="detention")])
    both = [p for p in people if {m.report for m in p.mentions} == {"ru:1", "en:1"}]
    assert len(both) == 1 and len(people) == 2
