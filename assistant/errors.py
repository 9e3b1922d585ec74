"""Errors meant for the accountant.

Everything derived from `RevrecError` is *bad input or bad configuration*: the CLI and the
page show its message as one line and carry on with the next contract. Anything else is a
defect in revrec and is allowed to raise loudly.
"""

from __future__ import annotations


class RevrecError(Exception):
    """Base class: the message is one line, written for the user, and contains no contract text."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self)


class DocumentLoadError(RevrecError):
    """A contract file could not be read: not a PDF, corrupt, encrypted, scanned, too large."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self) -> tuple[type[DocumentLoadError], tuple[str, str]]:
        # Raised in batch worker processes: must survive pickling back to the parent.
        return (type(self), (self.source, self.reason))


class SettingsError(RevrecError):
    """A setting or settings file is missing or wrong."""


class ExtractionError(RevrecError):
    """Terms could not be extracted from a document (e.g. the model failed after retries)."""


class CitationError(ValueError):
    """A quote does not occur in the text it claims to come from.

    A `ValueError` so that pydantic turns it into a validation error (and instructor re-asks).
    """
