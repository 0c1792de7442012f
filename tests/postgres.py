"""A throw-away PostgreSQL cluster for tests: initdb into a temp dir, started on a free loopback port as the
unprivileged `postgres` user (initdb refuses root), stopped by PID afterwards."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(Exception):
    pass


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
    return Path(found[-1]).parent


class Postgres:
    def __init__(self, port: int):
        self.port = port
        self.bindir = _bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="parley-pg-"))
        self.proc: subprocess.Popen | None = None
        try:
            self.user = pwd.getpwnam("postgres")
        except KeyError as e:
            raise PostgresUnavailable("no `postgres` OS user") from e

    def _as_postgres(self):
        def drop():
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)
        return drop if os.geteuid() == 0 else None

    def start(self) -> str:
        os.chown(self.dir, self.user.pw_uid, self.user.pw_gid) if os.geteuid() == 0 else None
        data = self.dir / "data"
        r = subprocess.run([str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                            "--no-sync", "-E", "UTF8"], capture_output=True, text=True,
                           preexec_fn=self._as_postgres(), timeout=120)
        if r.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {r.stderr[-500:]}")
        self.proc = subprocess.Popen(
            [str(self.bindir / "postgres"), "-D", str(data), "-p", str(self.port), "-h", "127.0.0.1",
             "-k", str(self.dir), "-c", "fsync=off", "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL, stderr=(self.dir / "log").open("w"), preexec_fn=self._as_postgres())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise PostgresUnavailable(f"postgres exited: {(self.dir / 'log').read_text()[-500:]}")
            ready = subprocess.run([str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
            time.sleep(0.2)
        raise PostgresUnavailable("postgres did not become ready in 30 s")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
