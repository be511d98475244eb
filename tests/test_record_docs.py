"""`protestwatch schema` and docs/record.md agree with the models in protestwatch/records.py.

Everything is derived from the models: a field or value added there must be documented here.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from protestwatch.cli.info import document_schema
from protestwatch.vocab import ROLES, SUBTYPES

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "record.md").read_text(encoding="utf-8")


def section(name: str) -> str:
    """The text of the level-2 section whose heading names `name`, up to the next level-2 heading."""
    match = re.search(rf"^## [^\n]*\b{re.escape(name)}\b[^\n]*\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/record.md has no section for {name}"
    return match.group(1)


def objects(schema: dict) -> dict[str, dict]:
    """{model name: its properties} for the document and every model it uses."""
    found = {"Result": schema["properties"]}
    found.update({name: d["properties"] for name, d in schema["$defs"].items() if "properties" in d})
    return found


def enum_values(node) -> set[str]:
    """Every enumerated value anywhere in the schema (enum classes and Literal fields alike)."""
    values = set()
    if isinstance(node, dict):
        values.update(v for v in node.get("enum", ()) if isinstance(v, str))
        if isinstance(node.get("const"), str):
            values.add(node["const"])
        for child in node.values():
            values |= enum_values(child)
    elif isinstance(node, list):
        for child in node:
            values |= enum_values(child)
    return values


SCHEMA = document_schema()


@pytest.mark.parametrize("model", sorted(objects(SCHEMA)))
def test_every_field_is_documented_in_its_section(model):
    text = section(model)
    missing = [field for field in objects(SCHEMA)[model] if f"`{field}`" not in text]
    assert not missing, f"docs/record.md, section {model}: undocumented fields {missing}"


def test_every_value_is_documented():
    values = enum_values(SCHEMA) | {v for vs in SUBTYPES.values() for v in vs} \
        | {v for vs in ROLES.values() for v in vs} | set(SUBTYPES)
    assert values >= {"protest", "asserted", "day", "city", "person", "fine"}  # the walk found the enums
    missing = sorted(v for v in values if f"`{v}`" not in DOC)
    assert not missing, f"docs/record.md does not name these values: {missing}"


def test_scope_is_documented_with_its_values():
    text = section("Event")
    scope = text[text.index("### Scope"):]
    assert "`scope`" in text and "`political`" in scope and "`ordinary`" in scope


def test_schema_command_prints_draft_2020_12():
    run = subprocess.run([sys.executable, "-m", "protestwatch", "schema"], capture_output=True, text=True,
                         cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=True)
    schema = json.loads(run.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == json.loads(json.dumps(SCHEMA))
    assert set(schema["properties"]) == {"article", "events", "entities", "quotes", "chains", "extractor"}


def test_a_real_result_validates_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from protestwatch.samples import sample_path

    sample = json.loads(sample_path("karpovich-sentenced").read_text(encoding="utf-8"))
    import protestwatch

    document = protestwatch.extract(sample["text"], published=sample["published"]).to_json()
    assert document["events"]  # something to check
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    broken = {**document, "events": [{**document["events"][0], "modality": "rumoured"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(broken)
