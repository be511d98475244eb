"""A store with every kind of restriction, built through the store's own functions (save_result,
link_pending, rebuild_cases, set_restricted, set_review_state, merge_incidents), in the order
that broke before: restrict first, then ingest and link more reports of the same events.

Every restricted article carries a codeword (ZEBRA...) and a URL on secret.example; the people
named only in restricted reports have names found nowhere else. `SECRETS` lists what the public
must never see; `PUBLIC` what it must see.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from protestwatch.records import DateValue, Event, Participant, Place, Size

from .fixtures_data import art, ev, result


def _event(text, type_, day, city, cc, people=(), *, subtype=None, size=None, key="ev1", phrase=None):
    lat, lon = {"Almaty": (43.24, 76.89), "Grodno": (53.68, 23.83), "Kazan": (55.79, 49.12),
                "Tbilisi": (41.72, 44.79), "Yerevan": (40.18, 44.51), "Oslo": (59.91, 10.75),
                "Nairobi": (-1.29, 36.82), "Lima": (-12.05, -77.04), "Riga": (56.95, 24.11),
                "Quito": (-0.18, -78.47)}[city]
    phrase = phrase or text.split()[3]
    return Event(id=key, type=type_, subtype=subtype, date=DateValue(start=day, precision="day"),
                 place=Place(name=city, country=cc, lat=lat, lon=lon, precision="city"),
                 size=Size(low=size, text=f"{size} people") if size else None,
                 participants=tuple(Participant(role=role, name=name, kind="person") for role, name in people),
                 evidence=(ev(text, "type", phrase),), confidence=0.8)


def _doc(text, title, published, url, *events, source="Outlet"):
    return result(art(text, title, published, source=source, url=url), *events)


R1 = ("ALMATY — Security officers detained the whistleblower Secret Witness at her home in Almaty on "
      "Tuesday, May 11, relatives said; codeword ZEBRA1.")
R2 = ("ALMATY — Secret Witness, a whistleblower, was detained by security officers in Almaty on May 11, "
      "a rights group said; codeword ZEBRA2.")
H1 = "GRODNO — Police detained the student Hidden Hanna in Grodno on June 2, her mother said; codeword ZEBRA6."
H2 = "GRODNO — Investigators in Grodno charged the student Hidden Hanna on June 4 with rioting; codeword ZEBRA7."
M1 = "KAZAN — The activist Marat Mixed held a solo picket in Kazan on July 1 against the war."
M2 = ("KAZAN — The activist Marat Mixed was detained in Kazan on September 9 by police officers; "
      "codeword ZEBRA8.")
S = ("TBILISI — Police detained the student Shared Secret on Friday, March 3, in Tbilisi as hundreds "
     "rallied outside parliament against the bill; codeword ZEBRA3.")
T = "TBILISI — Hundreds rallied outside parliament in Tbilisi on March 3 against the foreign agents bill."
X = "YEREVAN — Police detained the blogger Merged Mira in Yerevan on April 7, her lawyer said; codeword ZEBRA4."
Y = "YEREVAN — Police detained the teacher Public Pavel in Yerevan on April 7, colleagues said."
REJ = "OSLO — About 30 people led by Rejected Rolf marched in Oslo on May 1 for a shorter week; codeword RHINO1."
P1 = "NAIROBI — About 200 people led by Public Paula marched in Nairobi on June 10 against tax rises."
P2 = "LIMA — About 80 people led by Public Pete protested in Lima on June 12 over water cuts."
L1 = "RIGA — Police detained the reporter Lifted Lena in Riga on August 2, her editor said."
C1 = "QUITO — The organiser Case Carla led a protest of 50 people in Quito on October 5; codeword ZEBRA5."
C2 = "QUITO — Police detained the organiser Case Carla in Quito on October 6; codeword ZEBRA9."


@dataclass
class Scenario:
    ids: dict[str, int] = field(default_factory=dict)  # name -> incident id
    entities: dict[str, int] = field(default_factory=dict)  # person -> entity id
    cases: dict[str, int] = field(default_factory=dict)  # person -> case id


# What anonymous visitors and viewers must never receive, anywhere.
SECRETS = ("Secret Witness", "Hidden Hanna", "Shared Secret", "Merged Mira", "Case Carla", "ZEBRA",
           "secret.example", "Rejected Rolf", "RHINO1")
# What they must receive (the public part of the same store).
PUBLIC = ("Public Paula", "Public Pete", "Marat Mixed", "Lifted Lena")


def incident_of(db, text: str, key: str = "ev1") -> int:
    import hashlib

    from sqlalchemy import select

    from protestwatch.store.tables import ReportRow
    aid = hashlib.sha256(text.encode()).hexdigest()
    return db.scalar(select(ReportRow.incident_id).where(ReportRow.article_id == aid, ReportRow.event_key == key))


def report_of(db, text: str, key: str = "ev1") -> int:
    import hashlib

    from sqlalchemy import select

    from protestwatch.store.tables import ReportRow
    aid = hashlib.sha256(text.encode()).hexdigest()
    return db.scalar(select(ReportRow.id).where(ReportRow.article_id == aid, ReportRow.event_key == key))


def first_results():
    sec = lambda n: f"https://secret.example/{n}"  # noqa: E731
    return [
        _doc(R1, "Whistleblower detained", "2021-05-12", sec("r1"),
             _event(R1, "detention", "2021-05-11", "Almaty", "KZ", [("detainee", "Secret Witness")], phrase="detained")),
        _doc(H1, "Student detained in Grodno", "2021-06-03", sec("h1"),
             _event(H1, "detention", "2021-06-02", "Grodno", "BY", [("detainee", "Hidden Hanna")], phrase="detained")),
        _doc(H2, "Student charged in Grodno", "2021-06-05", sec("h2"),
             _event(H2, "charge", "2021-06-04", "Grodno", "BY", [("defendant", "Hidden Hanna")], phrase="charged")),
        _doc(M1, "Solo picket in Kazan", "2021-07-02", "https://news.example/m1",
             _event(M1, "protest", "2021-07-01", "Kazan", "RU", [("protester", "Marat Mixed")], subtype="solo_picket",
                    phrase="solo picket")),
        _doc(M2, "Activist detained in Kazan", "2021-09-10", sec("m2"),
             _event(M2, "detention", "2021-09-09", "Kazan", "RU", [("detainee", "Marat Mixed")], phrase="detained")),
        _doc(S, "Student detained at Tbilisi rally", "2023-03-04", sec("s"),
             _event(S, "detention", "2023-03-03", "Tbilisi", "GE", [("detainee", "Shared Secret")], phrase="detained"),
             _event(S, "protest", "2023-03-03", "Tbilisi", "GE", subtype="rally", size=300, key="ev2", phrase="rallied")),
        _doc(X, "Blogger detained in Yerevan", "2022-04-08", sec("x"),
             _event(X, "detention", "2022-04-07", "Yerevan", "AM", [("detainee", "Merged Mira")], phrase="detained")),
        _doc(Y, "Teacher detained in Yerevan", "2022-04-08", "https://news.example/y",
             _event(Y, "detention", "2022-04-07", "Yerevan", "AM", [("detainee", "Public Pavel")], phrase="detained")),
        _doc(REJ, "March in Oslo", "2022-05-02", "https://news.example/rej",
             _event(REJ, "protest", "2022-05-01", "Oslo", "NO", [("organizer", "Rejected Rolf")], size=30,
                    phrase="marched")),
        _doc(P1, "March in Nairobi", "2022-06-11", "https://news.example/p1",
             _event(P1, "protest", "2022-06-10", "Nairobi", "KE", [("organizer", "Public Paula")], size=200,
                    phrase="marched")),
        _doc(P2, "Protest in Lima", "2022-06-13", "https://news.example/p2",
             _event(P2, "protest", "2022-06-12", "Lima", "PE", [("organizer", "Public Pete")], size=80,
                    phrase="protested")),
        _doc(L1, "Reporter detained in Riga", "2022-08-03", "https://news.example/l1",
             _event(L1, "detention", "2022-08-02", "Riga", "LV", [("detainee", "Lifted Lena")], phrase="detained")),
        _doc(C1, "Protest in Quito", "2022-10-06", sec("c1"),
             _event(C1, "protest", "2022-10-05", "Quito", "EC", [("organizer", "Case Carla")], size=50, phrase="led")),
        _doc(C2, "Organiser detained in Quito", "2022-10-07", sec("c2"),
             _event(C2, "detention", "2022-10-06", "Quito", "EC", [("detainee", "Case Carla")], phrase="detained")),
    ]


def _t_result():
    # T reports only the rally (the Tbilisi protest that S also reports).
    r = _doc(T, "Hundreds rally in Tbilisi", "2023-03-04", "https://news.example/t",
             _event(T, "protest", "2023-03-03", "Tbilisi", "GE", subtype="rally", size=300, phrase="rallied"),
             source="Other Outlet")
    return r


def build(engine, *, lift: bool = True) -> Scenario:
    """Fill the store; return the incident, entity and case ids the tests look at."""
    from sqlalchemy import select

    from protestwatch.store import repo, session_scope
    from protestwatch.store.tables import CaseRow, EntityRow, ReportRow

    sc = Scenario()
    results = first_results() + [_t_result()]
    with session_scope(engine) as db:
        for r in results:
            repo.save_result(db, r)
        repo.link_pending(db)
        repo.rebuild_cases(db)
        for name, text, key in (("detention", R1, "ev1"), ("hanna_detention", H1, "ev1"), ("hanna_charge", H2, "ev1"),
                                ("marat_protest", M1, "ev1"), ("marat_detention", M2, "ev1"),
                                ("shared_detention", S, "ev1"), ("rally", T, "ev1"), ("mira", X, "ev1"),
                                ("pavel", Y, "ev1"), ("rejected", REJ, "ev1"), ("paula", P1, "ev1"),
                                ("pete", P2, "ev1"), ("lena", L1, "ev1"), ("carla_protest", C1, "ev1"),
                                ("carla_detention", C2, "ev1")):
            sc.ids[name] = incident_of(db, text, key)
        assert incident_of(db, S, "ev2") == sc.ids["rally"], "the shared article's rally report joins the rally"
        assert sc.ids["mira"] != sc.ids["pavel"]
        import hashlib
        who = "fixtures"
        repo.set_restricted(db, "incident", sc.ids["detention"], user=who)
        repo.set_restricted(db, "article", hashlib.sha256(H1.encode()).hexdigest(), user=who)
        repo.set_restricted(db, "incident", sc.ids["hanna_charge"], user=who)
        repo.set_restricted(db, "incident", sc.ids["marat_detention"], user=who)
        repo.set_restricted(db, "incident", sc.ids["shared_detention"], user=who)
        repo.set_restricted(db, "incident", sc.ids["mira"], user=who)
        repo.set_restricted(db, "incident", sc.ids["lena"], user=who)
        carla = db.scalar(select(CaseRow).where(CaseRow.name == "Case Carla"))
        repo.set_restricted(db, "case", carla.id, user=who)
        repo.set_review_state(db, "incident", sc.ids["rejected"], "rejected", user=who)
        sc.ids["merged"] = repo.merge_incidents(db, [sc.ids["mira"], sc.ids["pavel"]], user=who).id
    # After the restrictions: a second outlet's report of the restricted detention.
    with session_scope(engine) as db:
        repo.save_result(db, _doc(R2, "Whistleblower held", "2021-05-12", "https://secret.example/r2",
                                  _event(R2, "detention", "2021-05-11", "Almaty", "KZ",
                                         [("detainee", "Secret Witness")], phrase="detained"), source="Second Outlet"))
        repo.link_pending(db)
        repo.rebuild_cases(db)
        sc.ids["later"] = incident_of(db, R2)
        if lift:
            # An older store copied the mark down to the reports; lifting must clear those too.
            for rid in db.scalars(select(ReportRow.id).where(ReportRow.incident_id == sc.ids["lena"])):
                db.get(ReportRow, rid).restricted = True
            repo.set_restricted(db, "incident", sc.ids["lena"], False, user=who)
        for e in db.scalars(select(EntityRow)):
            sc.entities[e.name] = e.id
        for c in db.scalars(select(CaseRow)):
            sc.cases[c.name] = c.id
    return sc


USERS = {"ed": ("editor", "ed-pass-1234"), "vi": ("viewer", "vi-pass-1234")}


def make_app(tmp_path, *, lift: bool = True):
    from protestwatch.serve import queries
    from protestwatch.serve.app import create_app
    from protestwatch.serve.settings import load_serve_settings
    from protestwatch.store import open_db, session_scope
    engine = open_db(str(tmp_path / "restricted.db"))
    sc = build(engine, lift=lift)
    with session_scope(engine) as db:
        for name, (role, pw) in USERS.items():
            queries.add_user(db, name, role, pw, by="fixtures")
    return create_app(load_serve_settings(secret_key="k"), engine=engine), sc


def login(client, name: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"csrf_token": token, "username": name, "password": USERS[name][1]},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)


ROLES = ("anonymous", "vi", "ed")


@contextmanager
def role_clients(app, **client_options):
    """One TestClient per role (anonymous, the viewer 'vi', the editor 'ed'), logged in, closed after."""
    from fastapi.testclient import TestClient
    out = {}
    try:
        for who in ROLES:
            c = TestClient(app, **client_options)
            c.__enter__()
            out[who] = c
            if who != "anonymous":
                login(c, who)
        yield out
    finally:
        for c in out.values():
            c.__exit__(None, None, None)

