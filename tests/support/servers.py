"""Real servers for fault tests: gunicorn serving the app, a private PostgreSQL cluster, a private Redis.

Each runs as its own process group on a free 127.0.0.1 port, so a test can SIGKILL the whole of it (a
gunicorn master and its workers at once) without touching anything else on the machine.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.support.web import CSRF_META, PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group, read from /proc."""
    pids = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(stat.split("/")[2]))
    return pids


def _wait_gone(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not group_members(pgid):
            return True
        time.sleep(0.05)
    return not group_members(pgid)


class Gunicorn:
    """The app served as ``run.sh`` serves it: gunicorn, sync workers, the grading consumer not in them."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        workers: int = 2,
        port: int | None = None,
        config: str | None = None,
    ):
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.port = port or free_port()
        # run.sh's gunicorn settings (python:trainer.serving) load the understanding layer's tables in the
        # master, about a second a start: only the tests about that ask for them
        self.config = config
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Gunicorn:
        """Start gunicorn and wait until it serves the sign-in page."""
        env = {**os.environ, "RUN_CONSUMER_IN_APP": "0", **self.env}
        # the same flags as run.sh (its defaults), on this test's port
        cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}"]
        cmd += ["--workers", str(self.workers), "--worker-class", "sync", "--timeout", "60"]
        # --preload: the app is imported once, in the master, not once per worker (half the start-up on a
        # busy two-core machine); it opens no database connection before the fork.
        # --no-control-socket: gunicorn's control socket has one default path per user, which parallel
        # tests and other servers on the machine would share.
        cmd += ["--graceful-timeout", "20", "--preload", "--no-control-socket"]
        cmd += [*(["--config", self.config] if self.config else []), "app:app"]
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.log_tail()}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/login")
                # serving, and every worker booted: one answering does not mean the others are up yet
                if conn.getresponse().status == 200 and len(self.members()) >= self.workers + 1:
                    return self
            except OSError:
                pass
            finally:
                conn.close()
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not serve within {timeout} s:\n{self.log_tail()}")

    def members(self) -> list[int]:
        """The master and worker pids."""
        assert self.proc is not None
        return group_members(self.proc.pid)

    def kill9(self) -> None:
        """SIGKILL the master and every worker at once, and wait until none is left."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        assert _wait_gone(self.proc.pid, 10), "gunicorn processes survived SIGKILL"

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), killing what is left after a few seconds."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(15)
        if group_members(self.proc.pid):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            _wait_gone(self.proc.pid, 10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class HttpSession:
    """A signed-in visitor over plain ``http.client``: cookies, CSRF tokens, keep-alive per thread."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, timeout: float = 10):
        self.port = port
        self.cookies = dict(cookies or {})
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def copy(self) -> HttpSession:
        """Another connection with the same cookies (one per thread)."""
        return HttpSession(self.port, self.cookies, self.timeout)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        """One request; raises OSError / http.client errors when the server is gone."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        hdrs = dict(headers or {})
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=hdrs)
            resp = self.conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
        except Exception:
            self.close()
            raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return resp.status, {k.lower(): v for k, v in resp.headers.items()}, text

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, headers={"Accept": "text/html"})

    def post_form(self, path: str, data: dict[str, str]) -> tuple[int, dict[str, str], str]:
        return self.request(
            "POST", path, urlencode(data).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_json(self, path: str, payload: Any, csrf: str) -> tuple[int, dict[str, str], str]:
        return self.request(
            "POST",
            path,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
        )

    def csrf(self, path: str = "/login") -> str:
        status, _, page = self.get(path)
        match = CSRF_META.search(page)
        assert status == 200 and match, f"no CSRF token on {path} ({status})"
        return match.group(1)

    def login(self, email: str, password: str = PASSWORD) -> None:
        """Sign in through the real form."""
        token = self.csrf("/login")
        status, headers, _ = self.post_form(
            "/login", {"email": email, "password": password, "csrf_token": token}
        )
        assert status == 302 and "/login" not in headers.get("location", ""), f"sign-in failed ({status})"

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- a private PostgreSQL cluster ---------------------------------------------------------------------


def postgres_bin() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl, if any."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [p for p in found if (p / "pg_ctl").exists()]
    return (
        sorted(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)[-1]
        if found
        else None
    )


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temp dir on a free port (trust auth), stopped and removed after.

    initdb refuses to run as root; under root the cluster belongs to the ``postgres`` system user.
    """

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres", "postgres")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            [*self._as, *args], check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def init(self) -> PrivatePostgres:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-instructions", "--no-sync",
        )  # fmt: skip
        return self

    def start(self) -> None:
        """Start the server (listening on 127.0.0.1 only, its socket in the temp dir) and wait for it."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: ``immediate`` drops every connection at once, as a crash would."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        if self.running():
            with contextlib.suppress(subprocess.SubprocessError):
                self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# --- a private Redis ----------------------------------------------------------------------------------


class PrivateRedis:
    """``redis-server`` on a free port with no persistence, so tests never touch the suite's Redis."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        import redis

        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    client.close()
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
