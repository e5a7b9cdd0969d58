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
