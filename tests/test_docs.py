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
