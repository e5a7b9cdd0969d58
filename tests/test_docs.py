"""The README tells the truth: its commands exist, CI runs its test command, its example is complete."""

import re
from pathlib import Path

from pipelines.cli import build_parser
from warehouse.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_and_every_documented_command_exists():
    parser = build_parser()
    commands = set(next(a for a in parser._actions if a.dest == "command").choices)
    documented = set(re.findall(r"^\| `([a-z][\w-]*)[ `]", README, flags=re.M))  # a command, not a CCHC_ setting
    assert documented == commands


def test_ci_runs_the_readmes_test_command():
    blocks = re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)
    run, test = blocks[0], blocks[1]
    assert run.endswith("streamlit run serve.py")
    test_command = test.split("&&")[-1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_the_status_example_lists_every_target():
    example = re.search(r"```text\n\$ python -m pipelines demo.*?\n```", README, flags=re.S).group(0)
    assert [t.id for t in load_plan().targets] == re.findall(r"^([A-Z]+-\d\d) ", example, flags=re.M)


def test_the_layout_and_glossary_come_within_the_first_150_lines():
    heads = [line for line in README.splitlines()[:150] if line.startswith("## ")]
    assert "## Layout (where things live)" in heads and "## Glossary" in heads


def test_every_file_the_layout_and_its_walks_name_exists():
    layout = README[README.index("## Layout"):README.index("## Glossary")]
    named = set(re.findall(r"`([\w./-]+\.(?:py|sql|toml|tmpl|js|css|json))`", layout))
    named |= set(re.findall(r"\b([\w/]+\.(?:py|sql|toml|tmpl|js|css|md))\b", layout.split("```")[1]))
    tree = [ROOT / d for d in ("pipelines", "warehouse", "dashboard", "expectations", "tests", "bench", "docs")]
    files = {p.relative_to(ROOT).as_posix() for d in tree for p in d.rglob("*") if p.is_file()}
    files |= {p.name for p in ROOT.iterdir() if p.is_file()}
    missing = sorted(n for n in named if "<" not in n and "*" not in n and not any(f == n or f.endswith("/" + n) for f in files))
    assert len(named) > 40 and not missing, missing
