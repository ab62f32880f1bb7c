"""A real WordPress (Debian's package) on a private MariaDB and a private Apache, seeded through WordPress.

Debian's /usr/share/wordpress/wp-config.php reads /etc/wordpress/config-<host>.php, which a test may
not write. The fixture therefore serves a *private tree* instead of /usr/share/wordpress:

- the top-level PHP files (index.php, wp-load.php, wp-settings.php …) are copied: WordPress finds its
  wp-config.php next to wp-load.php (``__DIR__``), and PHP resolves symlinks in ``__DIR__``;
- wp-admin/ and wp-includes/ are symlinks to the package's directories (nothing is copied or changed);
- wp-config.php is our own (the private database's socket, keys, no cron, no outside HTTP);
- wp-content/ is our own, with the package's themes linked into wp-content/themes/.

Installation runs WordPress's own ``wp_install()`` (php/wp_install.php), the content goes in through
its API (php/wp_seed.php) and the truth comes back out of it (php/wp_truth.php).
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from . import apache, mariadb, php
from .apache import Apache
from .mariadb import MariaDB
from .procs import free_port

PACKAGE = Path("/usr/share/wordpress")
THEMES_DIR = PACKAGE / "wp-content" / "themes"
THEMES = ("twentytwentyone", "twentytwentythree")
#: Themes no extraction rule was written against, linked in when installed: `benchmarks/cms.py --held-out`.
HELD_OUT = ("twentytwentytwo",)

WP_CONFIG = """<?php
// Written by tests/cms/wordpress.py for a private test instance.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '{password}');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{keys}
$table_prefix = 'wp_';
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('DISABLE_WP_CRON', true);         // no loopback requests to wp-cron.php in the middle of a crawl
define('WP_HTTP_BLOCK_EXTERNAL', true);  // tests are offline: no update checks, no pings
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
if (!defined('ABSPATH')) {{
    define('ABSPATH', __DIR__ . '/');
}}
require_once ABSPATH . 'wp-settings.php';
"""
KEY_NAMES = ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
             "LOGGED_IN_SALT", "NONCE_SALT")


def missing() -> str | None:
    """Why this fixture cannot run here, or None."""
    if not (PACKAGE / "wp-settings.php").exists():
        return "Debian's wordpress package is not installed (/usr/share/wordpress; .ci/run installs it)"
    for theme in THEMES:
        if not (THEMES_DIR / theme / "style.css").exists():
            return f"the WordPress theme {theme} is not installed (apt-get install wordpress-theme-{theme})"
    return mariadb.missing() or apache.missing() or php.missing("mysqli", "mbstring", "xml")


class WordPressSite:
    """A running, seeded WordPress: ``url``, ``theme``, ``truth()``; ``switch_theme(name)`` between crawls."""

    def __init__(self, base: Path, seed: dict[str, Any]) -> None:
        self.base = base
        self.seed = seed
        self.docroot = base / "wordpress"
        self.log = base / "php.log"
        self.db = MariaDB(base / "mariadb")
        self.port = free_port()
        self.web = Apache(base / "apache", self.docroot, self.port)
        self.url = self.web.url
        self.theme = seed["theme"]
        self.startup_seconds: dict[str, float] = {}
        self._truth: dict[str, dict[str, Any]] = {}

    # -- setting up ------------------------------------------------------------------------------------
    def start(self) -> WordPressSite:
        started = time.perf_counter()
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)
        self.db.start()
        password = secrets.token_hex(12)
        self.db.create_database("wordpress", "wordpress", password)
        self.startup_seconds["mariadb"] = time.perf_counter() - started
        self._build_tree(password)
        seed_file = self.base / "seed.json"
        seed_file.write_text(json.dumps({**self.seed, "url": self.url, "admin_password": secrets.token_hex(12)},
                                        ensure_ascii=False))
        mark = time.perf_counter()
        php.run_php("wp_install.php", self.docroot, seed_file, log=self.log)
        self.startup_seconds["wp_install"] = time.perf_counter() - mark
        mark = time.perf_counter()
        self.ids = php.run_php("wp_seed.php", self.docroot, seed_file, log=self.log)
        self.startup_seconds["seed"] = time.perf_counter() - mark
        mark = time.perf_counter()
        self.web.start()
        self.startup_seconds["apache"] = time.perf_counter() - mark
        self.startup_seconds["total"] = time.perf_counter() - started
        return self

    def _build_tree(self, password: str) -> None:
        root = self.docroot
        root.mkdir()
        for entry in PACKAGE.iterdir():
            if entry.name in ("wp-config.php", "wp-content"):
                continue
            if entry.is_file() and entry.suffix == ".php":
                shutil.copy2(entry, root / entry.name)
            else:
                (root / entry.name).symlink_to(entry)
        keys = "\n".join(f"define('{name}', '{secrets.token_hex(32)}');" for name in KEY_NAMES)
        (root / "wp-config.php").write_text(WP_CONFIG.format(password=password, socket=self.db.socket, keys=keys))
        themes = root / "wp-content" / "themes"
        themes.mkdir(parents=True)
        (root / "wp-content" / "plugins").mkdir()
        for theme in THEMES + tuple(t for t in HELD_OUT if (THEMES_DIR / t / "style.css").exists()):
            (themes / theme).symlink_to(THEMES_DIR / theme)
        # WordPress writes its rewrite rules into .htaccess itself (wp_seed.php); the docroot must let it.
        for path in (root, root / "wp-content", themes):
            path.chmod(0o755)

    def stop(self) -> None:
        self.web.stop()
        self.db.stop()

    def __enter__(self) -> WordPressSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- between crawls ----------------------------------------------------------------------------------
    def switch_theme(self, theme: str) -> None:
        """Appearance -> Themes -> Activate, through WordPress's switch_theme()."""
        if theme == self.theme:
            return
        php.run_php("wp_switch_theme.php", self.docroot, self.url, theme, log=self.log)
        self.theme = theme

    def change(self, action: str, post_id: int, text: str = "") -> dict[str, Any]:
        """Change one post through WordPress's API (php/wp_change.php: trash, untrash, delete, notice,
        rewrite, redirect_home), as its editors would between two crawls."""
        self._truth.clear()
        return php.run_php("wp_change.php", self.docroot, self.url, action, post_id, text, log=self.log)

    def truth(self) -> dict[str, Any]:
        """Everything php/wp_truth.php reads back from WordPress, for the active theme (cached)."""
        if self.theme not in self._truth:
            self._truth[self.theme] = php.run_php("wp_truth.php", self.docroot, self.url, log=self.log)
        return self._truth[self.theme]
