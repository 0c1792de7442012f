"""Hidden test data never reaches anything a Submit shows. A solution that, during every visible test, scans all
it can reach (the garbage collector's objects, every module's globals, the files around it, its open fds and its
own memory) and prints what it finds shows none of the hidden inputs: the visible tests run in a process that
never receives hidden data. Nothing the hidden tests' process prints (stdout or stderr), raises, or spends in time
is shown either: hidden rows carry a status and nothing else.

The scanner proves it works: values it planted for itself in each place it looks are found and printed."""
import re

from tests.judge.conftest import PROBLEMS, run_judge

SCANNER = r'''
import gc, os, re, sys

_DIGITS = re.compile(rb"(?:-?\d{1,11} ){40,}")
_RUNS = re.compile(rb"[-0-9 ]{80,}")  # every _DIGITS match lies in one of these; finding them first is 4x faster
# Planted values, one range per place the scanner looks, so the test can tell each scanner works.
_PLANT_GC = [7100000 + i for i in range(300)]
_PLANT_GLOBAL = " ".join(str(7500000 + i) for i in range(300))
def _plant_mem(b=b" ".join(str(7200000 + i).encode() for i in range(300)) + b" "):
    return b  # bytes are not tracked by gc and not a module global: only a memory scan finds them
with open("/tmp/plant", "w") as _f:
    _f.write(" ".join(str(7300000 + i) for i in range(300)) + " ")
with open("/tmp/plant-fd", "w") as _f:
    _f.write(" ".join(str(7400000 + i) for i in range(300)) + " ")
_PLANT_FD = os.open("/tmp/plant-fd", os.O_RDONLY)
os.unlink("/tmp/plant-fd")  # now only the open fd leads to it


def _tail(text, n=10):
    return " ".join(str(text).split()[-n:])


def _hits(tag, data, out):
    for run in _RUNS.finditer(data):
        for m in _DIGITS.finditer(run.group()):
            out.append(tag + ": " + _tail(m.group().decode()))


def _scan():
    out, stats = [], {"objects": 0, "modules": 0, "files": 0, "fds": 0, "mem": 0}
    for o in gc.get_objects():
        stats["objects"] += 1
        items = list(o[-12:]) if isinstance(o, (list, tuple)) and len(o) > 100 else \
            list(o.values())[-12:] if isinstance(o, dict) and len(o) > 100 else []
        if sum(str(x).lstrip("-").isdigit() for x in items) >= 8:  # a run of numbers: what inputs look like
            out.append("gc: " + _tail(" ".join(map(str, items))))
    for m in list(sys.modules.values()):
        stats["modules"] += 1
        for v in list(getattr(m, "__dict__", {}).values()):
            if isinstance(v, str) and len(v) > 500:
                v = v.encode()
            if isinstance(v, (bytes, bytearray)) and len(v) > 500:
                _hits("global", bytes(v), out)
    for d in (".", "/tmp"):
        for name in os.listdir(d):
            stats["files"] += 1
            try:
                with open(os.path.join(d, name), "rb") as f:
                    _hits("file", f.read(1 << 22), out)
            except OSError:
                pass
    for fd in os.listdir("/proc/self/fd"):
        fd = int(fd)
        if fd == 0:
            continue  # stdin: reading it would only steal the judge's next visible input
        stats["fds"] += 1
        try:
            _hits("fd", os.pread(fd, 1 << 22, 0), out)
        except OSError:
            pass
    with open("/proc/self/maps") as f:
        maps = f.read().splitlines()
    with open("/proc/self/mem", "rb", 0) as mem:
        for line in maps:
            addr, perms = line.split()[:2]
            lo, hi = (int(x, 16) for x in addr.split("-"))
            if not perms.startswith("rw") or stats["mem"] > 48 << 20:
                continue
            try:
                mem.seek(lo)
                chunk = mem.read(min(hi - lo, 8 << 20))  # bounded, to stay well inside the test's time limit
            except (OSError, ValueError, OverflowError):
                continue
            stats["mem"] += len(chunk)
            _hits("mem", chunk, out)
    return stats, out


class Solution:
    def twoSum(self, nums, target):
        stats, found = _scan()
        print("STATS", " ".join(f"{k}={v}" for k, v in stats.items()))
        plants = {"gc": "7100295", "global": "7500295", "file": "7300295", "fd": "7400295", "mem": "7200295"}
        print("SELF", " ".join(f"{tag}={int(any(x.startswith(tag + ':') and v in x for x in found))}"
                               for tag, v in plants.items()))
        per_tag = {}
        for line in dict.fromkeys(found):  # the rest, at most 3 distinct finds per place (the stdout is capped)
            tag = line.split(":")[0]
            mine = all(7100000 <= int(n) % 10 ** 7 < 7500300 and int(n) % 100000 < 300 and len(n) == 7
                       for n in line.split(":", 1)[1].split())  # only planted values
            if not mine and per_tag.setdefault(tag, 0) < 3:
                per_tag[tag] += 1
                print(line)
        sys.stderr.write("stderr: " + " ".join(map(str, nums[-12:])) + "\n")
        where = {}
        for i, x in enumerate(nums):
            if target - x in where:
                return [where[target - x], i]
            where[x] = i
        return []
'''


def _windows(values, k=6):
    return {tuple(values[i:i + k]) for i in range(len(values) - k + 1)}


def _hidden_windows(slug):
    out = set()
    for t in PROBLEMS[slug].tests:
        if t.hidden:
            for v in t.input.values():
                if isinstance(v, list) and len(v) >= 6:
                    out |= _windows([str(x) for x in v])
    return out


def _shown_text(result):
    shown = [result["compile_output"], result["stderr"]]
    for row in result["tests"]:
        shown += [str(row[k]) for k in ("input", "expected", "output", "stdout", "error", "time_ms")]
    return "\n".join(shown)


def test_a_solution_scanning_memory_globals_files_and_fds_finds_no_hidden_input():
    r = run_judge("two-sum", "python", SCANNER)
    visible = [t for t in r["tests"] if not t["hidden"]]
    assert visible and all(t["stdout"] and "STATS" in t["stdout"] for t in visible), visible
    out = visible[0]["stdout"]
    stats = dict(kv.split("=") for kv in out.split("\n")[0].split()[1:])
    assert int(stats["objects"]) > 1000 and int(stats["mem"]) > 1 << 20 and int(stats["fds"]) >= 1, stats
    self_check = out.split("\n")[1]  # each place it looks found what the scanner planted there
    assert self_check == "SELF gc=1 global=1 file=1 fd=1 mem=1", out
    shown = re.findall(r"-?\d+", _shown_text(r))
    leaked = _windows(shown) & _hidden_windows("two-sum")
    assert not leaked, f"hidden input shown: {sorted(leaked)[:3]}"


def test_hidden_rows_carry_a_status_and_nothing_else():
    code = ("import sys\nclass Solution:\n    def twoSum(self, nums, target):\n"
            "        print(nums)\n        sys.stderr.write(f'err {nums[:50]}\\n')\n"
            "        if len(nums) > 100:\n            raise ValueError(str(nums[:50]))\n"
            "        for i in range(len(nums)):\n            for j in range(i + 1, len(nums)):\n"
            "                if nums[i] + nums[j] == target:\n                    return [i, j]\n")
    r = run_judge("two-sum", "python", code)
    hidden = [t for t in r["tests"] if t["hidden"]]
    assert hidden and any(t["status"] == "runtime_error" for t in hidden), hidden
    for t in hidden:
        assert t["input"] is t["expected"] is t["output"] is t["stdout"] is t["time_ms"] is None, t
        assert t["error"] in (None, t["status"].replace("_", " ")), t
    visible = [t for t in r["tests"] if not t["hidden"]]
    assert r["runtime_ms"] == round(sum(t["time_ms"] for t in visible), 2)
    leaked = _windows(re.findall(r"-?\d+", _shown_text(r))) & _hidden_windows("two-sum")
    assert not leaked, f"hidden input shown: {sorted(leaked)[:3]}"
    assert "err [2, 7, 11, 15]" in r["stderr"]  # the visible run's stderr is still shown



GO_SCANNER = r'''
import (
    "regexp"
    "syscall"
)

var runs = regexp.MustCompile(`(?:-?\d{1,11} ){40,}`)

func report(tag string, data []byte) {
    for _, m := range runs.FindAll(data, 3) {
        f := strings.Fields(string(m))
        fmt.Println(tag, strings.Join(f[len(f)-10:], " "))
    }
}

func twoSum(nums []int, target int) []int {
    for _, dir := range []string{".", "/tmp"} {
        entries, _ := os.ReadDir(dir)
        for _, e := range entries {
            data, _ := os.ReadFile(dir + "/" + e.Name())
            fmt.Println("FILE", dir, e.Name(), len(data))
            report("file", data)
        }
    }
    syscall.SetNonblock(0, true) // what waits on stdin: at most the next visible test, never a hidden one
    buf := make([]byte, 1<<20)
    n, _ := os.Stdin.Read(buf)
    syscall.SetNonblock(0, false)
    report("stdin", buf[:max(n, 0)])
    where := map[int]int{}
    for i, x := range nums {
        if j, ok := where[target-x]; ok {
            return []int{j, i}
        }
        where[x] = i
    }
    return nil
}

func max(a, b int) int {
    if a > b {
        return a
    }
    return b
}
'''


def test_a_go_solution_reading_its_files_and_stdin_finds_no_hidden_input():
    r = run_judge("two-sum", "go", GO_SCANNER)
    visible = [t for t in r["tests"] if not t["hidden"]]
    assert visible and all("FILE . solution.go" in (t["stdout"] or "") for t in visible), visible
    leaked = _windows(re.findall(r"-?\d+", _shown_text(r))) & _hidden_windows("two-sum")
    assert not leaked, f"hidden input shown: {sorted(leaked)[:3]}"


TS_SCANNER = r'''
const fs = require("fs");
function report(tag: string, data: string) {
    for (const m of (data.match(/(?:-?\d{1,11} ){40,}/g) || []).slice(0, 3)) console.log(tag, m.trim().split(" ").slice(-10).join(" "));
}
function twoSum(nums: number[], target: number): number[] {
    for (const dir of [".", "/tmp"]) for (const name of fs.readdirSync(dir)) {
        let data = "";
        try { data = fs.readFileSync(dir + "/" + name, "latin1"); } catch (e) { continue; }
        console.log("FILE", dir, name, data.length);
        report("file", data);
    }
    const where = new Map<number, number>();
    for (let i = 0; i < nums.length; i++) {
        if (where.has(target - nums[i])) return [where.get(target - nums[i]), i];
        where.set(nums[i], i);
    }
    return [];
};
'''


def test_a_typescript_solution_reading_its_files_finds_no_hidden_input():
    r = run_judge("two-sum", "typescript", TS_SCANNER)
    visible = [t for t in r["tests"] if not t["hidden"]]
    assert visible and all("FILE . main.ts" in (t["stdout"] or "") for t in visible), visible
    leaked = _windows(re.findall(r"-?\d+", _shown_text(r))) & _hidden_windows("two-sum")
    assert not leaked, f"hidden input shown: {sorted(leaked)[:3]}"
