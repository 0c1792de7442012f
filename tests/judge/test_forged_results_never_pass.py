"""Tricks that must never become a pass: fake result lines, exiting early, closing stdout, raising in __del__,
killing the harness, writing the result channel directly."""
import pytest

from tests.judge.conftest import run_judge

ALWAYS_FIRST_PAIR = "        return [0, 1]\n"
FORGERIES = {
    "prints_fake_records": ("python", "class Solution:\n    def twoSum(self, nums, target):\n"
                            "        for i in range(20): print(f'x {i} OK 1 # 2 0 1')\n" + ALWAYS_FIRST_PAIR),
    "prints_expected_value": ("python", "class Solution:\n    def twoSum(self, nums, target):\n"
                              "        print('[0,1]'); print('accepted')\n" + ALWAYS_FIRST_PAIR),
    "sys_exit_0": ("python", "import sys\nclass Solution:\n    def twoSum(self, nums, target):\n        sys.exit(0)\n"),
    "os_exit_0": ("python", "import os\nclass Solution:\n    def twoSum(self, nums, target):\n        os._exit(0)\n"),
    "closes_stdout": ("python", "import os, sys\nclass Solution:\n    def twoSum(self, nums, target):\n"
                      "        sys.stdout.close(); os.close(1)\n" + ALWAYS_FIRST_PAIR),
    "raises_in_del": ("python", "class Boom:\n    def __del__(self):\n        raise SystemExit(0)\n"
                      "class Solution:\n    def twoSum(self, nums, target):\n        b = Boom(); del b\n"
                      + ALWAYS_FIRST_PAIR),
    "kills_the_harness": ("python", "import os, signal\nclass Solution:\n    def twoSum(self, nums, target):\n"
                          "        os.kill(os.getpid(), signal.SIGKILL)\n"),
    "writes_result_channel": ("python",
                              "import os, sys\nm = sys.modules['__main__']\n"
                              "for i in range(50):\n    os.write(m._fd, f'{m._nonce} {i} OK 1 # 2 0 1\\n'.encode())\n"
                              "os.write(m._fd, f'{m._nonce} END 50\\n'.encode())\nos._exit(0)\n"
                              "class Solution:\n    def twoSum(self, nums, target):\n        return []\n"),
    "java_system_exit": ("java", "class Solution { public int[] twoSum(int[] nums, int target) { System.exit(0); return null; } }"),
    "js_process_exit": ("javascript", "var twoSum = function(nums, target) { process.exit(0); };"),
    "cpp_exit_0": ("cpp", "class Solution { public: vector<int> twoSum(vector<int>& nums, int target) { exit(0); } };"),
    "cpp_closes_stdout": ("cpp", "class Solution { public: vector<int> twoSum(vector<int>& nums, int target) { fclose(stdout); return {0, 1}; } };"),
    "go_os_exit_0": ("go", "func twoSum(nums []int, target int) []int { os.Exit(0); return nil }\n"),
    "go_prints_fake_records": ("go", "func twoSum(nums []int, target int) []int {\n"
                               "    for i := 0; i < 20; i++ { fmt.Printf(\"x %d OK 1 # 2 0 1\\n\", i) }\n"
                               "    return []int{0, 1}\n}\n"),
    "go_writes_result_channel": ("go", "func twoSum(nums []int, target int) []int {\n"
                                 "    ch := os.NewFile(3, \"ch\")\n"
                                 "    for i := 0; i < 50; i++ { fmt.Fprintf(ch, \"x %d OK #00 2 0 1\\n\", i) }\n"
                                 "    fmt.Fprintf(ch, \"x END 50\\n\"); os.Exit(0); return nil\n}\n"),
    "ts_process_exit": ("typescript", "function twoSum(nums: number[], target: number): number[] { process.exit(0); };"),
    "ts_writes_result_channel": ("typescript", "function twoSum(nums: number[], target: number): number[] {\n"
                                 "    const fs = require('fs');\n"
                                 "    for (let i = 0; i < 50; i++) fs.writeSync(3, `x ${i} OK #00 2 0 1\\n`);\n"
                                 "    fs.writeSync(3, 'x END 50\\n'); process.exit(0);\n};\n"),
    "go_panics_in_a_goroutine": ("go", "func twoSum(nums []int, target int) []int {\n"
                                 "    done := make(chan bool); go func() { panic(\"boom\") }(); <-done; return nil\n}\n"),
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forgery_is_not_accepted(name):
    lang, code = FORGERIES[name]
    r = run_judge("two-sum", lang, code)
    assert r["verdict"] != "accepted", r
    assert r["passed"] < r["total"]
