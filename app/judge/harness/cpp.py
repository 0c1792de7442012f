"""C++17 harness: the user's `class Solution` after `#include <bits/stdc++.h>`, `using namespace std;` and
LeetCode's ListNode/TreeNode; reference parameters get real variables. The user's translation unit (main.cpp) holds
their code and a small `parley_call` that reads the arguments, calls the method and writes the result; a `#line`
directive names the user's part `solution.cpp` from its line 1, so g++ (and assert()) report the user's own file
and lines. The judge's loop and codec are compiled once into an object (LIBRARY) that is linked with every
submission: g++ then compiles only the user's code and the call (the codec's templates cost more than the code).
A submission that names nothing beyond the judge's precompiled prelude (app/sandbox/parley_prelude.h, built by
setup) includes that instead of <bits/stdc++.h>: half the compile time, the same program."""
from __future__ import annotations

import functools
import os
import re

from app.sandbox.cpp_prelude import HEADER as _PRELUDE_SOURCE
from app.sandbox.languages import TOOLCHAINS

CTYPE = {"integer": "int", "long": "long long", "double": "double", "boolean": "bool", "string": "string",
         "character": "char", "integer[]": "vector<int>", "integer[][]": "vector<vector<int>>",
         "long[]": "vector<long long>", "double[]": "vector<double>", "boolean[]": "vector<bool>",
         "string[]": "vector<string>", "character[]": "vector<char>", "character[][]": "vector<vector<char>>",
         "list<integer>": "vector<int>", "list<string>": "vector<string>",
         "list<list<integer>>": "vector<vector<int>>", "list<list<string>>": "vector<vector<string>>",
         "ListNode": "ListNode*", "ListNode[]": "vector<ListNode*>", "TreeNode": "TreeNode*"}

PRELUDE = """#include <bits/stdc++.h>
using namespace std;
struct ListNode { int val; ListNode *next; ListNode() : val(0), next(nullptr) {} ListNode(int x) : val(x), next(nullptr) {} ListNode(int x, ListNode *next) : val(x), next(next) {} };
struct TreeNode { int val; TreeNode *left; TreeNode *right; TreeNode() : val(0), left(nullptr), right(nullptr) {} TreeNode(int x) : val(x), left(nullptr), right(nullptr) {} TreeNode(int x, TreeNode *left, TreeNode *right) : val(x), left(left), right(right) {} };
"""

NODES = PRELUDE.split("\n", 2)[2]  # ListNode and TreeNode, the same in both translation units
PCH_DIR = f"{TOOLCHAINS}/pch"  # root's, read-only in every box (the compile's -I directory)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What g++ says when a name is missing: the prelude may lack a name <bits/stdc++.h> has (the judge then compiles
# with <bits/stdc++.h>, so a missing header never shows as the user's error).
_UNDECLARED = re.compile(r"was not declared|does not name a|has not been declared|is not a member of|"
                         r"is not a (class, )?namespace|is not a template|did you forget to")


@functools.lru_cache(maxsize=1)
def _beyond() -> frozenset[str] | None:
    """The names only <bits/stdc++.h> declares; None when the prelude is not built here, or not from this
    header (then every submission gets <bits/stdc++.h>)."""
    try:
        with open(_PRELUDE_SOURCE, "rb") as a, open(f"{PCH_DIR}/parley_prelude.h", "rb") as b:
            if a.read() != b.read() or not os.path.isfile(f"{PCH_DIR}/parley_prelude.h.gch"):
                return None
        with open(f"{PCH_DIR}/parley_prelude.beyond") as f:
            return frozenset(f.read().split())
    except OSError:
        return None


def prelude(code: str, full: bool = False) -> str:
    """PRELUDE, with the precompiled fast prelude in place of <bits/stdc++.h> when the code names nothing beyond it
    (identifiers in comments and strings count too: at worst a slower compile)."""
    beyond = _beyond()
    if full or beyond is None or not beyond.isdisjoint(_IDENT.findall(code)):
        return PRELUDE
    return PRELUDE.replace("<bits/stdc++.h>", "<parley_prelude.h>", 1)


def needs_full(src: str, compiler_output: str) -> bool:
    """Whether a failed compile of `src` may be the fast prelude's fault: it used it and g++ missed a name."""
    return "<parley_prelude.h>" in src.split("\n", 1)[0] and bool(_UNDECLARED.search(compiler_output))

# The judge's side: the token codec (one reader `rd` and one writer `w` per type, so the user's translation unit
# needs only their declarations) and the loop. Compiled once into LIBRARY_OUTPUTS when the judge can; otherwise
# appended to the user's translation unit.
CODEC = r"""
namespace parley_harness {
using namespace std;
static vector<string> T; static size_t P = 0;
static const string& tok() { if (P >= T.size()) throw runtime_error("the judge's input ended early"); return T[P++]; }
static string hexs(const string& s) { static const char* d = "0123456789abcdef"; string o = "#"; for (unsigned char c : s) { o += d[c >> 4]; o += d[c & 15]; } return o; }
static string unhex(const string& t) { string o; for (size_t i = 1; i + 1 < t.size(); i += 2) o += (char) stoi(t.substr(i, 2), nullptr, 16); return o; }
template <class X> struct R;
template <> struct R<int> { static int get() { return stoi(tok()); } };
template <> struct R<long long> { static long long get() { return stoll(tok()); } };
template <> struct R<double> { static double get() { return stod(tok()); } };
template <> struct R<bool> { static bool get() { return tok() == "1"; } };
template <> struct R<string> { static string get() { return unhex(tok()); } };
template <> struct R<char> { static char get() { string s = unhex(tok()); return s.empty() ? '\0' : s[0]; } };
template <class X> struct R<vector<X>> { static vector<X> get() { int n = stoi(tok()); vector<X> v; v.reserve(n); for (int i = 0; i < n; i++) v.push_back(R<X>::get()); return v; } };
template <> struct R<ListNode*> { static ListNode* get() { vector<int> v = R<vector<int>>::get(); ListNode* h = nullptr; for (int i = (int) v.size() - 1; i >= 0; i--) h = new ListNode(v[i], h); return h; } };
template <> struct R<TreeNode*> { static TreeNode* get() { int n = stoi(tok()); vector<string> v(n); for (auto& x : v) x = tok(); if (!n || v[0] == "N") return nullptr; TreeNode* root = new TreeNode(stoi(v[0])); vector<TreeNode*> q{root}; size_t k = 0; int i = 1; while (i < n) { TreeNode* nd = q[k++]; if (v[i] != "N") { nd->left = new TreeNode(stoi(v[i])); q.push_back(nd->left); } i++; if (i < n && v[i] != "N") { nd->right = new TreeNode(stoi(v[i])); q.push_back(nd->right); } i++; } return root; } };
void w(string& s, int v) { s += ' '; s += to_string(v); }
void w(string& s, long long v) { s += ' '; s += to_string(v); }
void w(string& s, double v) { ostringstream o; o.precision(17); o << v; s += ' '; s += o.str(); }
void w(string& s, bool v) { s += v ? " 1" : " 0"; }
void w(string& s, char v) { s += ' '; s += hexs(string(1, v)); }
void w(string& s, const string& v) { s += ' '; s += hexs(v); }
void w(string& s, ListNode* v) { vector<int> a; while (v && a.size() < 1000000) { a.push_back(v->val); v = v->next; } s += ' '; s += to_string(a.size()); for (int x : a) w(s, x); }
void w(string& s, TreeNode* v) { vector<string> o; vector<TreeNode*> q{v}; for (size_t k = 0; k < q.size(); k++) { TreeNode* nd = q[k]; if (!nd) { o.push_back("N"); continue; } o.push_back(to_string(nd->val)); q.push_back(nd->left); q.push_back(nd->right); } while (!o.empty() && o.back() == "N") o.pop_back(); s += ' '; s += to_string(o.size()); for (auto& x : o) { s += ' '; s += x; } }
__VDECLS__
template <class X> static void wv(string& s, const vector<X>& v) { s += ' '; s += to_string(v.size()); for (const auto& x : v) w(s, (X) x); }
__DEFS__
}

void parley_call(std::string& s);

// The protocol (see app/judge/records.py): stdin starts with "<nonce> <n>", then one line of input tokens per test,
// each sent by the judge only after the last test's record arrived on fd 3. User code runs only after READY
// (but for static initialisers, which run before main: they cannot see any input).
int main() {
  using namespace parley_harness;
  FILE* ch = fdopen(3, "w");
  if (!ch) return 3;
  auto send = [ch](const string& line) { fputs(line.c_str(), ch); fputc('\n', ch); fflush(ch); };
  char* lp = nullptr; size_t cap = 0;
  auto next = [&](string& out) { auto k = ::getline(&lp, &cap, stdin); if (k <= 0 || lp[k - 1] != '\n') return false; out.assign(lp, k - 1); return true; };
  string head;
  if (!next(head)) return 3;
  istringstream hs(head);
  string nonce; int n = 0;
  hs >> nonce >> n;
  send(nonce + " READY");
  streambuf* realOut = cout.rdbuf();
  for (int i = 0; i < n; i++) {
    string line;
    if (!next(line)) std::_Exit(3);
    T.clear(); P = 0;
    { istringstream ts(line); string t; while (ts >> t) T.push_back(t); }
    ostringstream buf;
    cout.rdbuf(buf.rdbuf());
    string s;
    try {
      parley_call(s);
      cout.rdbuf(realOut);
      send(nonce + " " + to_string(i) + " OK " + hexs(buf.str().substr(0, 2000)) + s);
    } catch (const exception& e) {
      cout.rdbuf(realOut);
      send(nonce + " " + to_string(i) + " ERR " + hexs(buf.str().substr(0, 2000)) + " " + hexs(string("exception: ") + e.what()));
    } catch (...) {
      cout.rdbuf(realOut);
      send(nonce + " " + to_string(i) + " ERR " + hexs(buf.str().substr(0, 2000)) + " " + hexs("unknown exception"));
    }
  }
  send(nonce + " END " + to_string(n));
  fflush(nullptr);
  std::_Exit(0);  // leave at once: no static destructor of the user's runs after the last record
}
"""

_VECTORS = ["vector<int>", "vector<vector<int>>", "vector<long long>", "vector<double>", "vector<bool>",
            "vector<string>", "vector<char>", "vector<vector<char>>", "vector<vector<string>>", "vector<ListNode*>"]
_SCALARS = ["int", "long long", "double", "bool", "string", "char", "ListNode*", "TreeNode*"]
_WRITERS = ["int", "long long", "double", "bool", "char", "const string&", "ListNode*", "TreeNode*"] + [
    f"const {t}&" for t in _VECTORS]
_DEFS = "\n".join([f"void rd({t}& x) {{ x = R<{t}>::get(); }}" for t in _SCALARS + _VECTORS]
                  + [f"void w(string& s, const {t}& v) {{ wv(s, v); }}" for t in _VECTORS])
_VDECLS = "\n".join(f"void w(string& s, const {t}& v);" for t in _VECTORS)
CODEC = CODEC.replace("__VDECLS__", _VDECLS)
# What the user's translation unit needs from the judge's side when that is precompiled: declarations only.
DECLS = ("namespace parley_harness {\n" + "\n".join(f"void rd({t}& x);" for t in _SCALARS + _VECTORS) + "\n"
         + "\n".join(f"void w(string& s, {t} v);" for t in _WRITERS) + "\n}\n")

# Built once by the judge (see app/judge/service.py): BUILDER compiles HARNESS into an object inside the sandbox,
# which then travels with every C++ submission and is linked with the user's code (the language links `.o` inputs).
HARNESS = ("".join(f"#include <{h}>\n" for h in ("cstdio", "cstdlib", "iostream", "sstream", "stdexcept", "string",
                                                 "vector"))  # not bits/stdc++.h: its PCH needs 200 MB to load
           + "using namespace std;\n" + NODES + CODEC.replace("__DEFS__", _DEFS))
BUILDER = r"""#include <unistd.h>
int main() {
  char* argv[] = {(char*) "/usr/bin/g++", (char*) "-std=c++17", (char*) "-O2", (char*) "-pipe",
                  (char*) "-c", (char*) "parley_harness.cc",
                  (char*) "-o", (char*) "parley_harness.o", nullptr};
  execv(argv[0], argv);
  return 127;
}
"""
LIBRARY = {"main.cpp": BUILDER, "parley_harness.cc": HARNESS}
LIBRARY_OUTPUTS = ("parley_harness.o",)


def _defs_for(problem) -> str:
    """_DEFS cut to this problem's readers and the writers its result needs (the fallback compiles them all)."""
    read = {CTYPE[p["type"]] for p in problem.params}
    out = CTYPE[problem.judged_type]
    return "\n".join(line for line in _DEFS.splitlines()
                     if (line.startswith("void rd(") and line[8:line.index("& x)")] in read)
                     or (line.startswith("void w(") and line[24:line.index("& v)")] in out))


def files(problem, code: str, library: bool = False, full: bool = False):
    """(files, main file name): one file whose user part g++ knows as solution.cpp, from line 1, then the call
    (and, without the precompiled `library`, the judge's whole side); `full`: always <bits/stdc++.h>."""
    reads = "\n".join(f"  {CTYPE[p['type']]} a{i}; rd(a{i});" for i, p in enumerate(problem.params))
    args = ", ".join(f"a{i}" for i in range(len(problem.params)))
    call = f"Solution().{problem.method}({args});"
    if problem.returns == "void":
        idx = [p["name"] for p in problem.params].index(problem.judge_param)
        call_code = f"  {call}\n  w(s, a{idx});"
    else:
        call_code = f"  {CTYPE[problem.returns]} r = {call}\n  w(s, r);"
    head = prelude(code, full) + '#line 1 "solution.cpp"\n' + code + "\n"
    judge_side = DECLS if library else CODEC.replace("__DEFS__", _defs_for(problem))
    shim = f"void parley_call(std::string& s) {{\n  using namespace parley_harness;\n{reads}\n{call_code}\n}}\n"
    src = head + f'#line {head.count(chr(10)) + 2} "main.cpp"\n' + judge_side + shim
    return [("main.cpp", src)], "main.cpp"
