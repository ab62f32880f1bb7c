"""A real Z-BlogPHP 1.7 (the tarball in ../shared/cms/) on SQLite3, served by a private Apache with mod_php.

The tarball is unpacked into a temp dir at test time (its code is never copied into this repository).
Installation goes through Z-BlogPHP's own web installer (``zb_install/index.php``: the form of step 3
is read, step 4 is posted with the SQLite3 backend, the ``default`` theme and an admin account), the
settings and content through its own PHP code (php/zb_configure.php, php/zb_seed.php), theme changes
through its admin's SetTheme()/InstallPlugin() (php/zb_theme.php; some themes cannot be chosen in the
installer under PHP 8.2), and the truth is read back through its objects (php/zb_truth.php).
Pseudo-static URLs (``/post/N.html``, ``tags-N.html`` …) come from the .htaccess Z-BlogPHP writes itself.
"""

from __future__ import annotations

import json
import re
import tarfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from . import apache, php
from .apache import Apache
from .procs import ServiceError, free_port, hand_to_web_user

SHARED = Path(__file__).resolve().parents[3] / "shared" / "cms"
THEMES = ("tpure", "default", "Zit")  # all shipped; tpure and Zit need a switch after installing with default
#: Shipped themes no extraction rule was written against: `benchmarks/cms.py --held-out`. (os2020, also shipped, is
#: a JavaScript application whose HTML holds no post text: nothing to extract without a browser.)
HELD_OUT = ("WhitePage",)
INSTALL_THEME = "default"
ADMIN = "admin"


def tarball() -> Path | None:
    found = sorted(SHARED.glob("zblogphp-*.tar.gz"))
    return found[-1] if found else None


def missing() -> str | None:
    """Why this fixture cannot run here, or None."""
    if tarball() is None:
        return f"the Z-BlogPHP tarball is absent ({SHARED}/zblogphp-*.tar.gz; see ../shared/cms/README.md)"
    return apache.missing() or php.missing("sqlite3", "mbstring", "xml", "gd")


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy


class ZBlogSite:
    """A running, seeded Z-BlogPHP: ``url``, ``theme``, ``truth()``; ``switch_theme(name)`` between crawls."""

    def __init__(self, base: Path, seed: dict[str, Any]) -> None:
        self.base = base
        self.seed = seed
        self.root = base / "zblogphp"
        self.log = base / "php.log"
        self.port = free_port()
        self.web = Apache(base / "apache", self.root, self.port)
        self.url = self.web.url
        self.theme = INSTALL_THEME
        self.ids: dict[str, Any] = {}
        self.startup_seconds: dict[str, float] = {}
        self._truth: dict[str, dict[str, Any]] = {}

    def start(self) -> ZBlogSite:
        started = time.perf_counter()
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)
        self._unpack()
        self.web.start()
        self.startup_seconds["unpack+apache"] = time.perf_counter() - started
        mark = time.perf_counter()
        self._run_installer()
        self.startup_seconds["installer"] = time.perf_counter() - mark
        mark = time.perf_counter()
        seed_file = self.base / "seed.json"
        seed_file.write_text(json.dumps({**self.seed, "url": self.url}, ensure_ascii=False))
        self._php("zb_configure.php", self.root, seed_file)
        self.ids = self._php("zb_seed.php", self.root, seed_file)
        self.startup_seconds["seed"] = time.perf_counter() - mark
        mark = time.perf_counter()
        self.switch_theme(self.seed["theme"])
        self.startup_seconds["theme"] = time.perf_counter() - mark
        self.startup_seconds["total"] = time.perf_counter() - started
        return self

    def _unpack(self) -> None:
        with tarfile.open(tarball()) as tar:
            members = [m for m in tar.getmembers() if "/" in m.name]
            for member in members:
                member.name = member.name.split("/", 1)[1]  # zblogphp/index.php -> index.php
            tar.extractall(self.root, members=members, filter="data")
        self.root.chmod(0o755)
        hand_to_web_user(self.root)  # the installer (running as the web user) writes zb_users/

    def _run_installer(self) -> None:
        """Steps 3 and 4 of zb_install/index.php, as a browser submits them."""
        opener = _opener()
        form = opener.open(self.url + "zb_install/index.php?step=3", timeout=60).read().decode("utf-8")
        db_name = re.search(r'name="dbsqlite_name"[^>]*value="([^"]*)"', form)
        themes = re.findall(r'value="([^"|]+)\|([^"]*)" type="radio" name="blogtheme"', form)
        style = dict(themes).get(INSTALL_THEME)
        if db_name is None or style is None:
            raise ServiceError(f"the Z-BlogPHP installer's form has no SQLite name or no {INSTALL_THEME} theme")
        password = "Fixture-" + urllib.parse.quote(str(self.port))
        fields = {"zbloglang": "zh-cn", "dbtype": "sqlite3", "dbsqlite_name": db_name.group(1), "dbsqlite_pre": "zbp_",
                  "blogtitle": self.seed["site"]["name"], "username": ADMIN, "password": password,
                  "repassword": password, "blogtheme": f"{INSTALL_THEME}|{style}"}
        answer = opener.open(self.url + "zb_install/index.php?step=4", urllib.parse.urlencode(fields).encode(),
                             timeout=120).read().decode("utf-8")
        if not (self.root / "zb_users" / "c_option.php").exists():
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer))
            raise ServiceError(f"the Z-BlogPHP installer did not finish: {text[-1500:]}")

    def _php(self, script: str, *args: Any) -> Any:
        try:
            return php.run_php(script, *args, log=self.log, cwd=self.root)
        finally:
            hand_to_web_user(self.root / "zb_users")  # caches and the database stay the web user's

    def switch_theme(self, theme: str) -> None:
        """The admin's 主题管理 -> 启用: ThemeSet, then ThemeMng&install=THEME (two requests)."""
        if theme == self.theme:
            return
        self._php("zb_theme.php", self.root, theme, "set")
        self._php("zb_theme.php", self.root, theme, "install")
        self.theme = theme

    def change(self, action: str, post_id: int, text: str = "") -> dict[str, Any]:
        """Change one post through Z-BlogPHP's admin handlers (php/zb_change.php: delete, draft, publish,
        notice, rewrite), as the farm's editors would between two crawls."""
        self._truth.clear()
        return self._php("zb_change.php", self.root, action, post_id, text)

    def truth(self) -> dict[str, Any]:
        """Everything php/zb_truth.php reads back from Z-BlogPHP, for the active theme (cached)."""
        if self.theme not in self._truth:
            self._truth[self.theme] = self._php("zb_truth.php", self.root)
        return self._truth[self.theme]

    def stop(self) -> None:
        self.web.stop()

    def __enter__(self) -> ZBlogSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
