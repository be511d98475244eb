"""Russian reports (issue 14): the Natasha Doc wrapper, language routing, the Russian phrase readers,
and what a user sees in a Russian article's result (events, nominative names, spans, legal facts)."""
from __future__ import annotations

import pytest

import protestwatch
from protestwatch.ingest import make_article
from protestwatch.normalize.ru import parse_money_ru, parse_size_ru, parse_term_ru, place_query, resolve_date_ru

PICKET = ("В Казани задержали активистку\n\n"
          "Во вторник в Казани полицейские задержали Анну Петрову, которая вышла на одиночный пикет у здания "
          "мэрии с плакатом «Нет войне». На Петрову составили протокол по статье 20.3.3 КоАП.\n\n"
          "В среду суд оштрафовал её на 20 тысяч рублей. «Я просто стояла», — сказала Анна Петрова.")


@pytest.fixture(scope="module")
def picket():
    return protestwatch.extract(PICKET, published="2024-05-08")


# --- the Doc wrapper ------------------------------------------------------------------------------

def test_russian_doc_keeps_offsets_lines_and_entities():
    from protestwatch.nlp.ru import NORMAL_KEY, build_russian

    text = "Задержания в Казани\n\nВ Казани задержали  Анну Петрову. Суд назначил ей арест на 10 суток."
    doc = build_russian()(text)
    assert doc.text == text and doc.lang_ == "ru"
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Задержания в Казани"  # a headline never runs into the next line
    assert "Суд назначил ей арест на 10 суток." in sents
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Анну Петрову", "PERSON") in ents and ("Казани", "GPE") in ents
    assert doc.user_data[NORMAL_KEY][(text.index("Анну"), text.index("Анну") + len("Анну Петрову"))] == "Анна Петрова"
    verb = next(t for t in doc if t.text == "задержали")
    assert [c.text for c in verb.children if c.dep_ == "obj"] == ["Анну"]
    for tok in doc:  # every walk up the tree ends at a root
        assert len(list(tok.ancestors)) < len(doc)


def test_russian_doc_breaks_the_parsers_loops():
    from protestwatch.nlp.ru import _break_cycles

    heads, deps = [1, 0, 2], ["det", "conj", "ROOT"]
    _break_cycles(heads, deps, ["0:1_2", "0:1_1", "0:1_0"], {"0:1_1": 0, "0:1_2": 1, "0:1_3": 2})
    assert heads[1] == 2 or heads[0] == 2


# --- language routing -------------------------------------------------------------------------------

def test_russian_text_is_detected_and_read_as_russian(picket):
    assert picket.article.language == "ru"
    assert picket.extractor.model == "natasha"
    assert {e.type for e in picket.events} >= {"protest", "detention", "charge", "sentence"}


def test_declared_language_wins_and_unsupported_languages_get_one_line(tmp_path):
    from protestwatch.ingest.files import read_inputs

    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Полиция задержала активиста.", "language": "ru"}\n'
                    '{"text": "Поліція затримала активіста в Києві в понеділок.", "language": "uk"}\n', "utf-8")
    first, second = list(read_inputs([str(feed)]))
    assert first.language == "ru"
    assert second.reason == "declared language Ukrainian/Cyrillic (uk) is not one protestwatch reads (English, Russian)"
    plain = tmp_path / "ru.txt"
    plain.write_text(PICKET, "utf-8")
    assert next(iter(read_inputs([str(plain)]))).language == "ru"
    assert next(iter(read_inputs([str(plain)], language="en"))).language == "en"  # the caller's word wins


def test_english_article_still_goes_the_english_way():
    result = protestwatch.extract("Police detained 20 protesters at a rally in Almaty on Monday.", published="2024-05-08")
    assert result.article.language == "en" and result.extractor.model != "natasha"
    assert any(e.type == "detention" for e in result.events)


def test_process_many_keeps_order_across_languages():
    from protestwatch.pipeline import get_nlp, process_many
    from protestwatch.settings import load_settings

    settings = load_settings()
    arts = [make_article("Police detained 20 protesters in Almaty on Monday.", published="2024-05-08"),
            make_article(PICKET, published="2024-05-08", language="ru"),
            make_article("Полиция не комментирует погоду.", published="2024-05-08", language="ru"),
            make_article("Riot police detained a blogger in Minsk on Friday.", published="2024-05-08")]
    results = list(process_many(arts, nlp=get_nlp(settings), settings=settings))
    assert [r.article.id for r in results] == [a.id for a in arts]
    assert results[1].events and not results[2].events


# --- what the Russian result says ------------------------------------------------------------------

def _one(result, etype):
    found = [e for e in result.events if e.type == etype]
    assert found, f"no {etype}: {[e.type for e in result.events]}"
    return found[0]


def test_names_are_nominative_and_aliases_keep_the_texts_forms(picket):
    person = next(e for e in picket.entities if e.name == "Анна Петрова")
    assert "Анну Петрову" in person.aliases
    detention = _one(picket, "detention")
    assert ("detainee", "Анна Петрова") in {(p.role, p.name) for p in detention.participants}


def test_places_dates_and_venue_from_case_forms(picket):
    protest = _one(picket, "protest")
    assert protest.subtype == "solo_picket"
    assert (protest.place.name, protest.place.country) == ("Kazan", "RU")
    assert protest.place.venue == "здания мэрии"
    assert protest.date.start == "2024-05-07" and protest.date.text == "Во вторник"
    assert protest.sign_text == ("Нет войне",)


def test_evidence_spans_point_into_the_original_text(picket):
    text = picket.article.text
    protest = _one(picket, "protest")
    spans = {e.field: text[e.start:e.end] for e in protest.evidence}
    assert spans.get("place") == "Казани"
    assert "date" in spans and spans["date"] == "Во вторник"


def test_charge_subtype_by_code_and_fine_in_rubles(picket):
    charge = _one(picket, "charge")
    assert charge.subtype == "administrative" and any("20.3.3 КоАП" in c for c in charge.legal.charges)
    sentence = _one(picket, "sentence")
    assert (sentence.legal.sentence.kind, sentence.legal.sentence.amount, sentence.legal.sentence.currency) == (
        "fine", 20000, "RUB")
    assert sentence.date.start == "2024-05-08"
    quote = picket.quotes[0]
    assert quote.text == "Я просто стояла" and quote.speaker_name == "Анна Петрова"


def test_days_of_arrest_criminal_code_and_denial():
    text = ("В Москве суд арестовал на 10 суток активиста Дмитрия Козлова по статье 19.3 КоАП. "
            "По словам адвоката, полицейские избили Козлова при задержании. В полиции заявили, что "
            "задержанного не избивали. Против журналиста Ивана Орлова возбудили уголовное дело по "
            "части 1 статьи 207.3 УК.")
    result = protestwatch.extract(text, published="2024-05-08")
    sentence = _one(result, "sentence")
    assert (sentence.legal.sentence.term, sentence.legal.sentence.days) == ("P10D", 10)
    assert _one(result, "police_violence").modality == "denied"
    case = _one(result, "investigation")
    assert any("207.3 УК" in c for c in case.legal.charges)


def test_crowd_sizes_and_tenge():
    text = ("В Алматы на митинг у здания акимата вышли несколько сотен человек. Полиция задержала около 50 "
            "человек. Суд оштрафовал троих участников митинга на 50 тысяч тенге.")
    result = protestwatch.extract(text, published="2024-05-08")
    assert _one(result, "protest").size.low == 200
    detention = _one(result, "detention")
    assert (detention.size.low, detention.size.high) == (50, 50)
    fine = _one(result, "sentence").legal.sentence
    assert (fine.amount, fine.currency) == (50000, "KZT")


def test_plans_and_non_events():
    text = ("Организаторы заявили, что намерены провести шествие 12 июня. Полиция никого не задерживала. "
            "Участники требовали освободить политзаключенных.")
    result = protestwatch.extract(text, published="2024-05-08")
    assert [(e.type, e.modality, e.date.start) for e in result.events] == [("protest", "planned", "2024-06-12")]
    assert result.events[0].participants[0].role == "organizer"


def test_russian_text_without_events_skips_parsing():
    from protestwatch.nlp.sense import judge

    assert not judge("Футбольный клуб «Рубин» обыграл соперника со счетом 2:0.", language="ru").admits
    assert judge("Полицейские задержали активиста у здания суда.", language="ru").admits


# --- the phrase readers (no model) ----------------------------------------------------------------

@pytest.mark.parametrize("phrase,start,precision", [
    ("во вторник", "2024-05-07", "day"), ("3 мая", "2024-05-03", "day"), ("накануне", "2024-05-07", "day"),
    ("на прошлой неделе", "2024-04-29", "week"), ("в марте", "2024-03", "month"), ("в 2011 году", "2011", "year"),
    ("15 марта 2024 года", "2024-03-15", "day"), ("в прошлом году", "2023", "year"),
    ("в следующем году", "2025", "year")])
def test_russian_dates_resolve_against_publication(phrase, start, precision):
    date = resolve_date_ru(phrase, "2024-05-08")
    assert (date.start, date.precision, date.text) == (start, precision, phrase)


def test_russian_future_dates():
    assert resolve_date_ru("12 июня", "2024-05-08", tense="future").start == "2024-06-12"
    assert resolve_date_ru("в следующую субботу", "2024-05-08", tense="future").start == "2024-05-11"


def test_russian_sizes_terms_and_money():
    assert (parse_size_ru("около 50 человек").low, parse_size_ru("около 50 человек").high) == (50, 50)
    assert parse_size_ru("несколько сотен человек").low == 200
    assert parse_size_ru("более 20 человек").high is None
    assert parse_term_ru("10 суток") == ("P10D", 10)
    assert parse_term_ru("двум годам") == ("P2Y", 730)
    assert parse_term_ru("полтора года") == ("P1Y6M", 545)
    assert parse_money_ru("20 тысяч рублей") == (20000, "RUB")
    assert parse_money_ru("30 000 рублей") == (30000, "RUB")
    assert parse_money_ru("1000 белорусских рублей") == (1000, "BYN")
    assert parse_money_ru("50 тысяч тенге") == (50000, "KZT")


@pytest.mark.parametrize("phrase,query", [
    ("Казани", "Kazan"), ("Москве", "Moscow"), ("Санкт-Петербурге", "Saint Petersburg"),
    ("Нижнем Новгороде", "Nizhniy Novgorod"), ("Бишкеке", "Bishkek"), ("Жанаозене", "Zhanaozen")])
def test_russian_place_names_go_to_the_gazetteers_spelling(phrase, query):
    from protestwatch.gazetteer import load_gazetteer

    assert place_query(phrase) == query
    assert load_gazetteer().lookup(query) is not None


def test_a_feeds_declared_language_routes_its_entries(tmp_path):
    from protestwatch.ingest.feeds import read_feed

    feed = tmp_path / "ovd.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>ОВД-Инфо</title>'
        "<language>ru-RU</language>"
        "<item><title>Задержание</title><description>Полицейские задержали активиста у здания суда.</description>"
        "<pubDate>Wed, 08 May 2024 10:00:00 +0000</pubDate></item>"
        "</channel></rss>", "utf-8")
    (article,) = list(read_feed(str(feed)))
    assert article.language == "ru" and article.published == "2024-05-08"
    greek = tmp_path / "greek.xml"
    greek.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kathimerini</title>'
        "<item><title>x</title><description>Η αστυνομία συνέλαβε τους διαδηλωτές στην Αθήνα τη Δευτέρα.</description>"
        "</item></channel></rss>", "utf-8")
    (error,) = list(read_feed(str(greek)))
    assert error.name.endswith("greek.xml#1") and error.reason.startswith("not English or Russian (looks like Greek")


@pytest.mark.parametrize("text, code, label", [
    ("Поліція затримала активістку, яка вийшла з плакатом до будівлі міської ради у Києві. Її доставили "
     "до відділку поліції, повідомляє ZMINA.", "uk", "Ukrainian/Cyrillic"),
    ("Алматыда полиция белсенділерді ұстады. Наразылық акциясына елуге жуық адам қатысты, деп "
     "хабарлайды Азаттық.", "kk", "Kazakh/Cyrillic"),
    ("Міліцыя затрымала трох чалавек у чацвер, паведамляе «Вясна». Іх адпусцілі праз 72 гадзіны, "
     "аднаго аштрафавалі.", "be", "Belarusian/Cyrillic"),
])
def test_other_cyrillic_languages_are_named_and_refused_not_read_as_russian(tmp_path, text, code, label):
    from protestwatch.ingest.files import read_inputs
    from protestwatch.ingest.language import detect_language

    assert detect_language(text) == code
    path = tmp_path / f"{code}.txt"
    path.write_text(text, "utf-8")
    skipped = next(iter(read_inputs([str(path)])))
    assert skipped.reason == f"not English or Russian (looks like {label} text); protestwatch reads English and Russian news"


# --- session 5: what an unseen report says without the tuned words -----------------------------

def _types(result) -> list[str]:
    return sorted(e.type for e in result.events)


def test_a_placard_makes_a_protest_without_the_word_picket():
    text = ("В понедельник в Самаре студентка Мария Орлова вышла с плакатом «Свободу Навальному» к зданию "
            "областной администрации. Через десять минут её задержали полицейские.")
    result = protestwatch.extract(text, published="2024-06-04")
    protest = _one(result, "protest")
    assert (protest.subtype, protest.date.start) == ("solo_picket", "2024-06-03")
    assert [p.name for p in protest.participants if p.role == "protester"] == ["Мария Орлова"]
    assert list(protest.sign_text) == ["Свободу Навальному"]


def test_a_gathering_with_a_purpose_is_a_protest_with_its_size():
    text = ("В субботу около 40 человек собрались у здания суда в поддержку арестованного журналиста. "
            "Никого не задержали.")
    protest = _one(protestwatch.extract(text, published="2024-06-04"), "protest")
    assert (protest.size.low, protest.size.high, protest.modality) == (40, 40, "asserted")


def test_thrown_to_the_ground_on_someones_word_is_alleged_force():
    text = ("В Воронеже полиция задержала активиста Олега Смирнова. По словам Смирнова, его повалили на "
            "землю и ударили. По данным правозащитников, при задержании сотрудники избили ещё одного человека.")
    violence = [e for e in protestwatch.extract(text, published="2024-06-04").events if e.type == "police_violence"]
    assert violence and {e.modality for e in violence} == {"alleged"}
    assert {e.subtype for e in violence} == {"beating"}


def test_a_courts_custody_for_months_continues_the_detention_and_is_no_sentence():
    text = ("Полицейские задержали блогера Артема Васина в понедельник. В среду суд отправил Васина в СИЗО "
            "на два месяца. Ему предъявлено обвинение в оправдании терроризма. Дело возбуждено по части 2 "
            "статьи 205.2 УК.")
    result = protestwatch.extract(text, published="2024-06-06")
    assert "sentence" not in _types(result)
    detention = _one(result, "detention")
    assert detention.date.start == "2024-06-03"
    charge = _one(result, "charge")
    assert charge.subtype == "criminal"  # the article is in the next sentence
    assert any("оправдании терроризма" in c for c in charge.legal.charges)


def test_days_of_arrest_stay_a_sentence():
    text = "В четверг суд арестовал активиста Олега Смирнова на 12 суток по статье 20.2 КоАП."
    sentence = _one(protestwatch.extract(text, published="2024-06-07"), "sentence")
    assert (sentence.legal.sentence.term, sentence.legal.sentence.days) == ("P12D", 12)


def test_two_accounts_of_one_beating_are_one_denied_event():
    text = ("В Самаре полиция задержала 8 участников пикета. Задержанные рассказали, что в отделе их избили. "
            "По словам студентки Анны Ивановой, полицейские били её по ногам. В полиции заявили, что "
            "задержанных не избивали.")
    violence = [e for e in protestwatch.extract(text, published="2024-06-04").events if e.type == "police_violence"]
    assert [e.modality for e in violence] == ["denied"]


def test_named_members_of_a_group_and_a_supporters_group():
    text = ("Полиция задержала шестерых активистов, в том числе эколога Виктора Зайцева. Сторонники Зайцева "
            "намерены провести пикет у здания суда в пятницу.")
    result = protestwatch.extract(text, published="2024-06-04")
    detention = _one(result, "detention")
    assert {p.name for p in detention.participants if p.role == "detainee"} >= {"Виктор Зайцев"}
    assert detention.size.low == 6
    plan = _one(result, "protest")
    assert plan.modality == "planned"
    assert [p.kind for p in plan.participants if p.role == "organizer"] == ["group"]


def test_at_least_som_and_eight_people():
    assert (parse_size_ru("не менее 15 человек").low, parse_size_ru("не менее 15 человек").high) == (15, None)
    assert parse_size_ru("не более 20 человек").high == 20
    assert parse_size_ru("восьмерых участников").low == 8
    assert parse_money_ru("20 тысяч сомов") == (20000, "KGS")


def test_a_demand_names_no_event_and_a_beating_beside_a_threat_is_told():
    text = ("В пятницу жители вышли к зданию мэрии с требованием освободить задержанных экологов. "
            "По словам активиста Ивана Белова, сотрудники угрожали ему и били его в автозаке.")
    result = protestwatch.extract(text, published="2024-06-08")
    assert _types(result) == ["police_violence", "protest"]
    assert _one(result, "police_violence").modality == "alleged"


def test_flowers_at_a_memorial_are_a_vigil_and_its_bringers_its_people():
    text = "В субботу в Перми полиция задержала людей, которые принесли цветы к памятнику жертвам репрессий."
    vigil = _one(protestwatch.extract(text, published="2024-06-08"), "protest")
    assert vigil.subtype == "vigil"
    assert [p.role for p in vigil.participants] == ["protester"]


def test_a_march_in_support_its_dispersal_told_and_the_force_denied():
    text = ("В субботу в Томске около 300 человек прошли по проспекту Ленина в поддержку арестованного "
            "мэра. Сотрудники ОМОН разогнали шествие. Очевидцы рассказали, что силовики применяли дубинки. "
            "В полиции заявили, что спецсредства не применялись.")
    result = protestwatch.extract(text, published="2024-07-15")
    march = _one(result, "protest")
    assert (march.subtype, march.size.low) == ("march", 300)
    violence = {e.subtype: e.modality for e in result.events if e.type == "police_violence"}
    assert violence == {"crowd_dispersal": "asserted", "beating": "denied"}


def test_restricted_freedom_and_half_years():
    text = ("Суд в Гродно приговорил пенсионерку Анну Семенову к двум с половиной годам ограничения свободы. "
            "Ранее ее сына осудили к трем годам колонии.")
    sentences = [e.legal.sentence for e in protestwatch.extract(text, published="2024-02-29").events
                 if e.type == "sentence"]
    assert {(s.kind, s.term, s.days) for s in sentences} == {("restricted_freedom", "P2Y6M", 910),
                                                             ("custodial", "P3Y", 1095)}
