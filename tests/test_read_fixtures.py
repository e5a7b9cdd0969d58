"""The committed fixtures are exactly what tests/fixtures/make_fixtures.py writes, and they stay small."""

import importlib.util

import pytest
from reading import FIXTURES


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """The fixtures written afresh by the script into a temporary folder."""
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path_factory.mktemp("fixtures")
    module.main()
    return module.HERE


def test_script_writes_the_committed_files(regenerated):
    written = {p.name: p.read_bytes() for p in regenerated.iterdir()}
    committed = {p.name: p.read_bytes() for p in FIXTURES.iterdir() if p.suffix != ".py" and p.is_file()}
    assert sorted(written) == sorted(committed)
    changed = [name for name in written if written[name] != committed[name]]
    assert not changed, f"run tests/fixtures/make_fixtures.py and commit: {changed}"


def test_fixtures_are_small():
    big = [p.name for p in FIXTURES.iterdir() if p.suffix != ".py" and p.stat().st_size > 10_000]
    assert not big
