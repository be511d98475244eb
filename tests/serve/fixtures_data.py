"""Hand-built Result records for the web tests, saved through the store.

Evidence offsets are found by searching the article text for the phrase, so they always point at
real text. `XSS_TEXT` is an article whose text holds markup that must render inert.
"""
from __future__ import annotations

import hashlib

from protestwatch.records import (Article, DateValue, Event, Evidence, Extractor, Legal, Participant,
                                  Place, Result, Sentence, Size)

MINSK = (53.9045, 27.5615)
CITIES = [("Minsk", "BY", 53.90, 27.56), ("Moscow", "RU", 55.75, 37.62), ("Almaty", "KZ", 43.24, 76.89),
          ("Tbilisi", "GE", 41.72, 44.79), ("Belgrade", "RS", 44.79, 20.45), ("Nairobi", "KE", -1.29, 36.82),
          ("Tehran", "IR", 35.69, 51.39), ("Yangon", "MM", 16.87, 96.20), ("Havana", "CU", 23.11, -82.37),
          ("Caracas", "VE", 10.48, -66.90)]

PROTEST_TEXT = ("MINSK — Thousands of people rallied in central Minsk on Sunday, August 9, to dispute the "
                "election results. Riot police detained opposition volunteer Anna Karpovich near the Stella "
                "monument, her husband said. Protesters chanted \"Go away!\" and demanded a recount.")
SECOND_TEXT = ("MINSK — Police dispersed a rally of thousands in the Belarusian capital late on August 9. "
               "Anna Karpovich, a teacher, was among those detained, the Viasna rights center said.")
SENTENCE_TEXT = ("MINSK — A Minsk court on Thursday sentenced opposition volunteer Anna Karpovich to three "
                 "years in a penal colony for taking part in mass riots. She pleaded not guilty.")
XSS_TEXT = ("TBILISI — Hundreds protested outside parliament on Monday. One placard read "
            "<script>window.__xss = 1; document.title = 'pwned'</script> and another "
            "<img src=x onerror=\"window.__xss = 2\"> while police watched. "
            "Organizer Nino <b onmouseover=alert(1)>Beridze</b> spoke to the crowd.")
RESTRICTED_TEXT = ("ALMATY — Security officers detained a whistleblower identified only as Secret Witness "
                   "at her home on Tuesday, relatives said. Her family fears for her safety.")


def art(text: str, title: str, published: str, source: str = "VOA-style sample", url: str | None = None) -> Article:
    return Article(id=hashlib.sha256(text.encode()).hexdigest(), title=title, url=url, source=source,
                   published=published, text=text)


def ev(text: str, field: str, phrase: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(field=field, start=start, end=start + len(phrase))


def result(article: Article, *events: Event) -> Result:
    return Result(article=article, events=events, extractor=Extractor(name="fixtures", version="0"))


def build_results(n_extra: int = 60) -> list[Result]:
    """The fixture corpus: a case chain, two reports of one rally, an XSS article, a restricted
    detention, and `n_extra` synthetic protests spread over ten cities (pagination and clustering)."""
    t1, t2, t3, tx, tr = PROTEST_TEXT, SECOND_TEXT, SENTENCE_TEXT, XSS_TEXT, RESTRICTED_TEXT
    minsk = Place(name="Minsk", country="BY", lat=MINSK[0], lon=MINSK[1], precision="city")
    anna = Participant(role="detainee", name="Anna Karpovich", kind="person")
    out = [
        result(art(t1, "Thousands Rally in Minsk", "2020-08-10"),
               Event(id="ev1", type="protest", subtype="rally", date=DateValue(start="2020-08-09", precision="day", text="Sunday, August 9"),
                     place=minsk, size=Size(low=2000, text="Thousands"), claims=("recount",), sign_text=("Go away!",),
                     participants=(Participant(role="protester", name="Anna Karpovich", kind="person"),),
                     evidence=(ev(t1, "type", "rallied"), ev(t1, "date", "Sunday, August 9"), ev(t1, "place", "Minsk"),
                               ev(t1, "size", "Thousands of people"), ev(t1, "sign_text", "Go away!")), confidence=0.9),
               Event(id="ev2", type="detention", subtype="detention", date=DateValue(start="2020-08-09", precision="day"),
                     place=minsk, participants=(anna,),
                     evidence=(ev(t1, "type", "detained"), ev(t1, "participants", "Anna Karpovich")), confidence=0.85)),
        result(art(t2, "Police Disperse Minsk Rally", "2020-08-10", source="Second Outlet"),
               Event(id="ev1", type="protest", subtype="rally", date=DateValue(start="2020-08-09", precision="day", text="late on August 9"),
                     place=minsk, size=Size(low=2000, text="thousands"),
                     evidence=(ev(t2, "type", "a rally"), ev(t2, "date", "late on August 9")), confidence=0.8),
               Event(id="ev2", type="detention", date=DateValue(start="2020-08-09", precision="day"), place=minsk,
                     participants=(anna,), evidence=(ev(t2, "type", "detained"), ev(t2, "participants", "Anna Karpovich")),
                     confidence=0.8)),
        result(art(t3, "Court Sentences Opposition Volunteer", "2021-02-18"),
               Event(id="ev1", type="sentence", date=DateValue(start="2021-02-18", precision="day"), place=minsk,
                     participants=(Participant(role="defendant", name="Anna Karpovich", kind="person"),),
                     legal=Legal(charges=("mass riots",), plea="not_guilty",
                                 sentence=Sentence(kind="custodial", term="P3Y", days=1095)),
                     evidence=(ev(t3, "type", "sentenced"), ev(t3, "legal", "three years in a penal colony"),
                               ev(t3, "participants", "Anna Karpovich")), confidence=0.9)),
        result(art(tx, "Rally <script>alert('title')</script> in Tbilisi", "2023-03-07", url="javascript:alert(1)"),
               Event(id="ev1", type="protest", date=DateValue(start="2023-03-06", precision="day"),
                     place=Place(name="Tbilisi <img src=x onerror=alert(3)>", country="GE", lat=41.7151, lon=44.8271, precision="city"),
                     participants=(Participant(role="organizer", name="Nino <b onmouseover=alert(1)>Beridze</b>", kind="person"),),
                     claims=("<script>window.__xss=3</script>",),
                     evidence=(ev(tx, "type", "protested"), ev(tx, "sign_text", "<script>window.__xss = 1; document.title = 'pwned'</script>"),
                               ev(tx, "claims", "<img src=x onerror=\"window.__xss = 2\">")), confidence=0.7)),
        result(art(tr, "Whistleblower Detained in Almaty", "2021-05-12"),
               Event(id="ev1", type="detention", date=DateValue(start="2021-05-11", precision="day"),
                     place=Place(name="Almaty", country="KZ", lat=43.24, lon=76.89, precision="city"),
                     participants=(Participant(role="detainee", name="Secret Witness", kind="person"),),
                     evidence=(ev(tr, "type", "detained"),), confidence=0.8)),
    ]
    for i in range(n_extra):
        city, cc, lat, lon = CITIES[i % len(CITIES)]
        day = f"2022-{1 + i % 12:02d}-{1 + i % 27:02d}"
        text = (f"{city.upper()} — About {20 + i} people held a protest number {i} in {city} on {day} "
                f"against rising prices, witnesses said.")
        out.append(result(art(text, f"Price protest {i} in {city}", day, source=f"Outlet {i % 4}"),
                          Event(id="ev1", type="protest",
                                subtype="demonstration", date=DateValue(start=day, precision="day"),
                                place=Place(name=city, country=cc, lat=lat + (i % 5) * 0.01, lon=lon, precision="city"),
                                size=Size(low=20 + i, high=20 + i, text=f"About {20 + i} people"),
                                claims=("rising prices",),
                                evidence=(ev(text, "type", f"held a protest number {i}"), ev(text, "place", city)),
                                confidence=0.6)))
    return out


def restricted_article_ids() -> set[str]:
    return {hashlib.sha256(RESTRICTED_TEXT.encode()).hexdigest()}
