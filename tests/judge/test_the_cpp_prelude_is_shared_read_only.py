"""C++ submissions compile against a prelude precompiled once by setup (root's, in the toolchain directory every box
binds read-only, as are <bits/stdc++.h>'s and <iostream>'s for plain runs): no program can change what later submissions include, code naming something beyond it gets
<bits/stdc++.h> as before, and a name the prelude lacks never shows as the user's compile error."""
import hashlib
import os

import pytest

from app.judge.harness import cpp
from app.problems import get
from app.sandbox import ExecRequest, File, execute
from tests.conftest import run_async
from tests.judge.conftest import run_judge

pytestmark = pytest.mark.skipif(cpp._beyond() is None, reason="the C++ prelude is not built (make setup as root)")

ARTEFACTS = ("parley_prelude.h", "parley_prelude.h.gch", "parley_prelude.beyond", "bits/stdc++.h.gch", "iostream.gch")

TAMPER = r"""#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
int main() {
  const std::string d = "DIR/";
  const char* names[] = {"parley_prelude.h", "parley_prelude.h.gch", "parley_prelude.beyond", "bits/stdc++.h.gch",
                         "iostream.gch"};
  for (const char* n : names) {
    std::string p = d + n;
    struct stat st = {};
    int found = stat(p.c_str(), &st) == 0;
    printf("%s exists=%d size=%lld", n, found, (long long) st.st_size);
    printf(" open=%d", open(p.c_str(), O_WRONLY | O_TRUNC) < 0 ? errno : 0);
    printf(" unlink=%d", unlink(p.c_str()) < 0 ? errno : 0);
    printf(" rename=%d", rename(p.c_str(), (p + ".old").c_str()) < 0 ? errno : 0);
    printf(" chmod=%d\n", chmod(p.c_str(), 0777) < 0 ? errno : 0);
  }
  printf("create=%d\n", open((d + "evil.h.gch").c_str(), O_CREAT | O_WRONLY, 0644) < 0 ? errno : 0);
  printf("mkdir=%d\n", mkdir((d + "bits2").c_str(), 0755) < 0 ? errno : 0);
}
"""

MUTEX_SOLUTION = """class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        std::mutex m; std::lock_guard<std::mutex> g(m);
        unordered_map<long long, int> seen;
        for (int i = 0; i < (int)nums.size(); i++) {
            auto it = seen.find((long long)target - nums[i]);
            if (it != seen.end()) return {it->second, i};
            seen[nums[i]] = i;
        }
        return {};
    }
};
"""


def _digests() -> dict[str, str]:
    return {n: hashlib.sha256(open(os.path.join(cpp.PCH_DIR, n), "rb").read()).hexdigest() for n in ARTEFACTS}


def test_a_program_cannot_overwrite_replace_or_add_to_the_precompiled_headers():
    before = _digests()
    res = run_async(execute(ExecRequest("cpp", [File("main.cpp", TAMPER.replace("DIR", cpp.PCH_DIR))]), local=True))
    assert res.status == "ok", res
    lines = res.run.stdout.splitlines()
    assert len(lines) == len(ARTEFACTS) + 2, res.run.stdout
    denied = {30, 13, 1}  # EROFS, EACCES, EPERM: the box sees the directory read-only
    for name, line in zip(ARTEFACTS, lines):
        fields = dict(f.split("=") for f in line.split()[1:])
        assert line.startswith(name) and fields["exists"] == "1", line
        assert int(fields["size"]) == os.path.getsize(os.path.join(cpp.PCH_DIR, name)), line
        assert all(int(fields[op]) in denied for op in ("open", "unlink", "rename", "chmod")), line
    assert all(int(line.split("=")[1]) in denied for line in lines[-2:]), lines[-2:]
    assert _digests() == before
    assert not os.path.exists(os.path.join(cpp.PCH_DIR, "evil.h.gch"))
    # and the next submission still compiles against the same prelude and is judged right
    p = get("two-sum")
    assert cpp.files(p, p.solutions["cpp"], library=True)[0][0][1].startswith("#include <parley_prelude.h>\n")
    assert run_judge("two-sum", "cpp", p.solutions["cpp"])["verdict"] == "accepted"


def test_a_submission_naming_what_only_bits_stdcpp_declares_gets_bits_stdcpp():
    p = get("two-sum")
    src = cpp.files(p, MUTEX_SOLUTION, library=True)[0][0][1]
    assert src.startswith("#include <bits/stdc++.h>\n")
    assert run_judge("two-sum", "cpp", MUTEX_SOLUTION)["verdict"] == "accepted"


def test_a_name_the_prelude_lacks_is_retried_with_bits_stdcpp_not_reported(monkeypatch):
    monkeypatch.setattr(cpp, "_beyond", lambda: frozenset())  # as if the list missed <mutex>'s names
    p = get("two-sum")
    assert cpp.files(p, MUTEX_SOLUTION, library=True)[0][0][1].startswith("#include <parley_prelude.h>\n")
    assert run_judge("two-sum", "cpp", MUTEX_SOLUTION)["verdict"] == "accepted"
    # a real mistake is still the user's compile error, about their own line
    broken = MUTEX_SOLUTION.replace("return {};", "return undefined_name;")
    r = run_judge("two-sum", "cpp", broken)
    assert r["verdict"] == "compile_error", r
    assert "undefined_name" in str(r) and "solution.cpp:11" in str(r), r
