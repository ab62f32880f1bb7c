"""A private MariaDB server: its own data directory and unix socket in a temp dir, no TCP port at all.

Debian's mariadb-server package may leave a system server running on :3306 with its socket in
/run/mysqld; this one shares nothing with it (``--no-defaults`` skips /etc/mysql/*, ``--skip-networking``
opens no port), so the two never meet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from .procs import Child, ServiceError, run, wait_for

INSTALL_DB = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
SERVER = shutil.which("mariadbd") or shutil.which("mysqld") or (
    "/usr/sbin/mariadbd" if Path("/usr/sbin/mariadbd").exists() else None)
CLIENT = shutil.which("mariadb") or shutil.which("mysql")


def missing() -> str | None:
    """Why a private MariaDB cannot be started here, or None."""
    for name, path in (("mariadb-install-db", INSTALL_DB), ("mariadbd", SERVER), ("mariadb (client)", CLIENT)):
        if not path:
            return f"{name} is not installed (apt-get install mariadb-server; .ci/run does it)"
    return None


class MariaDB:
    """``with MariaDB(dir) as db:`` a running server; ``db.socket`` is what PHP connects to."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.datadir = base / "data"
        self.socket = base / "mysqld.sock"
        self.log = base / "mariadb.log"
        self._child: Child | None = None

    def start(self) -> MariaDB:
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)  # Apache's children (www-data) reach the socket through this directory
        # As root, mariadbd wants to be told that root is meant; as anyone else it runs as that user.
        user = ["--user=root"] if os.geteuid() == 0 else []
        run([INSTALL_DB, "--no-defaults", f"--datadir={self.datadir}", "--auth-root-authentication-method=normal",
             "--skip-test-db", "--skip-name-resolve", *user], self.log)
        self._child = Child([SERVER, "--no-defaults", f"--datadir={self.datadir}", f"--socket={self.socket}",
                             "--skip-networking", f"--pid-file={self.base / 'mysqld.pid'}", "--skip-name-resolve",
                             "--innodb-buffer-pool-size=32M", "--character-set-server=utf8mb4",
                             "--collation-server=utf8mb4_unicode_ci", *user], self.log)
        wait_for(self._answers, 60, "private MariaDB", self.log, self._child.proc)
        return self

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        return subprocess.run([CLIENT, "--no-defaults", f"--socket={self.socket}", "-uroot", "-e", "SELECT 1"],
                              capture_output=True).returncode == 0

    def sql(self, statement: str) -> None:
        """Run one administrative statement as root (creating a database and its user; no CMS data)."""
        result = subprocess.run([CLIENT, "--no-defaults", f"--socket={self.socket}", "-uroot", "-e", statement],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise ServiceError(f"MariaDB refused {statement!r}: {result.stderr}")

    def create_database(self, name: str, user: str, password: str) -> None:
        self.sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
                 f"CREATE USER '{user}'@'localhost' IDENTIFIED BY '{password}'; "
                 f"GRANT ALL ON `{name}`.* TO '{user}'@'localhost';")

    def stop(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None
            # the socket file goes with a clean shutdown; wait so a restart in the same dir is safe
            for _ in range(50):
                if not self.socket.exists():
                    break
                time.sleep(0.05)

    def __enter__(self) -> MariaDB:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
