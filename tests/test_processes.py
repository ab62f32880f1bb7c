"""Telling a holder that died from one at work (newsarchiver.processes): real processes, this machine's /proc."""

import os
import socket
import subprocess
import sys

from newsarchiver.processes import process_gone, started, this_process


def test_this_process_is_alive_and_named_with_its_start():
    host, pid, start = this_process().split(":")
    assert (host, pid) == (socket.gethostname(), str(os.getpid()))
    assert start == started(os.getpid()) and start
    assert not process_gone(host, pid, start)
    assert not process_gone(host, pid)


def test_a_reaped_process_is_gone():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert process_gone(socket.gethostname(), str(child.pid))


def test_a_reused_pid_is_another_process():
    # this process's pid with another start time: what a pid taken by a new process looks like
    start = int(started(os.getpid()))
    assert process_gone(socket.gethostname(), str(os.getpid()), str(start + 1))


def test_other_machines_and_bad_names_are_never_judged_gone():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not process_gone("another-host.example", str(child.pid))
    assert not process_gone(socket.gethostname(), "not-a-pid")
