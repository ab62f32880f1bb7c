"""A private Apache with mod_php: its own config file, ``Listen 127.0.0.1:<free port>``, logs in a temp dir.

Debian's apache2 package may start a system Apache on :80 from /etc/apache2; this one is started as
``apache2 -f <our config> -DFOREGROUND``, loads only the modules it names and shares no port, pid file,
mutex or runtime directory with it. ``.htaccess`` files are honoured (``AllowOverride All``) so a CMS's
own rewrite rules (WordPress pretty permalinks, Z-BlogPHP pseudo-static URLs) work as on a real host.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

from .procs import Child, free_port, run, wait_for, web_user

HTTPD = shutil.which("apache2") or ("/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None)
MODULES = Path("/usr/lib/apache2/modules")
NEEDED = ("mod_mpm_prefork.so", "mod_authz_core.so", "mod_dir.so", "mod_mime.so", "mod_rewrite.so")


def php_module() -> Path | None:
    found = sorted(MODULES.glob("libphp*.so"))
    return found[-1] if found else None


def missing() -> str | None:
    """Why a private Apache with mod_php cannot be started here, or None."""
    if not HTTPD:
        return "apache2 is not installed (apt-get install apache2; .ci/run does it)"
    for name in NEEDED:
        if not (MODULES / name).exists():
            return f"{MODULES / name} is missing (apt-get install apache2)"
    if php_module() is None:
        return "mod_php is not installed (apt-get install libapache2-mod-php; .ci/run does it)"
    return None


CONFIG = """\
# Written by tests/cms/apache.py: a private Apache for one CMS fixture.
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {run}/httpd.pid
DefaultRuntimeDir {run}
Mutex file:{run} default
ErrorLog {run}/error.log
LogLevel warn
LogFormat "%h %t \\"%r\\" %>s %b %D" timed
CustomLog {run}/access.log timed
{user}
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule php_module {php}
StartServers 2
MinSpareServers 2
MaxSpareServers 6
MaxRequestWorkers 12
TypesConfig /etc/mime.types
AddDefaultCharset off
DocumentRoot "{docroot}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docroot}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
DirectoryIndex index.php index.html
<FilesMatch "\\.php$">
    SetHandler application/x-httpd-php
</FilesMatch>
php_admin_flag log_errors on
php_admin_value error_log {run}/php-errors.log
"""


class Apache:
    """``with Apache(run_dir, docroot) as web:`` serves ``docroot`` on ``web.url`` until the block ends."""

    def __init__(self, run_dir: Path, docroot: Path, port: int | None = None) -> None:
        self.run_dir = run_dir
        self.docroot = docroot
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.config = run_dir / "httpd.conf"
        self.log = run_dir / "error.log"
        self._child: Child | None = None

    def write_config(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.chmod(0o755)
        user = web_user()
        self.config.write_text(CONFIG.format(
            port=self.port, run=self.run_dir, docroot=self.docroot, modules=MODULES, php=php_module(),
            user=f"User {user[0]}\nGroup {user[1]}" if user else ""))

    def start(self) -> Apache:
        self.write_config()
        run([HTTPD, "-t", "-f", str(self.config)], self.run_dir / "configtest.log")
        self._child = Child([HTTPD, "-f", str(self.config), "-DFOREGROUND"], self.run_dir / "apache.out")
        wait_for(self._answers, 30, f"private Apache on {self.url}", self.log, self._child.proc)
        return self

    def _answers(self) -> bool:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
        try:
            with opener.open(self.url + "robots.txt", timeout=5):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means Apache is serving
        except OSError:
            return False

    def stop(self) -> None:
        if self._child is not None:
            self._child.stop()
            self._child = None

    def __enter__(self) -> Apache:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
