"""The data dir is 0700 and the SQLite database with its -wal and -shm files 0600, for a fresh install and for
an older one whose files were created with the default umask."""
import os
import sqlite3
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """import os, stat, sys
from sqlalchemy import text
from app import db
from app.config import settings
_ = settings.secret
engine = db.get_engine()
with engine.begin() as conn:
    conn.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
    conn.execute(text("INSERT INTO probe VALUES (1)"))
with engine.connect() as conn:  # open: the -wal and -shm files exist now
    conn.execute(text("SELECT count(*) FROM probe")).all()
    d = settings.parley_data_dir
    for name in ["", "parley.db", "parley.db-wal", "parley.db-shm", "secret"]:
        p = d / name if name else d
        print(name or "dir", oct(stat.S_IMODE(os.stat(p).st_mode)))
"""


def _modes(data_dir) -> dict:
    env = {**os.environ, "PARLEY_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("PARLEY_SECRET", None)
    subprocess.run([sys.executable, "-m", "app.manage", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout
    return dict(line.split() for line in out.splitlines())


EXPECTED = {"dir": "0o700", "parley.db": "0o600", "parley.db-wal": "0o600", "parley.db-shm": "0o600",
            "secret": "0o600"}


def test_a_fresh_data_dir_is_private(tmp_path):
    assert _modes(tmp_path / "data") == EXPECTED


def test_an_older_install_is_made_private(tmp_path):
    """A data dir and database made before (0755 / 0644, the default umask) are tightened at start-up."""
    data = tmp_path / "old"
    data.mkdir()
    os.chmod(data, 0o755)
    sqlite3.connect(data / "parley.db").execute("CREATE TABLE old (x INTEGER)").connection.close()
    os.chmod(data / "parley.db", 0o644)
    (data / "secret").write_text("an-old-secret-made-with-a-loose-mode-0123456789")
    os.chmod(data / "secret", 0o644)
    assert _modes(data) == EXPECTED
