"""Small process helpers for the CMS fixtures: free ports, waiting on a condition, a logged child process.

Every service a fixture starts (MariaDB, Apache) is a child of this Python process, started with its own
configuration in a private directory, and stopped by its own pid. Nothing here touches /etc or a system
service.
"""

from __future__ import annotations

import ctypes
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


class ServiceError(RuntimeError):
    """A service did not start; the message carries the tail of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition: Callable[[], bool], timeout: float, what: str, log: Path | None = None,
             proc: subprocess.Popen | None = None) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` and the log's tail on timeout or early exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{what}: the process exited with {proc.returncode}\n{tail(log)}")
        time.sleep(0.05)
    raise ServiceError(f"{what}: not ready after {timeout:.0f} s\n{tail(log)}")


def tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def run(cmd: list[str], log: Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run a command to completion, its output appended to ``log``; ServiceError when it fails."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, **kwargs)
    if result.returncode != 0:
        raise ServiceError(f"{cmd[0]} exited with {result.returncode}\n{tail(log)}")
    return result


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux for SIGTERM when the process that started us dies, so a
    killed test run leaves no Apache or MariaDB behind (prctl PR_SET_PDEATHSIG; a no-op elsewhere)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Child:
    """A long-running service process whose output goes to a log file; stopped by its own pid.

    It runs in a session of its own: Apache's prefork parent signals its whole process group when it
    stops, which would otherwise include us (the test runner)."""

    def __init__(self, cmd: list[str], log: Path, **kwargs) -> None:
        self.log = log
        self._out = log.open("a")
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True, preexec_fn=_die_with_parent, **kwargs)

    def stop(self, timeout: float = 20) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._out.close()


def web_user() -> tuple[str, str] | None:
    """The (user, group) Apache's children run as when we are root (Apache refuses to serve as root).

    None when not root: Apache then runs everything as the current user and needs no User directive."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return name, grp.getgrgid(user.pw_gid).gr_name
    raise ServiceError("running as root, but neither www-data nor nobody exists for Apache's children")


def hand_to_web_user(path: Path) -> None:
    """Give ``path`` (recursively) to the web user, so PHP under Apache can write its caches and database."""
    user = web_user()
    if user is None:
        return
    for root, dirs, files in os.walk(path):
        shutil.chown(root, *user)
        for name in files:
            full = os.path.join(root, name)
            if not os.path.islink(full):
                shutil.chown(full, *user)
