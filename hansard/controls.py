"""Terminal control characters in page text: removed when read, escaped when shown.

A page (or an import) can carry C0/C1 control characters: an escape sequence that clears the
screen or retitles the window, a bell, a NUL. They carry no words, so parsers drop them (and
say how many, see :func:`strip`), and everything printed to a terminal passes through
:class:`TerminalSafe`, which shows any that remain (an archive made before this rule) as
``\\x1b``-style escapes instead of obeying them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import IO, Any, TypeVar

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline, DEL, and C1 controls (U+0080-U+009F, 8-bit CSI among them)."""

_UNSAFE = re.compile(r"\x1b\[[0-9;]*m|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""What a terminal would obey; colour (SGR) sequences pass, since rich draws with them."""

_SHOWN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

R = TypeVar("R")


def strip(text: str) -> tuple[str, int]:
    """``text`` without control characters, and how many were removed."""
    cleaned, count = CONTROL.subn("", text)
    return cleaned, count


def strip_record(record: R) -> tuple[R, int]:
    """A frozen record (a Turn) with control characters removed from every text field."""
    changes: dict[str, Any] = {}
    removed = 0
    for field in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        if isinstance(value, str) and CONTROL.search(value):
            changes[field.name], count = strip(value)
            removed += count
    return (dataclasses.replace(record, **changes) if changes else record), removed  # type: ignore[type-var]


def escape(text: str, keep_colour: bool = False) -> str:
    """Control characters shown, not obeyed: ESC becomes the four characters ``\\x1b``.

    ``keep_colour`` lets colour (SGR) sequences through, for the terminal that rich draws on.
    """
    if keep_colour:
        return _UNSAFE.sub(_escaped, text)
    return _SHOWN.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) > 1:  # a colour sequence
        return found
    return f"\\x{ord(found):02x}"


class TerminalSafe:
    """A text stream for a terminal that escapes control characters it is given.

    Installed over stdout and stderr when they are terminals (``hansard.cli.main``), so every
    command and format is covered at once: show, quote, search, facets, md, csv.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape(text, keep_colour=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
