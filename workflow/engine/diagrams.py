"""State diagrams (Mermaid) and a transition table, generated from the lifecycle definitions.

`python -m workflow.diagrams > docs/lifecycles.md` writes the documentation;
a test checks the file is current, so the docs cannot drift from the code.
"""

from __future__ import annotations

from workflow.engine.definition import Lifecycle
from workflow.lifecycles import LIFECYCLES


def mermaid(lifecycle: Lifecycle, current: str | None = None) -> str:
    """A Mermaid state diagram; `current` marks the state an object is in."""
    lines = ["stateDiagram-v2", f"    [*] --> {lifecycle.initial}"]
    for name, state in ((s.value, s) for s in lifecycle.states):
        lines.append(f"    {name} : {state.label}")
    for t in lifecycle.transitions.values():
        for source in t.sources:
            lines.append(f"    {source} --> {t.dest} : {t.trigger}")
    lines += [
        f"    {name} --> [*]" for name, s in ((s.value, s) for s in lifecycle.states) if s.terminal
    ]
    if current:
        lines += ["    classDef current fill:#ffd54f,stroke:#333", f"    class {current} current"]
    return "\n".join(lines)


def _guards(t: object) -> str:
    names = [getattr(g, "__name__", "guard") for g in getattr(t, "guards", ())]
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


def document() -> str:
    """The whole generated docs/lifecycles.md: a diagram and a table per lifecycle."""
    parts = [
        "# Lifecycles",
        "",
        "Generated from `workflow/` by `python -m workflow.diagrams`; do not edit by hand.",
    ]
    for kind, lifecycle in LIFECYCLES.items():
        parts += ["", f"## {kind.title()}", "", "```mermaid", mermaid(lifecycle), "```", ""]
        parts.append(table(lifecycle))
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(document(), end="")
