"""Every target of the plan has at least one hand-computed case in the target tests: a test that asserts on it (an
`assert` or `check(...)` naming it, directly, through a name assigned from it, a loop over it, or a parametrize list),
not one that merely mentions it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from warehouse.plan import load_plan

HERE = Path(__file__).resolve().parent
ID = re.compile(r"^[A-Z]+-\d{2}$")
ASSERTING = {"check"}  # helpers.check asserts numerator, denominator, status and value


def _ids(node: ast.AST, constants: dict[str, set[str]] | None = None) -> set[str]:
    """The target ids written in a piece of code, and those of the module's constants it names."""
    found = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str) and ID.match(n.value)}
    return found.union(*((constants or {}).get(name, set()) for name in _names(node)))


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _asserts(node: ast.AST) -> bool:
    call = node.value if isinstance(node, ast.Expr) else None
    return isinstance(node, ast.Assert) or (isinstance(call, ast.Call) and getattr(call.func, "id", None) in ASSERTING)


def asserted_targets(source: str) -> set[str]:
    """The target ids some test of a module asserts on."""
    tree = ast.parse(source)
    constants = {t.id: _ids(n.value) for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    found: set[str] = set()
    for test in (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")):
        checks = [n for n in ast.walk(test) if _asserts(n)]
        used = set().union(*map(_names, checks))
        found |= set().union(*(_ids(c) for c in checks))
        for n in ast.walk(test):
            if isinstance(n, ast.Assign) and set().union(*map(_names, n.targets)) & used:
                found |= _ids(n.value, constants)
            if isinstance(n, (ast.For, ast.comprehension)) and _names(n.target) & used:
                found |= _ids(n.iter, constants)
        for d in test.decorator_list:
            if isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "parametrize":
                found |= _ids(d, constants)
    return found


def test_every_target_has_a_case_that_asserts_on_it():
    asserted = set().union(*(asserted_targets(p.read_text(encoding="utf-8")) for p in HERE.glob("test_targets_*.py")))
    missing = [t.id for t in load_plan().targets if t.id not in asserted]
    assert not missing, f"targets without a test case asserting on them: {missing}"


def test_a_mention_is_not_a_case():
    source = '''
ALL = ["CQS-01", "CQS-02"]
def test_mentions(tmp_path):
    wh = load(tmp_path)
    print("TTHC-01")  # named, never asserted on
    e = results(wh)["TTHC-02"]
    assert wh.exists()
def test_asserts():
    e = results(wh)["TTHC-03"]
    check(e, 1, 2, MET)
    assert results(wh)["TTHC-04"].status == MET
    for t in ALL:
        assert t
'''
    assert asserted_targets(source) == {"TTHC-03", "TTHC-04", "CQS-01", "CQS-02"}
