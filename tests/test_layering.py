"""The package's import graph stays a tree of layers: no module imports itself back through others, no face
(the chat API, the Slack/DingTalk channels, the CLI) imports another face, and nothing below the faces imports one.

Only the composition root (`copilot.app`, which mounts the HTTP faces into one app) may import faces.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("copilot", "tools", "evals", "prompts")
FACES = {
    "api": ("copilot.api",),
    "channels": ("copilot.channels",),
    "cli": ("copilot.cli", "copilot.chat_cli"),
}
COMPOSITION_ROOTS = frozenset({"copilot.app"})


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every name imported anywhere in the module (lazy imports inside functions included)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    modules = _modules()

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {owner(name) for name in _imported(tree, module, path.name == "__init__.py")}
        graph[module] = {t for t in targets if t and t != module and not module.startswith(f"{t}.")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def face_of(module: str) -> str | None:
    """The face `module` belongs to, or None for the shared and domain layers."""
    for face, prefixes in FACES.items():
        if any(module == prefix or module.startswith(f"{prefix}.") for prefix in prefixes):
            return face
    return None


def face_violations(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a face from outside it (another face, or a shared/domain module), bar the roots'."""
    found = []
    for module in sorted(graph):
        if module in COMPOSITION_ROOTS:
            continue
        mine = face_of(module)
        for target in sorted(graph[module]):
            theirs = face_of(target)
            if theirs is not None and theirs != mine:
                found.append(f"{module} ({mine or 'domain'}) imports {target} ({theirs} face)")
    return found


def test_no_import_circle_in_the_package():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_face_imports_another_face_and_no_domain_module_imports_a_face():
    assert face_violations(import_graph()) == []


def test_the_face_check_finds_a_face_importing_another():
    graph = {
        "copilot.app": {"copilot.api.routes", "copilot.channels"},
        "copilot.api.routes": {"copilot.web.deps"},
        "copilot.channels.slack": {"copilot.api.deps", "copilot.channels.common"},
        "copilot.cli": {"copilot.chat_cli", "copilot.channels.digest"},
        "copilot.store.db": {"copilot.api.keys"},
    }
    assert face_violations(graph) == [
        "copilot.channels.slack (channels) imports copilot.api.deps (api face)",
        "copilot.cli (cli) imports copilot.channels.digest (channels face)",
        "copilot.store.db (domain) imports copilot.api.keys (api face)",
    ]
