"""Named errors. Each message says what is wrong and how to fix it; codes ([E101]) are searchable."""

from __future__ import annotations


class EventcodeError(Exception):
    """Base class of every error eventcode raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class InputError(EventcodeError):
    """A document could not be read: the message names the file (and line) and the problem."""

    code = "E101"


class DictionaryError(EventcodeError):
    """A dictionary line is invalid: the message names file, line and the reason."""

    code = "E201"

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path}:{line}: {reason} (see docs/dictionaries.md for the format)")


class ConfigError(EventcodeError):
    """An option or configuration value is invalid."""

    code = "E301"


class OutputError(EventcodeError):
    """An output could not be written (folder not writable, unknown format)."""

    code = "E401"


class SchemaDriftError(EventcodeError):
    """The committed JSON Schemas differ from what the models generate now."""

    code = "E501"


class MissingDependencyError(EventcodeError):
    """An optional feature needs a package that is not installed; the message names the extra."""

    code = "E601"


class StrictStopError(EventcodeError):
    """``--strict``: a document failed, so the run stopped and wrote nothing."""

    code = "E302"

    def __init__(self, first_error: str) -> None:
        self.first_error = first_error
        super().__init__("stopped at the first failed document (--strict); nothing was written")
