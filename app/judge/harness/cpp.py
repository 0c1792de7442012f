"""C++17 harness: the user's `class Solution` after `#include <bits/stdc++.h>`, `using namespace std;` and
LeetCode's ListNode/TreeNode; reference parameters get real variables."""
from __future__ import annotations

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

RUNTIME = r"""
namespace parley_harness {
static vector<string> T; static size_t P = 0;
static const string& tok() { return T[P++]; }
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
static void w(string& s, int v) { s += ' '; s += to_string(v); }
static void w(string& s, long long v) { s += ' '; s += to_string(v); }
static void w(string& s, double v) { ostringstream o; o.precision(17); o << v; s += ' '; s += o.str(); }
static void w(string& s, bool v) { s += v ? " 1" : " 0"; }
static void w(string& s, char v) { s += ' '; s += hexs(string(1, v)); }
static void w(string& s, const string& v) { s += ' '; s += hexs(v); }
static void w(string& s, ListNode* v) { vector<int> a; while (v && a.size() < 1000000) { a.push_back(v->val); v = v->next; } s += ' '; s += to_string(a.size()); for (int x : a) w(s, x); }
static void w(string& s, TreeNode* v) { vector<string> o; vector<TreeNode*> q{v}; for (size_t k = 0; k < q.size(); k++) { TreeNode* nd = q[k]; if (!nd) { o.push_back("N"); continue; } o.push_back(to_string(nd->val)); q.push_back(nd->left); q.push_back(nd->right); } while (!o.empty() && o.back() == "N") o.pop_back(); s += ' '; s += to_string(o.size()); for (auto& x : o) { s += ' '; s += x; } }
template <class X> static void w(string& s, const vector<X>& v) { s += ' '; s += to_string(v.size()); for (const auto& x : v) w(s, (X) x); }
}

int main() {
  using namespace parley_harness;
  { ifstream in("tests.in"); string t; while (in >> t) T.push_back(t); }
  remove("tests.in");
  string nonce = tok(), rfile = tok();
  FILE* out = fopen(rfile.c_str(), "wx");
  if (!out) return 3;
  streambuf* realOut = cout.rdbuf();
  int n = stoi(tok());
  for (int i = 0; i < n; i++) {
__READ__
    ostringstream buf;
    cout.rdbuf(buf.rdbuf());
    auto t0 = chrono::steady_clock::now();
    string s;
    try {
__CALL__
      long long us = chrono::duration_cast<chrono::microseconds>(chrono::steady_clock::now() - t0).count();
      cout.rdbuf(realOut);
      string rec = nonce + " " + to_string(i) + " OK " + to_string(us) + " " + hexs(buf.str().substr(0, 2000)) + s + "\n";
      fputs(rec.c_str(), out); fflush(out);
    } catch (const exception& e) {
      long long us = chrono::duration_cast<chrono::microseconds>(chrono::steady_clock::now() - t0).count();
      cout.rdbuf(realOut);
      string rec = nonce + " " + to_string(i) + " ERR " + to_string(us) + " " + hexs(buf.str().substr(0, 2000)) + " " + hexs(string("exception: ") + e.what()) + "\n";
      fputs(rec.c_str(), out); fflush(out);
    } catch (...) {
      cout.rdbuf(realOut);
      string rec = nonce + " " + to_string(i) + " ERR 0 # " + hexs("unknown exception") + "\n";
      fputs(rec.c_str(), out); fflush(out);
    }
  }
  string end = nonce + " END " + to_string(n) + "\n";
  fputs(end.c_str(), out);
  fclose(out);
  return 0;
}
"""


def files(problem, code: str):
    reads = "\n".join(f"    {CTYPE[p['type']]} a{i} = R<{CTYPE[p['type']]}>::get();"
                      for i, p in enumerate(problem.params))
    args = ", ".join(f"a{i}" for i in range(len(problem.params)))
    call = f"Solution().{problem.method}({args});"
    if problem.returns == "void":
        idx = [p["name"] for p in problem.params].index(problem.judge_param)
        call_code = f"      {call}\n      w(s, a{idx});"
    else:
        call_code = f"      auto r = {call}\n      w(s, r);"
    src = PRELUDE + code + "\n" + RUNTIME.replace("__READ__", reads).replace("__CALL__", call_code)
    return [("main.cpp", src)], "main.cpp"
