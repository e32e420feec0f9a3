"""States are enum members outside their declarations: no state compared or set as a string.

The state names live once, in `workflow/<kind>/states.py`; everything else
names a member (`ActionState.PSC_REVIEW`) or asks for a tag
(`ActivityState.tagged("booked_on_actual_dates")`), so a renamed or retagged state
cannot leave a stale copy behind. Tests, migrations and the demo data files
may spell states out: they describe stored data.
"""

from __future__ import annotations

import ast
from pathlib import Path

from workflow.lifecycles import LIFECYCLES

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("workflow", "webui", "mieux", "notifications", "db", "bench")
STATE_NAMES = {state.value for lifecycle in LIFECYCLES.values() for state in lifecycle.states}
STATE_KEYWORDS = {"state", "from_state", "to_state", "before", "target"}


def _state_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in STATE_NAMES


def _all_states(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        node = node.args[0]  # frozenset({...}), tuple([...])
    if isinstance(node, ast.Dict):
        return len(node.keys) > 1 and all(k is not None and _state_constant(k) for k in node.keys)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_state_constant(e) for e in node.elts)
    return False


def _about_state(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return "state" in text or "target" in text


def offences(source: str) -> list[tuple[int, str]]:
    """(line, code) of each state spelt as a string where a member belongs."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            literal = any(_state_constant(s) or _all_states(s) for s in sides)
            if literal and any(_about_state(s) for s in sides):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if _all_states(node.value) or (
                _state_constant(node.value) and any(_about_state(t) for t in targets)
            ):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.keyword) and node.arg in STATE_KEYWORDS:
            if _state_constant(node.value) or _all_states(node.value):
                found.append((node.value.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Call) and any(_all_states(a) for a in node.args):
            found.append((node.lineno, ast.unparse(node)))
    return sorted(set(found))


def test_no_state_is_spelt_as_a_string_outside_its_declaration() -> None:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "states.py" and path.parent.parent.name == "workflow":
                continue
            problems = offences(path.read_text())
            if problems:
                found[str(path.relative_to(ROOT))] = problems
    assert found == {}


def test_the_check_sees_each_way_of_spelling_a_state() -> None:
    source = """
if action.state != "psc_review": pass
q = Action.state.in_(("held", "completed"))
activity.state = "cancelled"
HELD = ("held", "report_submitted", "completed")
ALLOWS = {"fiche_drafting": 1, "implementation": 2}
Request(state="received")
if target == "closed": pass
"""
    assert [line for line, _ in offences(source)] == [2, 3, 4, 5, 6, 7, 8]


def test_the_check_leaves_other_words_alone() -> None:
    source = """
READ_ONLY = {"evaluation", "activity_ids", "report"}
data = {"evaluation": 1}
status = "sent"
if action.state == ActionState.PSC_REVIEW: pass
"""
    assert offences(source) == []
