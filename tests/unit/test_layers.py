"""The layers: imports point down only (read from the source, not guessed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "workflow": {
        "flask",
        "wtforms",
        "flask_wtf",
        "flask_login",
        "apscheduler",
        "smtplib",
        "aiosmtpd",
        "webui",
        "notifications",
    },
    "db": {"workflow", "webui", "notifications", "flask", "apscheduler", "smtplib"},
    "webui": {"notifications"},
    "notifications": {"webui", "flask"},
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_from_the_layers_above_it(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_the_layer_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import flask\nfrom apscheduler.schedulers import background\n")
    assert imported_roots(module) == {"flask", "apscheduler"}


ADAPTERS = ("webui", "mieux", "notifications")
PUBLIC_SURFACE = {"workflow", "workflow.services"}


def workflow_imports(path: Path) -> set[str]:
    """The workflow modules a file imports (`from workflow import x` names `workflow.x`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "workflow"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "workflow":
                found |= {f"workflow.{alias.name}" for alias in node.names}
            elif node.module.split(".")[0] == "workflow":
                found.add(node.module)
    return found


@pytest.mark.parametrize("package", ADAPTERS)
def test_adapters_import_the_workflow_only_through_its_public_surface(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(workflow_imports(path) - PUBLIC_SURFACE)
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_surface_check_sees_a_reach_past_it(tmp_path: Path) -> None:
    module = tmp_path / "adapter.py"
    module.write_text(
        "from workflow import services, queries\nfrom workflow.engine.fire import fire\n"
        "import workflow.read.stats\n"
    )
    assert workflow_imports(module) - PUBLIC_SURFACE == {
        "workflow.queries",
        "workflow.engine.fire",
        "workflow.read.stats",
    }
