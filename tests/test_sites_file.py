"""The sites file (TOML) for scheduled crawls."""

from __future__ import annotations

import re

import pytest

from newsarchiver.sites import SitesFileError, load_sites

GOOD = """
[defaults]
revisit = "12h,1d"
revisit_stop = "30d"

[[site]]
name = "快报"
start_urls = ["http://127.0.0.1:8702/"]
timezone = "Asia/Shanghai"
revisit = "6h"

[[site]]
start_urls = "https://news.example.com/"
timezone = "Asia/Hong_Kong"
"""


def test_a_sites_file_becomes_start_urls_and_settings(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(GOOD, encoding="utf-8")
    sites = load_sites(path)
    assert sites.start_urls == ["http://127.0.0.1:8702/", "https://news.example.com/"]
    assert sites.settings() == {
        "NEWSARCHIVER_REVISIT": "12h,1d", "NEWSARCHIVER_REVISIT_STOP": "30d",
        "NEWSARCHIVER_SITE_TIMEZONES": {"127.0.0.1:8702": "Asia/Shanghai", "news.example.com": "Asia/Hong_Kong"},
        "NEWSARCHIVER_SITE_REVISIT": {"127.0.0.1:8702": "6h"},
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[site]]\nname = 'x'\n", "start_urls must be a list"),
        ("[[site]]\nstart_urls = ['ftp://x']\n", "start_urls must be a list"),
        ("[[site]]\nstart_urls = ['http://x/']\nrevisit = 'soon'\n", "is not a duration"),
        ("[[site]]\nstart_urls = ['http://x/']\ntimezone = 'Mars/Base'\n", "unknown timezone"),
        ("[[site]]\nstart_urls = ['http://x/']\nspeed = 3\n", "unknown key(s) speed"),
        ("[[site]]\nstart_urls = ['http://x/']\nprofile = 'missing.toml'\n", "does not exist"),
        ("title = 'no sites'\n", "no [[site]] entries"),
        ("[[site]\n", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_entry(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SitesFileError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_sites(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("defaults = 5\n[[site]]\nstart_urls = ['http://x/']\n", "[defaults]: must be a table"),
        ("site = [1, 2]\n", "[[site]] #1: must be a table"),
        ("site = 'http://x/'\n", "no [[site]] entries"),
        ("[[site]]\nstart_urls = ['http://x/']\ntimezone = 5\n", "timezone must be a string"),
        ("[[site]]\nstart_urls = ['http://x/']\nrevisit = 5\n", "revisit must be a string"),
        ("[[site]]\nstart_urls = ['http://x/']\nprofile = 5\n", "profile must be a string"),
        ("[[site]]\nstart_urls = ['http://x/']\nname = ['a']\n", "name must be a string"),
        ("[defaults]\nrevisit = 1\n[[site]]\nstart_urls = ['http://x/']\n", "revisit must be a string"),
        ("[[site]]\nstart_urls = [5]\n", "start_urls must be a list"),
        ("[[site]]\nstart_urls = 'http://[::1/'\n", "Invalid IPv6 URL"),
    ],
)
def test_values_of_the_wrong_type_are_clear_errors(tmp_path, text, message):
    """Each of these raised AttributeError/TypeError from deep inside the loader (issue 13)."""
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SitesFileError, match=re.escape(message)):
        load_sites(path)


def test_a_sites_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_bytes("[[site]]\nname = '快报'\nstart_urls = ['http://x/']\n".encode("gbk"))
    with pytest.raises(SitesFileError, match="not UTF-8"):
        load_sites(path)


def test_the_crawl_command_reports_a_bad_sites_file_in_one_line(tmp_path):
    from click.testing import CliRunner

    from newsarchiver.cli import cli

    path = tmp_path / "sites.toml"
    path.write_text("defaults = 5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["crawl", "--sites", str(path), "--archive", str(tmp_path / "a.db")])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and "must be a table" in result.output
    assert not (tmp_path / "a.db").exists()
