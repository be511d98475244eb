"""Every command's --help works, in-process and without loading spaCy, the database or the web app."""
from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from protestwatch.cli import COMMAND_MODULES, _load_commands, app

HEAVY = ("spacy", "sqlalchemy", "fastapi", "uvicorn", "trafilatura", "dateparser", "playwright")


def _command_paths() -> list[tuple[str, ...]]:
    """Every command path: (), ("extract",), ("user",), ("user", "add"), ..."""
    _load_commands()
    paths = []

    def walk(cmd, path: tuple[str, ...]) -> None:
        paths.append(path)
        if getattr(cmd, "commands", None):  # a group (typer may ship its own click)
            for name in sorted(cmd.commands):
                walk(cmd.commands[name], path + (name,))

    walk(typer.main.get_command(app), ())
    return paths


PATHS = _command_paths()


def test_every_command_module_registers_commands():
    assert len(PATHS) > len(COMMAND_MODULES), PATHS
    top = {p[0] for p in PATHS if p}
    assert {"extract", "eval"} <= top, sorted(top)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "protestwatch")
def test_help_works(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    words = " ".join(path)
    assert words in result.output if path else "Commands" in result.output


def test_every_command_has_help_text():
    root = typer.main.get_command(app)
    missing = []
    for path in PATHS[1:]:
        cmd = root
        for name in path:
            cmd = cmd.commands[name]
        if not (cmd.help or cmd.short_help or "").strip():
            missing.append(" ".join(path))
    assert not missing, f"commands without help text: {missing}"


def test_help_imports_no_heavy_library():
    """`protestwatch --help` must stay instant: heavy libraries load inside command bodies."""
    code = ("import sys; from protestwatch.cli import _load_commands, app; _load_commands();"
            "from typer.testing import CliRunner; r = CliRunner().invoke(app, ['--help']);"
            f"print(r.exit_code, sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "0", out.stdout
    assert out.stdout.strip().endswith("[]"), f"--help imported {out.stdout.strip()}"


def test_python_m_protestwatch_help():
    out = subprocess.run([sys.executable, "-m", "protestwatch", "--help"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "extract" in out.stdout
