"""The scheduling recipes, run for real: Scrapyd (deploy + schedule.json), the cron line, the systemd
units, and Scrapy's JOBDIR pause/resume."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from newsarchiver.demo import build_world
from newsarchiver.demo.server import DemoServer

from .e2e import BIN, FAST, ROOT, free_port, rows, robots_obeyed
from .test_kill import assert_consistent, wait_for_copies


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def post(url: str, fields: dict[str, str | list[str]], files: dict[str, bytes] | None = None) -> dict:
    if files:
        boundary = "----newsarchiver-test"
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, data in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    else:
        request = urllib.request.Request(url, urllib.parse.urlencode(fields, doseq=True).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def demo_site():
    world = build_world(articles=20, seed=8, families=("dede",))
    with DemoServer(world) as server:
        yield world.sites[0], server.base_urls[world.sites[0].name]


def test_scrapyd_deploy_schedule_and_archive(demo_site, tmp_path):
    site, url = demo_site
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {tmp_path}/eggs\n"
        f"logs_dir = {tmp_path}/logs\ndbs_dir = {tmp_path}/dbs\nitems_dir =\nmax_proc = 1\n", encoding="utf-8")
    scrapyd = subprocess.Popen([str(BIN / "scrapyd")], cwd=tmp_path, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}"
    try:
        def up():
            try:
                return json.loads(urllib.request.urlopen(api + "/daemonstatus.json", timeout=2).read())["status"] == "ok"
            except OSError:
                return False

        wait_until(up, 60, "scrapyd to start")
        egg = tmp_path / "newsarchiver.egg"
        build = subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)], cwd=ROOT,
                               capture_output=True, text=True, timeout=300)
        assert build.returncode == 0, build.stderr
        added = post(api + "/addversion.json", {"project": "newsarchiver", "version": "1"},
                     {"egg": egg.read_bytes()})
        assert added["status"] == "ok" and added["spiders"] == 1, added
        archive = tmp_path / "scrapyd.db"
        job = post(api + "/schedule.json", {
            "project": "newsarchiver", "spider": "repost", "start_urls": url,
            "setting": [f"NEWSARCHIVER_ARCHIVE={archive}", *(f"{k}={v}" for k, v in FAST.items())]})
        assert job["status"] == "ok", job

        def finished():
            jobs = json.loads(urllib.request.urlopen(f"{api}/listjobs.json?project=newsarchiver", timeout=5).read())
            return [j for j in jobs["finished"] if j["id"] == job["jobid"]]

        wait_until(finished, 180, "the scrapyd job to finish")
    finally:
        scrapyd.terminate()
        scrapyd.wait(timeout=30)
    assert rows(archive, "SELECT count(*) FROM copies") == [(len(site.articles),)]
    assert rows(archive, "SELECT status FROM crawl_runs") == [("finished",)]


def _sites_file(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(f'[[site]]\nstart_urls = ["{url}"]\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
    return path


def _cron_command(tmp_path: Path, url: str) -> str:
    lines = [l for l in (ROOT / "contrib" / "cron.example").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert lines[0].startswith("MAILTO=")  # cron mails what the line prints
    fields = lines[1].split(None, 5)
    assert len(fields) == 6 and fields[:5] == ["17", "*", "*", "*", "*"]
    sites = _sites_file(tmp_path, url)
    return (fields[5].replace("cd /srv/newsarchiver", f"cd {ROOT}").replace("sites.toml", str(sites))
            .replace("exports/", f"{tmp_path}/").replace("/srv/newsarchiver/", f"{tmp_path}/")
            .replace(".venv/bin/newsarchiver", str(BIN / "newsarchiver"))
            .replace("crawl --sites", f"crawl --archive {tmp_path}/cron.db -s DOWNLOAD_DELAY=0 --sites"))


def test_the_cron_line_runs(demo_site, tmp_path):
    site, url = demo_site
    result = subprocess.run(["bash", "-c", _cron_command(tmp_path, url)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # nothing printed: no mail from cron
    assert rows(tmp_path / "cron.db", "SELECT count(*) FROM copies") == [(len(site.articles),)]
    assert "crawl run 1 (finished)" in (tmp_path / "crawl.log").read_text()


def test_the_cron_line_tells_of_a_failed_run(tmp_path):
    """A run that fetched nothing (its only site refuses connections) exits 1: the line prints one line, which
    cron mails to MAILTO."""
    result = subprocess.run(["bash", "-c", _cron_command(tmp_path, f"http://127.0.0.1:{free_port()}/")],
                            capture_output=True, text=True, timeout=300)
    assert result.stdout.startswith("newsarchiver crawl failed (exit status 1): see the end of "), result.stdout
    assert "exit status 1: nothing fetched" in (tmp_path / "crawl.log").read_text()


def test_the_systemd_units_verify_and_their_command_runs(demo_site, tmp_path):
    site, url = demo_site
    units = ROOT / "contrib" / "systemd"
    service = (units / "newsarchiver-crawl.service").read_text()
    exec_start = re.search(r"^ExecStart=(.+)$", service, re.M).group(1)
    sites = _sites_file(tmp_path, url)
    command = (exec_start.replace("/srv/newsarchiver/.venv/bin/newsarchiver", str(BIN / "newsarchiver"))
               .replace("sites.toml", str(sites))
               .replace("crawl --sites", f"crawl --archive {tmp_path}/systemd.db -s DOWNLOAD_DELAY=0 --sites"))
    result = subprocess.run(command.split(), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert rows(tmp_path / "systemd.db", "SELECT count(*) FROM copies") == [(len(site.articles),)]
    assert "OnCalendar=hourly" in (units / "newsarchiver-crawl.timer").read_text()
    if shutil.which("systemd-analyze"):
        local = tmp_path / "units"
        local.mkdir()
        (local / "newsarchiver-crawl.service").write_text(
            service.replace("/srv/newsarchiver/.venv/bin/newsarchiver", str(BIN / "newsarchiver"))
            .replace("/srv/newsarchiver", str(ROOT)).replace("User=newsarchiver", "User=root"))
        shutil.copy(units / "newsarchiver-crawl.timer", local)
        verify = subprocess.run(["systemd-analyze", "verify", "--man=no", str(local / "newsarchiver-crawl.timer"),
                                 str(local / "newsarchiver-crawl.service")], capture_output=True, text=True)
        assert "error" not in (verify.stdout + verify.stderr).lower(), verify.stdout + verify.stderr


def test_jobdir_pause_and_resume(tmp_path):
    """Ctrl-C (SIGINT) with JOBDIR set pauses the crawl; the same command resumes and completes it."""
    world = build_world(articles=40, seed=9, families=("justnews", "dede"))
    archive, jobdir = tmp_path / "jobdir.db", tmp_path / "job"
    # Slow enough that pages are archived about as fast as they are downloaded: a pause finishes what was
    # downloaded already, and with a backlog of downloaded pages (a busy machine, extraction workers
    # still starting) the paused crawl had archived every article (CI, once).
    with DemoServer(world, latency=0.2) as server:
        urls = list(server.base_urls.values())
        cmd = [str(BIN / "scrapy"), "crawl", "repost", "-a", "start_urls=" + ",".join(urls), "-s",
               f"NEWSARCHIVER_ARCHIVE={archive}", "-s", f"JOBDIR={jobdir}", "-s", "NEWSARCHIVER_ARCHIVE_BATCH_SIZE=5",
               *[x for k, v in {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}.items() for x in ("-s", f"{k}={v}")]]
        first = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_copies(archive, 10, first)
        first.send_signal(signal.SIGINT)
        assert first.wait(timeout=120) == 0
        paused = rows(archive, "SELECT count(*) FROM copies")[0][0]
        assert paused < len(world.articles)
        assert rows(archive, "SELECT status FROM crawl_runs") == [("shutdown",)]
        assert (jobdir / "requests.queue").exists()
        resumed = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert resumed.returncode == 0, resumed.stderr[-3000:]
    archived = robots_obeyed([r[0] for r in rows(archive, "SELECT url FROM copies")])
    assert len(archived) == len(set(archived)) == len(world.articles)
    assert [r[0] for r in rows(archive, "SELECT status FROM crawl_runs ORDER BY id")] == ["shutdown", "finished"]
    assert_consistent(archive)


def test_several_crawls_write_one_archive_at_once(tmp_path):
    """One process per site, one archive: no 'database is locked', no lost rows."""
    world = build_world(articles=40, seed=10, families=("justnews", "dede"))
    archive = tmp_path / "shared.db"
    with DemoServer(world) as server:
        procs = []
        for site in world.sites:
            cmd = [str(BIN / "scrapy"), "crawl", "repost", "-a", f"start_urls={server.base_urls[site.name]}",
                   "-s", f"NEWSARCHIVER_ARCHIVE={archive}", "-s", "NEWSARCHIVER_ARCHIVE_BATCH_SIZE=3",
                   *[x for k, v in FAST.items() for x in ("-s", f"{k}={v}")]]
            procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                          text=True))
        outputs = [p.communicate(timeout=300)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert not any("database is locked" in o for o in outputs)
    assert not any("could not archive" in o for o in outputs)
    assert rows(archive, "SELECT count(*) FROM copies") == [(len(world.articles),)]
    assert rows(archive, "SELECT count(*) FROM crawl_runs WHERE status = 'finished'") == [(len(world.sites),)]
    assert_consistent(archive)
