"""Running the fixtures' PHP scripts (tests/cms/php/*.php) with Debian's PHP CLI; they answer in JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .procs import ServiceError

PHP = shutil.which("php")
SCRIPTS = Path(__file__).resolve().parent / "php"


def missing(*extensions: str) -> str | None:
    """Why the PHP CLI with ``extensions`` is not usable here, or None."""
    if not PHP:
        return "php is not installed (apt-get install php-cli; .ci/run does it)"
    loaded = subprocess.run([PHP, "-m"], capture_output=True, text=True).stdout.lower().split()
    for ext in extensions:
        if ext.lower() not in loaded:
            return f"the PHP extension {ext} is missing (apt-get install php-{ext}; .ci/run does it)"
    return None


def run_php(script: str, *args: str | Path, log: Path, cwd: Path | None = None, timeout: float = 300) -> Any:
    """Run ``php/<script>`` with ``args``; return the JSON it prints last. Its stderr goes to ``log``."""
    result = subprocess.run([PHP, "-d", "display_errors=stderr", "-d", "memory_limit=512M", str(SCRIPTS / script),
                             *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)
    with log.open("a") as out:
        out.write(f"$ php {script} {' '.join(map(str, args))}\n{result.stderr}")
    lines = [line for line in result.stdout.splitlines() if line.startswith(("{", "["))]
    if result.returncode != 0 or not lines:
        raise ServiceError(f"php {script} exited with {result.returncode}\nstdout: {result.stdout[-3000:]}\n"
                           f"stderr: {result.stderr[-3000:]}")
    return json.loads(lines[-1])
