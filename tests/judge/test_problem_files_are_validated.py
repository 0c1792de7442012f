"""`python -m app.problems check` names the file and the field of a malformed problem."""
import shutil
import subprocess
import sys

import yaml

from tests.conftest import ROOT


def check(directory) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.problems", "check", str(directory)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_bank_is_valid():
    r = check(ROOT / "problems")
    assert r.returncode == 0, r.stderr


def test_malformed_file_names_file_and_field(tmp_path):
    d = yaml.safe_load((ROOT / "problems" / "two-sum.yaml").read_text())
    d["difficulty"] = "Trivial"
    (tmp_path / "two-sum.yaml").write_text(yaml.safe_dump(d))
    r = check(tmp_path)
    assert r.returncode == 1 and "two-sum.yaml: difficulty:" in r.stderr


def test_missing_reference_solution_is_named(tmp_path):
    d = yaml.safe_load((ROOT / "problems" / "two-sum.yaml").read_text())
    del d["solutions"]["java"]
    (tmp_path / "two-sum.yaml").write_text(yaml.safe_dump(d))
    assert "two-sum.yaml: solutions.java: missing" in check(tmp_path).stderr


def test_broken_yaml_and_wrong_test_keys(tmp_path):
    (tmp_path / "broken.yaml").write_text("slug: [unclosed")
    assert "broken.yaml: (yaml)" in check(tmp_path).stderr
    shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    d = yaml.safe_load((ROOT / "problems" / "two-sum.yaml").read_text())
    d["tests"][0]["input"] = {"numbers": [1]}
    (tmp_path / "two-sum.yaml").write_text(yaml.safe_dump(d))
    assert "two-sum.yaml: tests[0].input" in check(tmp_path).stderr


def test_judge_cli_exit_codes(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(yaml.safe_load((ROOT / "problems" / "two-sum.yaml").read_text())["solutions"]["python"])
    bad = tmp_path / "bad.py"
    bad.write_text("class Solution:\n    def twoSum(self, nums, target):\n        return [0, 1]\n")
    ok = subprocess.run([sys.executable, "-m", "app.judge", "--problem", "two-sum", "--language", "python", str(good),
                         "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0
    import json

    body = json.loads(ok.stdout)
    assert body["verdict"] == "accepted" and body["passed"] == body["total"] and "tests" in body
    no = subprocess.run([sys.executable, "-m", "app.judge", "--problem", "two-sum", "--language", "python", str(bad)],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert no.returncode == 1 and no.stdout.startswith("wrong_answer")
