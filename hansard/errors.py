"""Errors a user can act on.

The CLI prints these as one line (no traceback) and exits with ``exit_code``: 2 for a usage error
(the user asked for something malformed), 1 for a failure (the request was fine, the work failed).
"""

from __future__ import annotations


class HansardError(Exception):
    """A failure the user can understand and act on; the message names what and how to fix it."""

    exit_code = 1


class UsageError(HansardError):
    """The request itself is malformed: a bad date, an unknown field, an unbalanced quote."""

    exit_code = 2


class ParseError(HansardError):
    """A page is not a Hansard debate page, or is too broken to read."""
