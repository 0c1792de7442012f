"""Per-language harness generators. Each returns the files to run: the user's code with LeetCode's prelude
(ListNode, TreeNode, usual imports) and a driver that reads inputs from `tests.in`, calls the method once per
test, and writes one record per test to the result file named there (never to stdout, which the user owns)."""
from app.judge.harness import cpp, java, javascript, python

GENERATORS = {"python": python, "javascript": javascript, "java": java, "cpp": cpp}
