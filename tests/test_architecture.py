"""The package keeps the shape docs/architecture.md describes: stages that import one way.

Data flows from documents to answers to the people asking: the shared base, then analysis (who
said what), the index on disk, ingest (which writes it) and answer (which reads it), then the one
`service` the interfaces share. Each rule below is read from the imports themselves (ast), so a
shortcut taken in a hurry fails here instead of slowly tangling the tree.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

# What each stage may import, besides itself. Modules directly under assistant/ other than
# service and cli are the shared base.
ALLOWED: dict[str, set[str]] = {
    "base": {"base"},
    "analysis": {"base"},
    "index": {"base", "analysis"},
    "ingest": {"base", "analysis", "index"},
    "answer": {"base", "analysis", "index"},
    "service": {"base", "analysis", "index", "ingest", "answer"},
    "cli": {"base", "service"},
    "http": {"base", "service"},
    "chat": {"base", "service"},
    "main": {"cli"},
}
INTERFACES = {"cli", "http", "chat", "main"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "base"  # the package's own __init__
    head = parts[1]
    if head in {"analysis", "index", "ingest", "answer", "http", "chat", "service", "cli"}:
        return head
    if head == "__main__":
        return "main"
    return "base"


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of import nodes under `if TYPE_CHECKING:`: names for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return skipped


def imports_of(path: Path) -> set[str]:
    """Every assistant module this file imports when it runs, at the top or in a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("assistant"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("assistant"):
                found.add(node.module)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {m: {i for i in imports_of(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def test_every_import_runs_with_the_stage_order():
    wrong = [
        f"{module} ({stage_of(module)}) imports {target} ({stage_of(target)})"
        for module, targets in GRAPH.items()
        for target in sorted(targets)
        if stage_of(target) != stage_of(module)
        and stage_of(target) not in ALLOWED[stage_of(module)]
    ]
    assert not wrong, "\n".join(wrong)


def test_nothing_imports_an_interface():
    wrong = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if stage_of(target) in INTERFACES
        and stage_of(target) != stage_of(module)
        and not (stage_of(module) == "main" and stage_of(target) == "cli")
    ]
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_back_through_others():
    cycles: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_functions_stay_readable(module: str):
    path = MODULES[module]
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{module} has {text.count(chr(10))} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{module}: " + ", ".join(long)


def test_the_rules_see_a_wrong_import():
    """The checker itself: an answer module importing ingest is caught."""
    assert stage_of("assistant.answer.chain") == "answer"
    assert "ingest" not in ALLOWED["answer"]
    assert stage_of("assistant.http.widget") not in ALLOWED["chat"]
    assert stage_of("assistant.config") == "base"
