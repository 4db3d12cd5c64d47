"""The README's commands and CLI reference cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from monitor.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL_AND_RUN = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/streamlit run app.py"
INSTALL_AND_TEST = "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt && .venv/bin/python -m pytest"


def test_readme_opens_with_the_two_commands():
    first_lines = README.splitlines()[:6]
    assert INSTALL_AND_RUN in first_lines
    assert INSTALL_AND_TEST in first_lines


def test_ci_runs_exactly_the_readme_test_command():
    assert INSTALL_AND_TEST in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_in_the_cli_reference(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps usage to the terminal width
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sub.choices, "no sub-commands registered"
    for name, command in sub.choices.items():
        usage_first_line = command.format_usage().splitlines()[0].strip()
        assert usage_first_line in README, f"README lacks the usage of {name!r}: {usage_first_line}"
