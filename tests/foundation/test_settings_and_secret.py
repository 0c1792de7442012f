"""Settings come from the environment; the signing secret is generated once, private, and reused; a secret
under 32 bytes (explicit or stored) stops start-up with its name."""
import os
import stat
import subprocess
import sys

from tests.conftest import ROOT


def _secret(data_dir, **env):
    code = "from app.config import settings; print(settings.secret)"
    e = {**os.environ, "PARLEY_DATA_DIR": str(data_dir), **env}
    e.pop("PARLEY_SECRET", None) if "PARLEY_SECRET" not in env else None
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=e, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_secret_is_generated_once_with_0600_and_reused(tmp_path):
    first = _secret(tmp_path)
    assert len(first) >= 40
    mode = stat.S_IMODE((tmp_path / "secret").stat().st_mode)
    assert mode == 0o600
    assert _secret(tmp_path) == first


def test_explicit_secret_wins_and_is_not_written(tmp_path):
    explicit = "from-env-" + "x" * 32
    assert _secret(tmp_path, PARLEY_SECRET=explicit) == explicit
    assert not (tmp_path / "secret").exists()


def _start(data_dir, **env) -> subprocess.CompletedProcess:
    e = {**os.environ, "PARLEY_DATA_DIR": str(data_dir), **env}
    e.pop("PARLEY_SECRET", None) if "PARLEY_SECRET" not in env else None
    return subprocess.run([sys.executable, "-c", "from app.api import build_api; build_api()"], cwd=ROOT, env=e,
                          capture_output=True, text=True, timeout=120)


def test_a_short_secret_stops_start_up_naming_it(tmp_path):
    """HS256 with a short key: one captured cookie is enough to brute-force it offline and forge any user."""
    for short in ("from-env", "x" * 31, "é" * 15):  # 15 × 2 bytes: counted in bytes, not characters
        p = _start(tmp_path, PARLEY_SECRET=short)
        assert p.returncode != 0 and "PARLEY_SECRET" in p.stderr and "32 bytes" in p.stderr, (short, p.stderr[-1500:])
    assert _start(tmp_path, PARLEY_SECRET="y" * 32).returncode == 0


def test_a_short_stored_secret_stops_start_up_naming_the_file(tmp_path):
    (tmp_path / "secret").write_text("too-short")
    p = _start(tmp_path)
    assert p.returncode != 0 and str(tmp_path / "secret") in p.stderr, p.stderr[-1500:]


def test_default_database_is_sqlite_under_data_dir(tmp_path):
    code = "from app.config import settings; print(settings.db_url)"
    env = {**os.environ, "PARLEY_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == f"sqlite:///{tmp_path}/parley.db"
