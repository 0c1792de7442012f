"""Builds the C++ judge's fast prelude into a toolchain directory (run as root by setup_toolchains.sh): the header
(parley_prelude.h), its precompiled form (.gch, the sandbox's g++ flags) and `parley_prelude.beyond`, the names
that <bits/stdc++.h> declares and the prelude does not. A submission naming none of them compiles against the
prelude, in about half the time; any other gets <bits/stdc++.h> as before (app/judge/harness/cpp.py). Names are
found by asking g++ itself: one using-declaration per identifier, the ones it rejects are not declared."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parley_prelude.h")
FLAGS = ("-std=c++17", "-O2")  # the sandbox's compile flags (a .gch is used only with the same ones)
_IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_ERROR_LINE = re.compile(r"^probe\.cpp:(\d+):\d+: error:", re.M)


def _gxx(args: list[str], source: str, cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run(["g++", *FLAGS, *args], input=source, capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def declared(include: str, cwd: str, among: set[str] | None = None) -> set[str]:
    """The names an unqualified use finds after `#include <include>` and `using namespace std;`: identifiers of
    its preprocessed text (those `among`, if given) that g++ accepts in a using-declaration (std:: or global) or
    namespace alias, and its macros."""
    text = _gxx(["-E", "-P", "-I", cwd, "-x", "c++", "-"], f"#include <{include}>\n", cwd).stdout
    macros = {line.split()[1].split("(")[0] for line in
              _gxx(["-E", "-dM", "-I", cwd, "-x", "c++", "-"], f"#include <{include}>\n", cwd).stdout.splitlines()
              if line.startswith("#define ")}
    names = sorted({n for n in _IDENT.findall(text) if n not in macros and (among is None or n in among)})
    forms = ("namespace parley_a {{ using std::{0}; }}", "namespace parley_b {{ using ::{0}; }}",
             "namespace parley_c_{0} = std::{0};")
    lines = [f"#include <{include}>"] + [f.format(n) for n in names for f in forms]
    with open(os.path.join(cwd, "probe.cpp"), "w") as f:
        f.write("\n".join(lines) + "\n")
    err = _gxx(["-fsyntax-only", "-fmax-errors=0", "-w", "-I", cwd, "probe.cpp"], "", cwd).stderr
    os.unlink(os.path.join(cwd, "probe.cpp"))
    failed = {int(m) for m in _ERROR_LINE.findall(err)}
    ok = {names[(i - 2) // len(forms)] for i in range(2, len(lines) + 1) if i not in failed}
    return ok | macros


def build(dest: str) -> None:
    """Write the header, its .gch and the beyond list into `dest` (the sandbox's -I directory), all world-readable."""
    os.makedirs(dest, exist_ok=True)
    shutil.copyfile(HEADER, os.path.join(dest, "parley_prelude.h"))
    subprocess.run(["g++", *FLAGS, "-x", "c++-header", "parley_prelude.h", "-o", "parley_prelude.h.gch"],
                   cwd=dest, check=True, timeout=600)
    everything = declared("bits/stdc++.h", dest)
    beyond = everything - declared("parley_prelude.h", dest, among=everything)
    with open(os.path.join(dest, "parley_prelude.beyond.tmp"), "w") as f:
        f.write("\n".join(sorted(beyond)) + "\n")
    os.replace(os.path.join(dest, "parley_prelude.beyond.tmp"), os.path.join(dest, "parley_prelude.beyond"))
    for name in ("parley_prelude.h", "parley_prelude.h.gch", "parley_prelude.beyond"):
        os.chmod(os.path.join(dest, name), 0o644)


if __name__ == "__main__":
    build(sys.argv[1])
