"""Typed errors carrying a Vietnamese message a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every expected failure in storage; str() is the Vietnamese message."""


class ValidationError(StorageError):
    """Bad input. `errors` maps a field name to its message (None for the whole form)."""

    def __init__(self, errors: dict[str | None, str] | str, field: str | None = None):
        if isinstance(errors, str):
            errors = {field: errors}
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))

    @property
    def field(self) -> str | None:
        return next(iter(self.errors))


class NotFoundError(StorageError):
    pass


class ConflictError(StorageError):
    """The record changed under us (version mismatch) or breaks a uniqueness rule."""


class DatabaseFileError(StorageError):
    """The file is missing, not a database, or from a newer version of the app."""
