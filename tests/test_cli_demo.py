"""`protestwatch demo`: a busy port is found before the database is built; the temporary folder goes
away when the demo stops. Real processes, a real occupied socket, a real HTTP request."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def demo(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    return subprocess.Popen([sys.executable, "-m", "protestwatch", "demo", *args], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def leftovers(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("protestwatch-demo-*"))


def test_busy_port_is_reported_before_the_database_is_built(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = demo(tmp_path, "--port", str(port))
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "in use" in lines[0], err
    assert "protestwatch demo --port " in lines[0]  # says what to do, with a free port
    assert "extracting" not in err and "Traceback" not in err
    assert leftovers(tmp_path) == []


def test_demo_serves_then_removes_its_folder_on_ctrl_c(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = demo(tmp_path, "--port", str(port))
    try:
        deadline = time.monotonic() + 600  # a wait for the server, not a timing assertion
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.5)
        assert status == 200, proc.stderr.read() if proc.poll() is not None else "no answer"
        (folder,) = leftovers(tmp_path)
        assert (folder / "demo.db").is_file()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert leftovers(tmp_path) == []


def test_no_serve_keeps_the_database_it_prints(tmp_path):
    db = tmp_path / "kept.db"
    proc = demo(tmp_path, "--no-serve", "--db", str(db))
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert out.strip() == str(db) and db.is_file()
