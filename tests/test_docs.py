"""Every CLI command and every NEWSARCHIVER_* setting is documented in README.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsarchiver import settings
from newsarchiver.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_command_is_documented(command):
    assert re.search(rf"`newsarchiver {command}\b", README), f"README.md does not document `newsarchiver {command}`"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_command_has_help(command):
    assert (cli.commands[command].help or "").strip(), f"`newsarchiver {command}` has no --help text"


@pytest.mark.parametrize("name", sorted(n for n in dir(settings) if n.startswith("NEWSARCHIVER_")))
def test_setting_is_documented(name):
    assert f"`{name}`" in README, f"README.md does not document the setting {name}"
