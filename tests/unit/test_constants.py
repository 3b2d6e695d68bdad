"""Each module-level constant of :mod:`bot` is bound once.

A second ``_NEXT_WORD = re.compile(...)`` further down a module silently replaces the first
for every function of the module, wherever they stand; ruff and mypy let it pass when both
are patterns. Read from the source with :mod:`ast`, nothing imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"


def _rebound(source: str) -> list[str]:
    """The upper-case module-level names ``source`` binds more than once."""
    seen: set[str] = set()
    twice: list[str] = []
    for node in ast.parse(source).body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id.lstrip("_").isupper():
                if target.id in seen:
                    twice.append(target.id)
                seen.add(target.id)
    return twice


def test_no_module_constant_is_bound_twice() -> None:
    found = {
        f"{path.relative_to(BOT.parent)}: {name}"
        for path in BOT.rglob("*.py")
        for name in _rebound(path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_the_finder_sees_a_second_binding() -> None:
    source = 'import re\n_WORD = re.compile("a")\nx = 1\n_WORD = re.compile("b")\nx = 2\n'
    assert _rebound(source) == ["_WORD"]
