"""Synthetic Result JSONL for ingest tests: many articles, several outlets per event."""
from __future__ import annotations

import random
from datetime import date, timedelta

from protestwatch.ingest import make_article
from protestwatch.records import Event, Extractor, Result

FIRST = ["Serik", "Dana", "Aigerim", "Yerlan", "Marat", "Olga", "Ivan", "Maria", "Timur", "Asel", "Nurlan", "Pavel"]
LAST = ["Azhibai", "Zhanay", "Bekova", "Sadykov", "Ospanov", "Petrova", "Ivanov", "Kolesnik", "Sultanov",
        "Nurova", "Abenov", "Smirnov", "Kim", "Li", "Orlov", "Tulegen"]
CITIES = [("Almaty", "KZ"), ("Astana", "KZ"), ("Bishkek", "KG"), ("Minsk", "BY"), ("Moscow", "RU"), ("Tbilisi", "GE")]
OUTLETS = ["RFE/RL", "Eurasianet", "Vlast", "Reuters", "AFP", "KazTAG", "Kloop", "Meduza"]


def make_results(n_events: int, seed: int = 1) -> list[Result]:
    """About 2.5 reports per event, each its own article with its own wording."""
    rng = random.Random(seed)
    out = []
    for k in range(n_events):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        city, country = rng.choice(CITIES)
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(700))
        type_ = rng.choice(["detention", "protest", "sentence"])
        for j in range(rng.randint(1, 4)):
            outlet = OUTLETS[(k + j) % len(OUTLETS)]
            text = (f"[{outlet} #{k}-{j}] {name} was involved in a {type_} in {city} on {day:%B %d}, "
                    f"the outlet reported, citing witness number {rng.randrange(10**6)}.")
            article = make_article(text, published=(day + timedelta(days=j)).isoformat(), source=outlet)
            role = {"detention": "detainee", "protest": "protester", "sentence": "defendant"}[type_]
            event = Event.model_validate({
                "id": "ev1", "type": type_, "date": {"start": day.isoformat(), "precision": "day"},
                "place": {"name": city, "country": country, "precision": "city"},
                "participants": [{"role": role, "name": name if j % 2 == 0 else name.split()[-1], "kind": "person"}],
                "evidence": [{"field": "type", "start": 0, "end": len(text)}]})
            out.append(Result(article=article, events=(event,), extractor=Extractor(version="synthetic")))
    rng.shuffle(out)
    return out


def write_jsonl(path, results) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(r.model_dump_json() + "\n")


# Two outlets' articles (JSONL lines) about one detention, for the tests that ingest real text
# through the pipeline (tests/store/test_cli.py, tests/watch/test_ingest_alerts.py).
AZHIBAI_ARTICLES = (
    {"source": "Steppe Wire", "published": "2020-08-04", "url": "https://example.org/1", "title": "Activist detained",
     "text": "Police in Almaty detained activist Serik Azhibai on Monday after he staged a one-man picket "
             "outside the Chinese consulate."},
    {"source": "Eurasia Daily", "published": "2020-08-04", "url": "https://example.org/2", "title": "Picketer held",
     "text": "Kazakh police detained Serik Azhibai in Almaty on Monday. Azhibai had protested alone in front "
             "of China's consulate."},
)
