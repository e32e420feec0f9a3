"""The lifecycle's SVG, inlined in an object page with its current state and path marked.

The SVGs are drawn at build time (`python -m workflow.engine.diagrams`) with a
stable id per state and transition; marking is adding CSS classes to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from markupsafe import Markup

from db.models import HistoryEntry

FOLDER = Path(__file__).parent / "static" / "lifecycles"


@cache
def _drawing(kind: str) -> str:
    return (FOLDER / f"{kind}.svg").read_text()


def marked(kind: str, current: str, history: Sequence[HistoryEntry]) -> Markup:
    """The SVG with the states visited, the transitions taken and the current state marked."""
    svg = _drawing(kind)
    moves = [(h.trigger, h.from_state) for h in history if h.from_state and h.to_state]
    for trigger, source in set(moves):
        svg = svg.replace(
            f'id="transition-{trigger}-{source}" class="edge transition"',
            f'id="transition-{trigger}-{source}" class="edge transition mieux-taken"',
        )
    visited = {h.from_state for h in history} | {h.to_state for h in history}
    for state in visited - {None, current}:
        svg = svg.replace(
            f'class="node state" data-state="{state}"',
            f'class="node state mieux-visited" data-state="{state}"',
        )
    svg = svg.replace(
        f'class="node state" data-state="{current}"',
        f'class="node state mieux-current" data-state="{current}"',
    )
    label = f"Diagram of the {kind} lifecycle; the text beside it says the same."
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    return Markup(svg)  # our own build output, not user input


def path_taken(history: Sequence[HistoryEntry]) -> list[str]:
    """The states the object went through, in order (the diagram's text equivalent)."""
    states = [h.to_state for h in history if h.to_state and h.to_state != h.from_state]
    return [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s]
