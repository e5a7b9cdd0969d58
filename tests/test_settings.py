"""Settings have one owner: warehouse/settings.py reads the environment and lists every CCHC_* name with its
default; no other module reads the environment, every name the code uses is listed there, and the README's
settings table lists them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse import settings

ROOT = Path(__file__).resolve().parents[1]
CODE = [p for folder in ("warehouse", "pipelines", "dashboard") for p in (ROOT / folder).rglob("*.py")] + \
       [ROOT / "serve.py", ROOT / "streamlit_app.py"]


def test_only_the_settings_module_reads_the_environment():
    readers = [p.relative_to(ROOT) for p in CODE if re.search(r"os\.environ|getenv", p.read_text(encoding="utf-8"))]
    assert readers == [Path("warehouse/settings.py")]


def test_every_name_the_code_uses_is_a_listed_setting():
    used = {name for p in CODE for name in re.findall(r"\bCCHC_[A-Z_]+[A-Z]\b", p.read_text(encoding="utf-8"))}
    assert used - set(settings.SETTINGS) == set()


def test_the_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(CCHC_[A-Z_]+)` \|", readme, flags=re.M))
    assert listed == set(settings.SETTINGS)


def test_a_setting_is_read_when_asked_with_its_default_otherwise(monkeypatch):
    monkeypatch.delenv("CCHC_UPLOAD_MAX_MB", raising=False)
    assert settings.whole("CCHC_UPLOAD_MAX_MB") == 100 and not settings.given("CCHC_UPLOAD_MAX_MB")
    monkeypatch.setenv("CCHC_UPLOAD_MAX_MB", " 20 ")
    assert settings.whole("CCHC_UPLOAD_MAX_MB") == 20 and settings.given("CCHC_UPLOAD_MAX_MB")
    monkeypatch.setenv("CCHC_UPLOAD_MAX_MB", "hai mươi")  # not a whole number: the default
    assert settings.whole("CCHC_UPLOAD_MAX_MB") == 100
    assert settings.path("CCHC_PLAN") is None or settings.given("CCHC_PLAN")
    with pytest.raises(KeyError, match="not a setting"):
        settings.text("CCHC_NO_SUCH")
