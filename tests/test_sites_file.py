"""The sites file (TOML) for scheduled crawls."""

from __future__ import annotations

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
