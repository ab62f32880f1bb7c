"""Which process holds something: a name for this process, and whether a named one is gone.

A crawl run's row (``crawl_runs.process``) and the ingest's Redis lock both name the process that holds
them, so that a process that died without letting go can be told from one still at work. Only a process of
this machine can be judged; one on another machine is never taken for gone.
"""

from __future__ import annotations

import os
import socket


def this_process() -> str:
    """host:pid:start time: the start time tells a reused pid from the process that had it before."""
    return f"{socket.gethostname()}:{os.getpid()}:{started(os.getpid()) or ''}"


def process_gone(host: str, pid: str, start: str | None = None) -> bool:
    """Whether the process ``pid`` of ``host`` is known to be gone: on this machine, no such pid, or (when
    ``start`` is given) a pid now held by a process started at another time."""
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return bool(start) and started(int(pid)) not in (None, start)


def started(pid: int) -> str | None:
    """The start time of a process in clock ticks since boot (Linux /proc), or None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read().decode("ascii", "replace")
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22 of proc(5), counted after the command name
