"""The diagrams and docs are drawn from the definitions and kept current.

The SVGs are compared by their states and transitions, not byte for byte:
another Graphviz version may place them differently and still be right.
"""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workflow.engine.diagrams import document, mermaid, svg
from workflow.lifecycles import LIFECYCLES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "lifecycles.md"
SVG = ROOT / "webui" / "static" / "lifecycles"
REDRAW = "run: python -m workflow.engine.diagrams"


def drawn_ids(text: str) -> tuple[set[str], set[str]]:
    """The ids of the states and of the transitions in an SVG."""
    groups = ET.fromstring(text).iter("{http://www.w3.org/2000/svg}g")
    ids = [g.get("id", "") for g in groups]
    return {i for i in ids if i.startswith("state-")}, {
        i for i in ids if i.startswith("transition-")
    }


def defined_ids(kind: str) -> tuple[set[str], set[str]]:
    lifecycle = LIFECYCLES[kind]
    states = {f"state-{s}" for s in lifecycle.states}
    moves = {
        f"transition-{t.trigger}-{s}" for t in lifecycle.transitions.values() for s in t.sources
    }
    return states, moves


def test_docs_lifecycles_md_is_generated_from_the_current_definitions() -> None:
    assert DOC.read_text() == document(LIFECYCLES), REDRAW


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_each_committed_svg_has_every_state_and_transition_and_no_other(kind: str) -> None:
    assert drawn_ids((SVG / f"{kind}.svg").read_text()) == defined_ids(kind), REDRAW


@pytest.mark.parametrize("kind", sorted(LIFECYCLES))
def test_the_committed_svg_matches_a_fresh_drawing(kind: str) -> None:
    if shutil.which("dot") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Graphviz's dot is missing (scripts/run-tests installs it)")
        pytest.skip("Graphviz's dot is not installed")
    fresh = svg(LIFECYCLES[kind])
    assert drawn_ids(fresh) == drawn_ids((SVG / f"{kind}.svg").read_text()), REDRAW
    assert "<?xml" not in fresh and "<!DOCTYPE" not in fresh  # ready to inline in a page


def test_a_transition_edge_names_its_trigger_and_states() -> None:
    text = (SVG / "activity.svg").read_text()
    assert (
        '<g id="transition-mark_held-scheduled" class="edge transition" '
        'data-trigger="mark_held" data-from="scheduled" data-to="held">'
    ) in text
    assert '<g id="state-held" class="node state" data-state="held">' in text


def test_the_mermaid_diagram_has_every_edge_and_marks_the_current_state() -> None:
    diagram = mermaid(LIFECYCLES["activity"], current="held")
    assert "  scheduled --> held: Mark as held" in diagram
    assert "  report_submitted --> held: Return the report" in diagram
    assert "  Class held s_active" in diagram
    assert "  Class planned s_default" in diagram
    assert diagram.startswith("---\ntitle: Activity lifecycle\n---\nstateDiagram-v2")
    edges = {(s, t.dest) for t in LIFECYCLES["activity"].transitions.values() for s in t.sources}
    assert diagram.count(" --> ") == len(edges) + 1  # + the start
