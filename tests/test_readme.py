"""README.md on a fresh clone: every command and Python example in it runs in a copy of the tracked
files with nothing beside it (no ../shared), except the two setup commands for a fresh machine."""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SETUP = ("pip install -e . && protestwatch demo", "bash scripts/test.sh")


def readme_blocks(text: str) -> tuple[list[str], list[str]]:
    """(shell commands, Python snippets): 4-space indented lines and ```sh/```python fences."""
    commands, snippets = [], []
    fence, body = None, []
    for line in text.splitlines():
        if fence is not None:
            if not line.startswith("```"):
                body.append(line)
                continue
            if fence == "python":
                snippets.append("\n".join(body))
            elif fence in ("sh", "bash", "shell", "console"):
                commands.extend(b.strip() for b in body if b.strip())
            fence, body = None, []
        elif line.startswith("```"):
            fence = line[3:].strip()
        elif line.startswith("    ") and line.strip():
            commands.append(line.strip())
    return commands, snippets


def tracked_copy(dest: Path) -> Path:
    """Copy the files git tracks (as they are in the working tree) into dest: a fresh clone's content."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the git checkout to know which files are tracked")
    names = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, names.decode().split("\0")):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    root = tmp_path_factory.mktemp("fresh")  # nothing beside the copy: no ../shared, no database
    repo = tracked_copy(root / "protestwatch")
    shims = root / "bin"
    shims.mkdir()
    shim = shims / "protestwatch"  # the installed command, running the copy's code
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m protestwatch "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROTESTWATCH_")}
    env.update(PYTHONPATH=str(repo), PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}")
    return repo, env


def test_readme_keeps_exactly_the_two_setup_commands():
    commands, _ = readme_blocks(README.read_text(encoding="utf-8"))
    setup = [c for c in commands if "pip install" in c or "scripts/" in c]
    assert setup == list(SETUP)


def test_readme_commands_run_on_a_fresh_clone(clone):
    repo, env = clone
    where = subprocess.run([sys.executable, "-c", "import protestwatch; print(protestwatch.__file__)"],
                           env=env, cwd=repo, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(repo)  # the copy's code runs, not an installed one
    commands, _ = readme_blocks(README.read_text(encoding="utf-8"))
    commands = [c for c in commands if c not in SETUP]
    assert len(commands) >= 3
    for command in commands:
        run = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], env=env, cwd=repo,
                             capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, f"{command}\n{run.stderr}"
        assert "Traceback" not in run.stderr and "warning:" not in run.stderr, f"{command}\n{run.stderr}"


def test_readme_python_examples_run_on_a_fresh_clone(clone, tmp_path):
    repo, env = clone
    _, snippets = readme_blocks(README.read_text(encoding="utf-8"))
    assert len(snippets) >= 2
    for i, code in enumerate(snippets):
        script = tmp_path / f"snippet{i}.py"
        script.write_text(code, encoding="utf-8")
        run = subprocess.run([sys.executable, str(script)], env=env, cwd=repo, capture_output=True,
                             text=True, timeout=900)
        assert run.returncode == 0, f"{code}\n{run.stderr}"
        assert run.stdout.strip(), code  # each example prints what it found


def test_readme_links_point_to_tracked_files(clone):
    repo, _ = clone
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)\)", text)
    local = [link for link in links if "://" not in link]
    assert local and all((repo / link).is_file() for link in local), local
    assert "TEAM.md" not in text
