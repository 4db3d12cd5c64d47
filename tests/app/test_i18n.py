"""The interface texts: both languages for every key, placeholders that agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.ui import i18n

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_every_key_has_both_languages_with_the_same_placeholders(key):
    indonesian, english = i18n.STRINGS[key]
    assert indonesian.strip() and english.strip()
    fields = re.compile(r"\{(\w+)\}")
    assert set(fields.findall(indonesian)) == set(fields.findall(english))


def test_t_formats_and_falls_back():
    assert i18n.t("nav_timeline") == "Linimasa"
    assert i18n.t("nav_timeline", "en") == "Timeline"
    assert i18n.t("nav_timeline", "xx") == "Linimasa"
    assert i18n.t("results", "en", total="1,234") == "1,234 matching comments"
    assert i18n.t("no_such_key") == "no_such_key"
    assert i18n.t("results", "id") == "{total} komentar cocok"  # missing value: raw text


def test_every_key_used_by_the_pages_exists():
    """A typo in a page would show a raw key on screen."""
    sources = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]
    used: set[str] = set()
    for path in sources:
        used |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in i18n.STRINGS)
    assert not missing, missing


def test_no_page_renders_html_from_data():
    """unsafe_allow_html is never used anywhere in the interface."""
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize(
    ("prefix", "names"),
    [
        ("field_", "monitor.ingest.formats.mapped:FIELDS"),
        ("evcat_", "monitor.analysis.events:CATEGORIES"),
        ("nav_", "monitor.ui.viewstate:PAGES"),
        ("metric_", "monitor.ui.viewstate:METRICS"),
        ("ans_", "monitor.ui.viewstate:ANSWERED"),
        ("emo_", "monitor.ui.viewstate:EMOTIONS"),
        ("order_", "monitor.ui.viewstate:ORDERS"),
        ("sens_", "monitor.ops.settings:SENSITIVITIES"),
        ("origin_", None),
    ],
)
def test_texts_built_from_names_exist(prefix, names):
    """Keys the pages build with f-strings (f"evcat_{category}") cover every name."""
    import importlib

    if names is None:
        values = ("seed", "manual", "gdelt", "rss")
    else:
        module, attr = names.split(":")
        values = getattr(importlib.import_module(module), attr)
    missing = [v for v in values if f"{prefix}{v}" not in i18n.STRINGS]
    assert not missing, missing
