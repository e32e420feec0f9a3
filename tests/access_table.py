"""The access-control tables of docs/security.md, parsed: what each role should meet.

The tables are written by hand from the lifecycles (not generated from the code),
so the test that drives them compares the application with an independent statement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

SECURITY_MD = Path(__file__).resolve().parent.parent / "docs" / "security.md"
ROLES = ("staff", "psc", "focal_point", "expert", "admin", "anonymous")
OUTCOMES = {"ok", "403", "404", "login"}


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # with {placeholders}
    expected: dict[str, str]  # role -> outcome
    line: int


@dataclass(frozen=True)
class TriggerRow:
    trigger: str
    target: str  # a placeholder, e.g. "{action}"
    expected: dict[str, str]
    line: int


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def _table(name: str) -> list[tuple[int, list[str]]]:
    """The body rows of the table after `<!-- access-table:NAME -->`, with line numbers."""
    lines = SECURITY_MD.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"<!-- access-table:{name} -->")
    rows = []
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if not line.startswith("|"):
            break
        rows.append((number, _cells(line)))
    _header, rule, *body = rows
    assert set(rule[1][0]) <= set("-:"), f"docs/security.md:{rule[0]}: not a table's rule"
    return body


def _expected(number: int, cells: list[str]) -> dict[str, str]:
    expected = dict(zip(ROLES, cells, strict=True))
    unknown = set(expected.values()) - OUTCOMES
    assert not unknown, f"docs/security.md:{number}: unknown outcome(s) {unknown}"
    return expected


def routes() -> list[Row]:
    found = []
    for number, cells in _table("routes"):
        method, _, path = cells[0].partition(" ")
        found.append(Row(method, path, _expected(number, cells[1:]), number))
    return found


def triggers() -> list[TriggerRow]:
    return [
        TriggerRow(cells[0], cells[1], _expected(number, cells[2:]), number)
        for number, cells in _table("triggers")
    ]


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(path: str, ids: Mapping[str, object]) -> str:
    return PLACEHOLDER.sub(lambda m: str(ids[m.group(1)]), path)
