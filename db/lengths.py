"""The length of every bounded text, defined once: the columns, the input shapes and the
OpenAPI document all read them from here (tests/unit/test_lengths.py compares them)."""

from __future__ import annotations

NAME = 200
"""A person's name: experts, focal points, users' full names, who validated a Fiche."""

SHORT_TEXT = 300
"""A one-line text: requester, endorser, institution, administration, titles, places."""

ACTION_TITLE = 400
"""An Action Fiche's title (longer than an Activity's)."""

EMAIL = 254
"""An e-mail address (RFC 5321's limit)."""

PHONE = 40
"""A telephone number as people write it (digits, spaces, +, -, parentheses)."""

CODE = 40
"""A reference-data code."""

LONG_TEXT = 20_000
"""A free text (summaries, reports, reasons, comments); the columns are unbounded TEXT."""
