"""The house's floors: packages import downwards only, and files do not import each other.

Read from the source with :mod:`ast` (nothing imported), so a cycle is caught where it is
written, lazy imports inside functions included.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"

# The store's engine factory: ``Database.open`` picks an engine, and each engine subclasses
# ``Database``. A cycle by design (the review's "harmless factory circle").
FACTORY = frozenset({"bot.store.db", "bot.store.postgres", "bot.store.sqlite"})


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(BOT.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in BOT.rglob("*.py")
    }


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module's imports of other bot modules (a name imported from a package counts as
    its module when it is one)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    graph[name].add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names)
        graph[name] = {target for target in graph[name] if target in modules} - {name}
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in list(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(group)
    return found


def test_no_package_imports_a_package_that_imports_it() -> None:
    graph = _imports(_modules())
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph.items():
        packages[_package(module)].update(_package(t) for t in targets)
    for package in packages:
        packages[package].discard(package)
    assert [sorted(group) for group in _circles(packages)] == []


def test_no_files_import_each_other_but_the_store_engines() -> None:
    circles = [group for group in _circles(_imports(_modules())) if group != FACTORY]
    assert [sorted(group) for group in circles] == []


def test_the_ground_floor_imports_nothing_else_of_the_bot() -> None:
    graph = _imports(_modules())
    upward = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("bot.text.")
        for target in targets
        if not target.startswith("bot.text")
    }
    assert upward == set()


def test_the_finder_sees_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_migrations_run_no_application_code() -> None:
    """A migration that called today's parser would upgrade an old database differently
    from how it upgraded the day it shipped: migrations import the store's own modules only."""
    graph = _imports(_modules())
    assert {t for t in graph["bot.store.migrations"] if not t.startswith("bot.store")} == set()
