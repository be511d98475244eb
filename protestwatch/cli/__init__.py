"""The `protestwatch` command: one thin Typer command per stage, each in its own module.

Heavy libraries are imported inside command bodies so `protestwatch --help` stays instant.
"""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news reports into verifiable protest, detention and court event records.")

@app.callback()
def _root() -> None:
    """Turn news reports into verifiable protest, detention and court event records."""


# Each module adds its commands to `app` when imported.
COMMAND_MODULES = ("extract", "evaluate", "store", "web", "info", "watch")


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise


def main() -> None:
    _load_commands()
    app()
