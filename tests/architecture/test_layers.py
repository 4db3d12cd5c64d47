"""The import layers of ``monitor``: each stage imports only the stages before it.

The rule is read from the code itself (every ``import`` and ``from ... import`` in every
module, function-level ones included), so a cycle hidden inside a function fails here too.
The allowed table is the one ``docs/architecture.md`` draws; change both together.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MONITOR = ROOT / "monitor"

# package -> the monitor packages it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "nlp": {"core"},
    "ui": {"core"},
    "store": {"core", "nlp"},
    "migrations": {"core", "store"},
    "ops": {"core", "nlp", "store"},
    "ingest": {"core", "nlp", "store", "ops"},
    "analysis": {"core", "nlp", "store", "ops"},
    "collect": {"core", "nlp", "store", "ops", "ingest"},
    "demo": {"core", "nlp", "store", "ops", "ingest", "analysis"},
    "quality": {"core", "nlp", "store", "ops", "ingest", "analysis", "collect", "demo"},
    "notify": {"core", "nlp", "store", "ops", "analysis", "ui"},
    "commands": {
        "core",
        "nlp",
        "store",
        "ops",
        "ingest",
        "analysis",
        "collect",
        "demo",
        "quality",
        "ui",
        "notify",
    },
    # the entry points at the top of the package
    "cli": {"core", "commands"},
    "__main__": {"cli"},
    "__init__": set(),
}
FORBIDDEN_THIRD_PARTY = ("streamlit",)  # the library never draws: pages do


def _package_of(path: Path) -> str:
    rel = path.relative_to(MONITOR)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[int, str]]:
    """Absolute dotted names imported by a module (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # the package the module sits in (for an __init__, the package itself)
    here = ["monitor", *path.relative_to(MONITOR).with_suffix("").parts][:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # "from monitor.analysis import spikes" imports the module monitor.analysis.spikes
            found.extend((node.lineno, f"{module}.{a.name}") for a in node.names)
    return found


def _modules() -> list[Path]:
    return sorted(p for p in MONITOR.rglob("*.py") if "__pycache__" not in p.parts)


def _violations() -> list[str]:
    bad: list[str] = []
    for path in _modules():
        pkg = _package_of(path)
        allowed = ALLOWED.get(pkg)
        rel = path.relative_to(ROOT)
        if allowed is None:
            bad.append(f"{rel}: package {pkg!r} has no row in the layer table")
            continue
        for line, name in _imports(path):
            top = name.split(".")[0]
            if top in FORBIDDEN_THIRD_PARTY:
                bad.append(f"{rel}:{line}: imports {name} (no Streamlit in the library)")
            if top in ("app", "app_pages", "pages"):
                bad.append(f"{rel}:{line}: imports the app ({name})")
            if top != "monitor" or name == "monitor":
                continue
            target = name.split(".")[1]
            if target != pkg and target not in allowed:
                bad.append(f"{rel}:{line}: {pkg} may not import {name}")
    return bad


def test_every_package_has_a_docstring_saying_what_it_may_import():
    for init in sorted(MONITOR.glob("*/__init__.py")):
        if init.parent.name == "migrations":
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc.lower(), (
            f"{init.relative_to(ROOT)}: docstring must say what it may import"
        )


def test_no_module_imports_upwards():
    assert _violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from monitor.analysis import spikes\n", "nlp may not import monitor.analysis"),
        ("def f():\n    from monitor.store import queries\n", "nlp may not import monitor.store"),
        ("import streamlit as st\n", "no Streamlit in the library"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path, monkeypatch, source, expected):
    """The check itself can fail: a planted upward import is reported."""
    fake = tmp_path / "monitor"
    (fake / "nlp").mkdir(parents=True)
    (fake / "nlp" / "__init__.py").write_text('"""May import monitor.core."""\n')
    (fake / "nlp" / "planted.py").write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "MONITOR", fake)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert any(expected in v for v in _violations())


def _module_name(path: Path) -> str:
    parts = ["monitor", *path.relative_to(MONITOR).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """Module -> the monitor modules it imports (a package import counts as its __init__)."""
    paths = _modules()
    names = {_module_name(p) for p in paths}
    graph: dict[str, set[str]] = {}
    for path in paths:
        me = _module_name(path)
        edges: set[str] = set()
        for _, name in _imports(path):
            while name and name not in names:
                name = name.rpartition(".")[0]
            if name and name != me and name != "monitor":
                edges.add(name)
        graph[me] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_no_import_cycles_between_modules():
    """Not even through imports inside functions: a cycle means two modules are one."""
    # a package's __init__ importing its own submodules (to register or re-export) and a
    # submodule importing a sibling through the package is the one allowed loop
    graph = _module_graph()
    for mod, edges in graph.items():
        edges.discard(mod.rpartition(".")[0])
    assert _cycles(graph) == []


def test_every_path_the_architecture_map_names_exists():
    """docs/architecture.md's "where to change X" table names files and tests: they exist."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:monitor|tests|app_pages)/[\w/.\-]+?)`", doc))
    named = {n.split(" ")[0] for n in named}
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert len(named) > 30 and missing == []
