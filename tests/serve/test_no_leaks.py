"""The proof for issue 15: walk every route of the app (every GET of the OpenAPI spec, every HTML
page, every form POST) as anonymous, viewer and editor, over a store with restricted articles,
reports, incidents and cases (reports linked after the restriction, an article shared between a
restricted and a public incident, a merge, a rejection, a lifted restriction).

- Anonymous and viewer responses never contain a restricted name, codeword or URL (`SECRETS`),
  whatever the ids (every id that exists, and a few past the end) and the parameters.
- Editors do receive every one of them somewhere (so the walk can fail).
- No response is a 5xx, with hostile parameters: NUL and control characters, huge numbers,
  huge strings, full-text syntax, markup, unicode.
"""
from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from .restricted_data import ROLES, SECRETS, make_app, role_clients

HOSTILE = ("\x00", "rally\x00", "\x1b[2J", str(2**64), "-1", "9" * 40, "0", "a" * 60_000, "🙂" * 2_000,
           "\u202eZEBRA1 ﷽ ℌ𝔢𝔩𝔩𝔬", '"unterminated', "NEAR(a b) OR * AND NOT ^", "%_%\\", "<script>alert(1)</script>",
           "Secret Witness", "ZEBRA1", "2021-13-45", "")
HOSTILE_PATH = ("0", "-1", str(2**63), str(2**64), "9" * 40, "abc", "1.5", "%00", "١", "🙂")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("walk"))


@pytest.fixture(scope="module")
def clients(world):
    with role_clients(world[0], raise_server_exceptions=False) as out:
        yield out


def _routes(app, method: str) -> list[APIRoute]:
    """Every APIRoute of the app, including those of included routers (however FastAPI nests them)."""
    out, todo = [], list(app.routes)
    while todo:
        r = todo.pop(0)
        if isinstance(r, APIRoute):
            if method in r.methods:
                out.append(r)
        elif getattr(r, "original_router", None) is not None:
            todo.extend(r.original_router.routes)
        elif getattr(r, "routes", None) and not getattr(r, "path", "").startswith("/static"):
            todo.extend(r.routes)
    return out


def _ids(world) -> dict[str, list[int]]:
    from sqlalchemy import func, select

    from protestwatch.store import session_scope
    from protestwatch.store.tables import AlertRow, CaseRow, EntityRow, IncidentRow
    app, _ = world
    with session_scope(app.state.engine, write=False) as db:
        top = {name: (db.scalar(select(func.max(t.id))) or 0) for name, t in
               (("incident_id", IncidentRow), ("case_id", CaseRow), ("entity_id", EntityRow),
                                                             ("alert_id", AlertRow))}
    return {name: list(range(1, n + 3)) for name, n in top.items()}


def _paths(route: APIRoute, ids: dict[str, list[int]]) -> list[str]:
    names = re.findall(r"{(\w+)}", route.path)
    if not names:
        return [route.path]
    assert len(names) == 1, route.path
    return [route.path.replace("{%s}" % names[0], str(i)) for i in ids[names[0]]]


def _query_params(route: APIRoute) -> list[str]:
    names, todo = set(), [route.dependant]
    while todo:
        d = todo.pop()
        names.update(p.alias for p in d.query_params)
        todo.extend(d.dependencies)
    return sorted(names)


class Walk:
    def __init__(self, client, who: str):
        self.client, self.who, self.seen, self.bodies = client, who, 0, []

    def get(self, path: str, **params):
        r = self.client.get(path, params=params or None, follow_redirects=False)
        self.check(r, f"GET {path} {_short(params)}", params.values())
        return r

    def post(self, path: str, data: dict):
        r = self.client.post(path, data=data, follow_redirects=False)
        self.check(r, f"POST {path} {_short(data)}", data.values())
        return r

    def check(self, r, where: str, sent=()) -> None:
        self.seen += 1
        assert r.status_code < 500, f"{self.who}: {where} -> {r.status_code}"
        assert "content-security-policy" in r.headers, f"{self.who}: {where} has no security headers"
        body = r.text + " " + r.headers.get("location", "")
        if self.who == "ed":
            self.bodies.append(body)
            return
        body = _without_echo(body, sent)
        for secret in SECRETS:
            assert secret not in body, f"{self.who}: {secret!r} leaked by {where}"


def _without_echo(body: str, sent) -> str:
    """What the caller sent may come back in the form it filled (the search box); that is no leak."""
    import html
    import json
    from urllib.parse import quote, quote_plus
    for value in sent:
        if isinstance(value, str) and value:
            for form in {value, html.escape(value), html.escape(value, quote=False), quote(value), quote_plus(value),
                         json.dumps(value)[1:-1]}:
                body = body.replace(form, "")
    return body


def _short(params: dict) -> str:
    return repr({k: (v[:20] + "..." if isinstance(v, str) and len(v) > 20 else v) for k, v in params.items()})


@pytest.mark.parametrize("who", ROLES)
def test_every_get_route_with_every_id(world, clients, who):
    app, _ = world
    ids = _ids(world)
    walk = Walk(clients[who], who)
    spec_paths = set(app.openapi()["paths"])
    routes = _routes(app, "GET")
    assert {r.path for r in routes if r.include_in_schema} == spec_paths  # the spec lists every API route
    for route in routes:
        for path in _paths(route, ids):
            walk.get(path)
        if "{" in route.path:
            for bad in HOSTILE_PATH:
                walk.get(re.sub(r"{\w+}", bad, route.path))
    for fmt in ("jsonl", "geojson", "acled-csv", "plover-json"):
        walk.get("/api/export", format=fmt)
        walk.get("/api/export", format=fmt, person="Secret Witness")
        walk.get("/api/export", format=fmt, q="ZEBRA3")
    assert walk.seen > 100
    if who == "ed":
        everything = "\n".join(walk.bodies)
        missing = [s for s in SECRETS if s not in everything]
        assert not missing, f"editors should see {missing}: the walk would prove nothing"


# One parameter at a time gets these; every parameter at once gets all of HOSTILE.
HOSTILE_ONE = ("\x00", str(2**64), "9" * 40, "a" * 60_000, "🙂" * 500, '"unterminated', "NEAR(a b) OR * AND NOT ^",
               "%_%\\", "Secret Witness")


@pytest.mark.parametrize("who", ("anonymous", "ed"))
def test_hostile_parameters_on_every_get_route(world, clients, who):
    app, sc = world
    walk = Walk(clients[who], who)
    one_at_a_time = HOSTILE_ONE if who == "anonymous" else ()
    sample = {"incident_id": sc.ids["paula"], "case_id": sc.cases["Public Paula"],
              "entity_id": sc.entities["Public Paula"], "alert_id": 1}
    for route in _routes(app, "GET"):
        path = re.sub(r"{(\w+)}", lambda m: str(sample[m.group(1)]), route.path)
        for name in _query_params(route):
            for value in one_at_a_time:
                walk.get(path, **{name: value})
        for value in [v for v in HOSTILE if len(v) <= 1000]:  # every parameter at once (the client caps URLs at 64 KB)
            walk.get(path, **{name: value for name in _query_params(route)})


def test_every_form_post_refuses_hostile_input_without_5xx(world, clients):
    """Form posts as an editor with a valid CSRF token and hostile ids and values: refused, never a
    500, and nothing changes for the public."""
    app, sc = world
    client = clients["ed"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/events").text).group(1)
    walk = Walk(client, "ed")
    for route in _routes(app, "POST"):
        if route.path in ("/login", "/logout"):
            continue
        for bad in HOSTILE_PATH:
            walk.post(re.sub(r"{\w+}", bad, route.path), {"csrf_token": token})
        path = route.path.replace("{incident_id}", str(sc.ids["rejected"]))
        for value in HOSTILE[:9]:
            if route.path.endswith(("/accept", "/reject")):
                continue  # no fields: the state change itself is tested elsewhere
            walk.post(path, {"csrf_token": token, "other": value, "report": value, "field": value,
                             "value": value, "restricted": value})
    anon = Walk(clients["anonymous"], "anonymous")
    for value in ("\x00", "a" * 60_000, str(2**64), "🙂"):
        anon.post("/login", {"csrf_token": "x", "username": value, "password": value, "next": value})
    for page in ("/events", "/api/events?per_page=500", "/api/export?format=jsonl"):
        anon.get(page)


def test_search_and_filters_are_no_oracle(world, clients):
    """Filtering by a restricted name or codeword finds nothing for the public: the same empty
    answer as for a name that does not exist."""
    for who in ("anonymous", "vi"):
        c = clients[who]
        nothing = c.get("/api/events", params={"person": "Nobody Atall"}).json()
        for params in ({"person": "Secret Witness"}, {"person": "Shared Secret"}, {"q": "ZEBRA1"}, {"q": "ZEBRA3"},
                       {"q": "secret.example"}, {"person": "Hidden Hanna"}, {"person": "Case Carla"}):
            assert c.get("/api/events", params=params).json() == nothing, params
            assert c.get("/api/map", params=params).json()["features"] == [], params
