"""`time_limit` is decided by clocks the submission cannot touch: the slot's CPU counter (the kernel's accounting)
and the supervisor's wall clock, read as each result record arrives. A quadratic solution that first replaces
every clock it can reach (time.*, the harness's globals and functions, os.write rewriting its records; in
JavaScript Date.now, performance.now, process.hrtime) still gets `time_limit`, exactly as without the patch. A
watchdog stops a run as soon as the current test is past its limit, so an endless loop on Submit ends at about
the time limit, not the whole run's budget."""
import time

from app.config import settings
from tests.judge.conftest import PROBLEMS, run_judge

LIMIT_S = PROBLEMS["two-sum"].time_limit_ms / 1000
# The CPU limit stops an endless loop after a second of CPU, which is about a second when the machine is idle; on
# a machine loaded past its cores that second takes longer, and the wall-clock allowance (JUDGE_WALL_FACTOR times
# the limit) stops it at the latest. Either is far below the run's whole budget (JUDGE_TIMEOUT_MS, 15 s), which is
# where an endless loop used to end.
_ABOUT_THE_LIMIT = LIMIT_S * settings.judge_wall_factor + 2.5

PATCH_EVERY_CLOCK_PY = r'''
import os, re, sys, time
for _name in ("perf_counter", "monotonic", "time", "process_time", "thread_time"):
    setattr(time, _name, lambda *a: 0.0)
for _name in ("perf_counter_ns", "monotonic_ns", "time_ns", "process_time_ns", "thread_time_ns"):
    setattr(time, _name, lambda *a: 0)
_main = sys.modules["__main__"]
for _k, _v in list(vars(_main).items()):  # the harness's own clocks and helpers, whatever their names
    if getattr(_v, "__module__", None) == "time" or _k in ("perf_counter", "monotonic", "time_ns"):
        setattr(_main, _k, lambda *a: 0)
_real_write = os.write
def _forging_write(fd, data):  # every record written anywhere claims it took 1 microsecond
    data = re.sub(rb"^(\S+ \d+ (?:OK|ERR) )\d+", rb"\g<1>1", bytes(data))
    return _real_write(fd, data)
os.write = _forging_write
for _k, _v in list(vars(_main).items()):
    if callable(_v) and getattr(_v, "__module__", None) == "__main__" and _k.startswith("_"):
        _inner = _v
        def _wrapped(*a, _inner=_inner, **k):
            a = tuple(re.sub(r"^(\S+ \d+ (?:OK|ERR) )\d+", r"\g<1>1", x) if isinstance(x, str) else x for x in a)
            return _inner(*a, **k)
        setattr(_main, _k, _wrapped)
'''

PATCH_EVERY_CLOCK_JS = r'''
Date.now = () => 0;
performance.now = () => 0;
const __zero = () => [0, 0];
__zero.bigint = () => 0n;
process.hrtime = __zero;
process.uptime = () => 0;
'''

SLOW_JS = r'''
var twoSum = function(nums, target) {
    let found = [];
    // Quadratic, repeated 200 times on large inputs: ~10^10 steps, minutes on any machine V8 runs on (20 repeats
    // were ~1 s on a fast CI core, too close to the 1 s limit). The watchdog stops it at the limit either way.
    for (let rep = 0; rep < (nums.length > 1000 ? 200 : 1); rep++) {
        let acc = 0;
        for (let i = 0; i < nums.length; i++)
            for (let j = i + 1; j < nums.length; j++) {
                acc ^= nums[i] + nums[j];
                if (nums[i] + nums[j] === target) found = [i, j];
            }
        if (acc === 0.5) return [];
    }
    return found;
};
'''


def _failing(r):
    return [(t["index"], t["status"], t["error"]) for t in r["tests"] if t["status"] != "passed"]


def test_quadratic_python_gets_time_limit():
    r = run_judge("two-sum", "python", PROBLEMS["two-sum"].slow["python"])
    assert r["verdict"] == "time_limit", _failing(r)


def test_quadratic_python_that_patches_every_clock_still_gets_time_limit():
    r = run_judge("two-sum", "python", PATCH_EVERY_CLOCK_PY + PROBLEMS["two-sum"].slow["python"])
    assert r["verdict"] == "time_limit", _failing(r)


def test_the_clock_patch_alone_is_harmless():
    """The same patches on the reference solution: still accepted (the patch itself is not what fails)."""
    r = run_judge("two-sum", "python", PATCH_EVERY_CLOCK_PY + PROBLEMS["two-sum"].solutions["python"])
    assert r["verdict"] == "accepted", _failing(r)


def test_quadratic_javascript_gets_time_limit_with_or_without_clock_patches():
    for code in (SLOW_JS, PATCH_EVERY_CLOCK_JS + SLOW_JS):
        r = run_judge("two-sum", "javascript", code)
        assert r["verdict"] == "time_limit", _failing(r)


def test_endless_loop_on_submit_ends_at_about_the_time_limit():
    code = "class Solution:\n    def twoSum(self, nums, target):\n        while True:\n            pass\n"
    t = time.monotonic()
    r = run_judge("two-sum", "python", code)
    elapsed = time.monotonic() - t
    assert r["verdict"] == "time_limit" and r["tests"][0]["status"] == "time_limit", _failing(r)
    assert all(t["status"] == "skipped" for t in r["tests"][1:]), _failing(r)
    assert elapsed < _ABOUT_THE_LIMIT, f"an endless loop took {elapsed:.1f} s (limit {LIMIT_S} s)"


def test_endless_loop_in_javascript_ends_at_about_the_time_limit():
    t = time.monotonic()
    r = run_judge("two-sum", "javascript", "var twoSum = function(nums, target) { for (;;) {} };")
    elapsed = time.monotonic() - t
    assert r["verdict"] == "time_limit", _failing(r)
    assert elapsed < _ABOUT_THE_LIMIT, f"an endless loop took {elapsed:.1f} s (limit {LIMIT_S} s)"


def test_a_sleeping_solution_is_stopped_by_the_wall_clock():
    code = "import time\nclass Solution:\n    def twoSum(self, nums, target):\n        time.sleep(60)\n"
    t = time.monotonic()
    r = run_judge("two-sum", "python", code)
    elapsed = time.monotonic() - t
    assert r["verdict"] == "time_limit" and r["tests"][0]["status"] == "time_limit", _failing(r)
    assert elapsed < LIMIT_S * settings.judge_wall_factor + 3.0, f"a sleeping solution took {elapsed:.1f} s"


SLOW_GO = '''func twoSum(nums []int, target int) []int {
    found := []int{}
    for rep := 0; rep < 1+200*(len(nums)/1000); rep++ { // quadratic, and then some
        for i := range nums {
            for j := i + 1; j < len(nums); j++ {
                if nums[i]+nums[j] == target+rep {
                    found = []int{i, j}
                }
            }
        }
    }
    return found
}
'''


def test_quadratic_go_gets_time_limit():
    r = run_judge("two-sum", "go", SLOW_GO)
    assert r["verdict"] == "time_limit", _failing(r)


def test_endless_loop_in_go_ends_at_about_the_time_limit():
    t = time.monotonic()
    r = run_judge("two-sum", "go", "func twoSum(nums []int, target int) []int {\n    for {\n    }\n}\n")
    elapsed = time.monotonic() - t
    assert r["verdict"] == "time_limit", _failing(r)
    assert elapsed < _ABOUT_THE_LIMIT + 2, f"an endless loop took {elapsed:.1f} s (limit {LIMIT_S} s)"


def test_go_memory_hog_gets_memory_limit():
    code = ("var keep [][]byte\nfunc twoSum(nums []int, target int) []int {\n"
            "    for {\n        b := make([]byte, 1<<24)\n        for i := range b { b[i] = 1 }\n"
            "        keep = append(keep, b)\n    }\n}\n")
    r = run_judge("two-sum", "go", code)
    assert r["verdict"] == "memory_limit", _failing(r)


def test_endless_loop_in_typescript_ends_at_about_the_time_limit():
    t = time.monotonic()
    r = run_judge("two-sum", "typescript", "function twoSum(nums: number[], target: number): number[] { for (;;) {} };")
    elapsed = time.monotonic() - t
    assert r["verdict"] == "time_limit", _failing(r)
    assert elapsed < _ABOUT_THE_LIMIT + 4, f"an endless loop took {elapsed:.1f} s (limit {LIMIT_S} s)"


def test_typescript_memory_hog_gets_memory_limit():
    code = ("const keep: Buffer[] = [];\nfunction twoSum(nums: number[], target: number): number[] {\n"
            "    for (;;) keep.push(Buffer.alloc(1 << 24, 1));\n};\n")
    r = run_judge("two-sum", "typescript", code)
    assert r["verdict"] == "memory_limit", _failing(r)
