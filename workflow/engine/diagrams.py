"""The lifecycles drawn by `transitions`' diagram support: Mermaid for the docs, SVG for the UI.

`python -m workflow.engine.diagrams` rewrites `docs/lifecycles.md` and the
SVGs under `webui/static/lifecycles/`; tests check both are current, so the
pictures cannot drift from the definitions. Drawing the SVG needs Graphviz's
`dot` (Debian's `graphviz`) and the `graphviz` package: build tools, not
needed to run the application.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any, Literal, cast

from transitions import State
from transitions.extensions import GraphMachine

from workflow.engine.definition import Lifecycle, name_of

FONT = "Helvetica,Arial,sans-serif"
Engine = Literal["graphviz", "mermaid"]


class _LabelledState(State):
    """A state that carries its label and end mark into the drawing."""

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label


class _DiagramMachine(GraphMachine):
    state_cls = _LabelledState


def diagram_machine(lifecycle: Lifecycle, engine: Engine, current: str | None = None) -> Any:
    """A GraphMachine built from the definition, standing in `current` (None: nowhere marked).

    The running Machine stays a plain one: a GraphMachine restyles a graph per
    model on every transition, a cost no fire should pay (docs/decisions.md).
    """
    machine = _DiagramMachine(
        states=[{"name": s.value, "label": s.label, "final": s.terminal} for s in lifecycle.states],
        transitions=[
            {
                "trigger": t.trigger,
                "source": [s.value for s in t.sources],
                "dest": t.dest.value,
                "label": t.label,
            }
            for t in lifecycle.transitions.values()
        ],
        initial=lifecycle.initial.value,
        auto_transitions=False,
        graph_engine=engine,
        title=f"{lifecycle.kind.title()} lifecycle",
    )
    for part in ("graph", "node", "edge"):
        if engine == "graphviz":  # Mermaid has its own fonts
            styles = cast(dict[str, dict[str, str]], machine.style_attributes[part])
            styles["default"]["fontname"] = FONT
    if current is not None:
        machine.set_state(current)
    return machine


def _graph(machine: Any, current: str | None) -> Any:
    graph = machine._get_graph(machine, force_new=True)
    if current is None:  # nothing marked: the Machine's own start state stays plain
        styling = machine.model_graphs[id(machine)]
        styling.reset_styling()
        graph = styling.get_graph(title=machine.title)
    return graph


def mermaid(lifecycle: Lifecycle, current: str | None = None) -> str:
    """The Mermaid state diagram; `current` marks the state an object is in."""
    machine = diagram_machine(lifecycle, "mermaid", current)
    text: str = _graph(machine, current).draw(None)
    # transitions writes a bare title between the front-matter fences; Mermaid wants `title:`.
    return text.replace(f"---\n{machine.title}\n---", f"---\ntitle: {machine.title}\n---", 1)


def svg(lifecycle: Lifecycle) -> str:
    """The lifecycle as an inline SVG whose states and transitions have stable ids.

    A state is `<g id="state-NAME" class="node state">`, a transition edge
    `<g id="transition-TRIGGER-SOURCE" class="edge transition" data-trigger=...>`,
    so the web UI marks the current state and the path taken with CSS classes.
    """
    graph = _graph(diagram_machine(lifecycle, "graphviz"), None)
    if not hasattr(graph, "pipe"):  # transitions fell back to Mermaid
        raise RuntimeError("Drawing the SVG needs the graphviz package and Graphviz's dot.")
    drawn = graph.pipe(format="svg").decode()
    drawn = drawn[drawn.index("<svg") :]  # inlined in a page: no XML prolog or doctype
    drawn = re.sub(r"<!--.*?-->\n?", "", drawn, flags=re.S)
    drawn = re.sub(
        r'<g id="node\d+" class="node">\n<title>(\w+)</title>',
        r'<g id="state-\1" class="node state" data-state="\1">\n<title>\1</title>',
        drawn,
    )
    return re.sub(r'<g id="edge\d+" class="edge">\n<title>(.*?)</title>', _edge(lifecycle), drawn)


def _edge(lifecycle: Lifecycle) -> Any:
    triggers = {
        (str(source), str(t.dest)): t.trigger
        for t in lifecycle.transitions.values()
        for source in t.sources
    }

    def rename(match: re.Match[str]) -> str:
        source, dest = html.unescape(match.group(1)).split("->")
        trigger = triggers[(source, dest)]
        return (
            f'<g id="transition-{trigger}-{source}" class="edge transition" '
            f'data-trigger="{trigger}" data-from="{source}" data-to="{dest}">\n'
            f"<title>{trigger}: {source} to {dest}</title>"
        )

    return rename


def _guards(t: object) -> str:
    names = [name_of(g) for g in getattr(t, "guards", ())]
    return ", ".join(n for n in names if not n.startswith("action_allows")) or "-"


def table(lifecycle: Lifecycle) -> str:
    """A Markdown table of the lifecycle's transitions: who fires them, guards, required data."""
    rows = ["| trigger | label | from | to | who | guards | requires |", "|" + "---|" * 7]
    for t in lifecycle.transitions.values():
        who = "the system" if t.system_only else ", ".join(sorted(t.roles))
        rows.append(
            f"| `{t.trigger}` | {t.label} | {', '.join(t.sources)} | {t.dest} | {who} "
            f"| {_guards(t)} | {', '.join(t.requires) or '-'} |"
        )
    return "\n".join(rows)


def states_table(lifecycle: Lifecycle) -> str:
    """A Markdown table of the states: value, label and tags."""
    rows = ["| state | label | tags |", "|---|---|---|"]
    rows += [
        f"| `{s}` | {s.label} | {', '.join(sorted(s.tags)) or '-'} |" for s in lifecycle.states
    ]
    return "\n".join(rows)


def document(lifecycles: dict[str, Lifecycle]) -> str:
    """The whole generated docs/lifecycles.md: a diagram and two tables per lifecycle."""
    parts = [
        "# Lifecycles",
        "",
        "Generated from the definitions in `workflow/` by `python -m workflow.engine.diagrams`;",
        "do not edit by hand. The web UI shows the same diagrams as SVG.",
    ]
    for kind, lifecycle in lifecycles.items():
        parts += ["", f"## {kind.title()}", "", "```mermaid", mermaid(lifecycle), "```", ""]
        parts += [states_table(lifecycle), "", table(lifecycle)]
    return "\n".join(parts) + "\n"


def write_all(root: Path) -> list[Path]:
    """Rewrite docs/lifecycles.md and the UI's SVGs under `root`; the paths written."""
    from workflow.lifecycles import LIFECYCLES  # the registry imports every lifecycle

    written = [root / "docs" / "lifecycles.md"]
    written[0].write_text(document(LIFECYCLES))
    for kind, lifecycle in LIFECYCLES.items():
        path = root / "webui" / "static" / "lifecycles" / f"{kind}.svg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg(lifecycle))
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()):
        print(written)
