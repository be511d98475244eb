"""A small store for the review-edit tests (issue 11): a Havana protest the machine placed in the
dateline's Miami, a fine in the wrong amount and currency, a protest whose crowd size is wrong, and
a restricted detention. Each test module builds its own copy, so its edits touch no other test."""
from __future__ import annotations

import re

from protestwatch.records import DateValue, Event, Legal, Participant, Place, Sentence, Size

from .fixtures_data import art, ev, result

HAVANA_TEXT = ("MIAMI — Cuban police detained dozens of protesters in Havana on Sunday after they marched "
               "along the Malecon chanting for freedom, Cuban rights groups said.")
FINE_TEXT = ("MINSK — A Minsk court on Tuesday fined activist Ivan Petrov 1,450 Belarusian rubles for "
             "taking part in an unauthorised picket, his lawyer said.")
CROWD_TEXT = ("NAIROBI — Several hundred people marched through Nairobi on Friday against a new tax, "
              "Kenyan police said.")
RALLY_TEXT = ("WASHINGTON — American activists rallied outside the city hall in Alexandria on Saturday, "
              "Virginia police said.")
HIDDEN_TEXT = ("ALMATY — Officers detained a source known only as Quiet Informant at her flat on Monday, "
               "relatives said.")
USERS = {"edna": ("editor", "edna-pass-123"), "vic": ("viewer", "vic-pass-123")}
MIAMI = Place(name="Miami", admin1="Florida", country="US", lat=25.77, lon=-80.19, precision="city")


def review_results():
    t1, t2, t3, t4, t5 = HAVANA_TEXT, FINE_TEXT, CROWD_TEXT, HIDDEN_TEXT, RALLY_TEXT
    return [
        result(art(t1, "Cuban police detain marchers", "2021-07-12", source="Wire A"),
               Event(id="ev1", type="detention", subtype="arrest", date=DateValue(start="2021-07-11", precision="day"),
                     place=MIAMI, participants=(Participant(role="authority", name="Cuban police", kind="authority"),),
                     evidence=(ev(t1, "type", "detained"), ev(t1, "place", "MIAMI")), confidence=0.7)),
        result(art(t2, "Activist fined in Minsk", "2021-03-03", source="Wire B"),
               Event(id="ev1", type="sentence", date=DateValue(start="2021-03-02", precision="day"),
                     place=Place(name="Minsk", country="BY", lat=53.9, lon=27.57, precision="city"),
                     participants=(Participant(role="defendant", name="Ivan Petrov", kind="person"),),
                     legal=Legal(charges=("taking part in an unauthorised picket",),
                                 sentence=Sentence(kind="fine", amount=145, currency="RUB")),
                     evidence=(ev(t2, "type", "fined"), ev(t2, "legal", "1,450 Belarusian rubles")), confidence=0.8)),
        result(art(t3, "Nairobi tax march", "2023-06-24", source="Wire C"),
               Event(id="ev1", type="protest", subtype="march", date=DateValue(start="2023-06-23", precision="day"),
                     place=Place(name="Nairobi", country="KE", lat=-1.29, lon=36.82, precision="city"),
                     size=Size(low=200, text="Several hundred"), claims=("new tax",),
                     evidence=(ev(t3, "type", "marched"), ev(t3, "size", "Several hundred")), confidence=0.8)),
        result(art(t4, "Informant detained", "2021-05-11", source="Wire D"),
               Event(id="ev1", type="detention", date=DateValue(start="2021-05-10", precision="day"),
                     place=Place(name="Almaty", country="KZ", lat=43.24, lon=76.89, precision="city"),
                     participants=(Participant(role="detainee", name="Quiet Informant", kind="person"),),
                     evidence=(ev(t4, "type", "detained"),), confidence=0.8)),
        result(art(t5, "Rally in Alexandria", "2022-05-15", source="Wire E"),
               Event(id="ev1", type="protest", subtype="rally", date=DateValue(start="2022-05-14", precision="day"),
                     place=Place(name="Washington", country="US", lat=38.9, lon=-77.04, precision="city",
                                 venue="city hall"),
                     evidence=(ev(t5, "type", "rallied"),), confidence=0.7)),
    ]


def build_review_store(path: str):
    """A file-backed SQLite store with the results above, the restricted article and two users."""
    from protestwatch.serve import queries
    from protestwatch.store import open_db, repo, session_scope

    from .conftest import save_results
    engine = open_db(path)
    results = review_results()
    save_results(engine, results)
    with session_scope(engine) as db:
        repo.set_restricted(db, "article", results[3].article.id, True, user="fixtures")
        for name, (role, password) in USERS.items():
            queries.add_user(db, name, role, password, by="fixtures")
    return engine


def incident_of(client, **params) -> int:
    items = client.get("/api/events", params=params).json()["items"]
    assert len(items) == 1, (params, items)
    return items[0]["incident_id"]


def csrf(client, path: str = "/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def login(client, name: str) -> str:
    """Log the TestClient in; return the session's CSRF token (the API's X-CSRF-Token)."""
    r = client.post("/login", data={"csrf_token": csrf(client), "username": name, "password": USERS[name][1]},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf(client, "/events")
