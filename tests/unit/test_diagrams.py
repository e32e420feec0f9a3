"""The diagrams and docs are generated from the definitions and kept current."""

from pathlib import Path

from workflow.engine.diagrams import document, mermaid
from workflow.lifecycles import LIFECYCLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "lifecycles.md"


def test_docs_lifecycles_md_is_generated_from_the_current_definitions() -> None:
    assert DOC.read_text() == document(), "run: python -m workflow.diagrams > docs/lifecycles.md"


def test_the_diagram_has_every_edge_and_marks_the_current_state() -> None:
    diagram = mermaid(LIFECYCLES["activity"], current="held")
    assert "    scheduled --> held : mark_held" in diagram
    assert "    report_submitted --> held : return_report" in diagram
    assert diagram.endswith("class held current")
    edges = sum(len(t.sources) for t in LIFECYCLES["activity"].transitions.values())
    assert diagram.count(" --> ") == edges + 1 + 2  # + the start and the two terminal states
