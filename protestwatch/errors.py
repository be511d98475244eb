"""Exceptions whose messages name the input and say what went wrong, in one line."""


class ProtestwatchError(Exception):
    """Base class of the errors protestwatch reports to users."""


class InputError(ProtestwatchError):
    """An input could not be read as an article; the message names the input."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class ModelError(ProtestwatchError):
    """The configured spaCy model is not installed."""
