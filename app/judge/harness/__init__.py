"""Per-language harness generators. Each returns the files to run: the user's code with LeetCode's prelude
(ListNode, TreeNode, usual imports), its line numbers kept, and a driver that says READY before loading it, then
reads one test's input at a time from stdin, calls the method, and writes one record per test to the result
channel, fd 3 (never to stdout, which the user owns). The protocol is in app/judge/records.py."""
from app.judge.harness import cpp, go, java, javascript, python, typescript

GENERATORS = {"python": python, "javascript": javascript, "java": java, "cpp": cpp, "go": go,
              "typescript": typescript}
