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


def _pull_lines() -> list[str]:
    """The README's scheduled commands: the cron line and the systemd service's ExecStart."""
    return [line for line in README.splitlines() if "-m monitor pull all" in line and "/" in line]


def test_the_scheduling_lines_run_a_real_command_with_real_flags():
    import shlex

    lines = _pull_lines()
    assert any(line.startswith("30 6 * * * ") for line in lines), "no cron line for 06:30"
    assert any(line.startswith("ExecStart=") for line in lines), "no systemd ExecStart"
    assert "CRON_TZ=Asia/Jakarta" in README
    assert "OnCalendar=*-*-* 06:30:00 Asia/Jakarta" in README
    for line in lines:
        words = shlex.split(line.split(">>")[0])
        args = words[words.index("monitor") + 1 :]
        parsed = build_parser().parse_args(args)  # an unknown flag exits here
        assert (parsed.command, parsed.source) == ("pull", "all")
        assert parsed.func.__name__ == "run_all" and parsed.db
