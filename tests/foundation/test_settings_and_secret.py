"""Settings come from the environment; the signing secret is generated once, private, and reused."""
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
    assert _secret(tmp_path, PARLEY_SECRET="from-env") == "from-env"
    assert not (tmp_path / "secret").exists()


def test_default_database_is_sqlite_under_data_dir(tmp_path):
    code = "from app.config import settings; print(settings.db_url)"
    env = {**os.environ, "PARLEY_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == f"sqlite:///{tmp_path}/parley.db"
