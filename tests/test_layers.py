"""The layers run one way: router → pages → engine (warehouse/); pipelines → engine. Never the reverse."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    """The top-level packages a module imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("folder, forbidden", [
    ("warehouse", {"pipelines", "dashboard", "streamlit"}),
    ("dashboard", {"pipelines"}),
    ("pipelines", {"dashboard", "streamlit"}),
])
def test_a_layer_imports_nothing_above_it(folder, forbidden):
    wrong = {str(p.relative_to(ROOT)): imported(p) & forbidden for p in (ROOT / folder).rglob("*.py") if imported(p) & forbidden}
    assert not wrong


def test_no_python_file_names_a_machine_path():
    machine_paths = ['"/' + top + "/" for top in ("work", "tmp", "home", "root")]
    for path in [*ROOT.glob("*.py"), *ROOT.glob("[bdpwt]*/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not [p for p in machine_paths if p in text], path


def test_pages_hold_no_sql_and_write_the_app_store_only_through_the_engine():
    """The dashboard reads the warehouse through named reads (warehouse/models/*.sql, the engine's functions) and
    changes the app's store only through the engine's functions (warehouse/app/), never with SQL or store writes."""
    wrong = {}
    for path in (ROOT / "dashboard").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sql = [n.value[:40] for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and any(word in n.value for word in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "))]
        writes = [ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and ast.unparse(n.func) in ("store.connect", "store.record", "store.audit", "con.execute", "con.sql")]
        if sql or writes:
            wrong[str(path.relative_to(ROOT))] = sql + writes
    assert not wrong
