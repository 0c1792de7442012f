"""Java harness: the user's `class Solution` in `Solution.java`, their own lines where they wrote them: LeetCode's
usual imports go at the start of their first line (Java allows several declarations on one line), so every line
javac or a stack trace names is the user's. ListNode/TreeNode and the judge's own classes live elsewhere.

The judging loop and the token codec live in class `ParleyJudge`; the per-problem `Main` (Main.java) only reads
the arguments and calls the method. javac's time grows with the source it compiles, so when the judge has the
library precompiled (`LIBRARY`, built once in the sandbox) Main.java holds just that small `Main`; otherwise (the
build failed) the library's source goes in too, cut to the helpers the signature needs.
"""
from __future__ import annotations

import re

JTYPE = {"integer": "int", "long": "long", "double": "double", "boolean": "boolean", "string": "String",
         "character": "char", "integer[]": "int[]", "integer[][]": "int[][]", "long[]": "long[]",
         "double[]": "double[]", "boolean[]": "boolean[]", "string[]": "String[]", "character[]": "char[]",
         "character[][]": "char[][]", "list<integer>": "List<Integer>", "list<string>": "List<String>",
         "list<list<integer>>": "List<List<Integer>>", "list<list<string>>": "List<List<String>>",
         "ListNode": "ListNode", "ListNode[]": "ListNode[]", "TreeNode": "TreeNode"}
READER = {t: "r_" + re.sub(r"[^A-Za-z]", "_", t) for t in JTYPE}

HEADER = """import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.math.*;
import java.io.*;
"""
HEADER_LINE = " ".join(HEADER.split("\n")).strip() + " "  # what Solution.java's first line starts with

PRELUDE = """class ListNode { int val; ListNode next; ListNode() {} ListNode(int val) { this.val = val; } ListNode(int val, ListNode next) { this.val = val; this.next = next; } }
class TreeNode { int val; TreeNode left; TreeNode right; TreeNode() {} TreeNode(int val) { this.val = val; } TreeNode(int val, TreeNode left, TreeNode right) { this.val = val; this.left = left; this.right = right; } }
"""

LIBRARY_CODEC = r"""
  static String[] T; static int P = 0;
  static String tok() { return T[P++]; }
  static String hex(String s) { byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8); StringBuilder sb = new StringBuilder("#"); for (byte x : b) sb.append(String.format("%02x", x & 0xff)); return sb.toString(); }
  static String unhex(String t) { t = t.substring(1); byte[] b = new byte[t.length() / 2]; for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16); return new String(b, java.nio.charset.StandardCharsets.UTF_8); }
  static int r_integer() { return Integer.parseInt(tok()); }
  static long r_long() { return Long.parseLong(tok()); }
  static double r_double() { return Double.parseDouble(tok()); }
  static boolean r_boolean() { return tok().equals("1"); }
  static String r_string() { return unhex(tok()); }
  static char r_character() { return unhex(tok()).charAt(0); }
  static int[] r_integer__() { int n = r_integer(); int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = r_integer(); return a; }
  static long[] r_long__() { int n = r_integer(); long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = r_long(); return a; }
  static double[] r_double__() { int n = r_integer(); double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = r_double(); return a; }
  static boolean[] r_boolean__() { int n = r_integer(); boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = r_boolean(); return a; }
  static int[][] r_integer____() { int n = r_integer(); int[][] a = new int[n][]; for (int i = 0; i < n; i++) a[i] = r_integer__(); return a; }
  static String[] r_string__() { int n = r_integer(); String[] a = new String[n]; for (int i = 0; i < n; i++) a[i] = r_string(); return a; }
  static char[] r_character__() { int n = r_integer(); char[] a = new char[n]; for (int i = 0; i < n; i++) a[i] = r_character(); return a; }
  static char[][] r_character____() { int n = r_integer(); char[][] a = new char[n][]; for (int i = 0; i < n; i++) a[i] = r_character__(); return a; }
  static List<Integer> r_list_integer_() { int n = r_integer(); List<Integer> a = new ArrayList<>(); for (int i = 0; i < n; i++) a.add(r_integer()); return a; }
  static List<String> r_list_string_() { int n = r_integer(); List<String> a = new ArrayList<>(); for (int i = 0; i < n; i++) a.add(r_string()); return a; }
  static List<List<Integer>> r_list_list_integer__() { int n = r_integer(); List<List<Integer>> a = new ArrayList<>(); for (int i = 0; i < n; i++) a.add(r_list_integer_()); return a; }
  static List<List<String>> r_list_list_string__() { int n = r_integer(); List<List<String>> a = new ArrayList<>(); for (int i = 0; i < n; i++) a.add(r_list_string_()); return a; }
  static ListNode r_ListNode() { int[] v = r_integer__(); ListNode h = null; for (int i = v.length - 1; i >= 0; i--) h = new ListNode(v[i], h); return h; }
  static ListNode[] r_ListNode__() { int n = r_integer(); ListNode[] a = new ListNode[n]; for (int i = 0; i < n; i++) a[i] = r_ListNode(); return a; }
  static TreeNode r_TreeNode() { int n = r_integer(); String[] v = new String[n]; for (int i = 0; i < n; i++) v[i] = tok(); if (n == 0 || v[0].equals("N")) return null; TreeNode root = new TreeNode(Integer.parseInt(v[0])); ArrayList<TreeNode> q = new ArrayList<>(); q.add(root); int i = 1, k = 0; while (i < n) { TreeNode nd = q.get(k++); if (!v[i].equals("N")) { nd.left = new TreeNode(Integer.parseInt(v[i])); q.add(nd.left); } i++; if (i < n && !v[i].equals("N")) { nd.right = new TreeNode(Integer.parseInt(v[i])); q.add(nd.right); } i++; } return root; }
  static void w(StringBuilder s, int v) { s.append(' ').append(v); }
  static void w(StringBuilder s, long v) { s.append(' ').append(v); }
  static void w(StringBuilder s, double v) { s.append(' ').append(v); }
  static void w(StringBuilder s, boolean v) { s.append(' ').append(v ? "1" : "0"); }
  static void w(StringBuilder s, char v) { s.append(' ').append(hex(String.valueOf(v))); }
  static void w(StringBuilder s, String v) { s.append(' ').append(v == null ? "N" : hex(v)); }
  static void w(StringBuilder s, int[] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (int x : v) w(s, x); }
  static void w(StringBuilder s, long[] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (long x : v) w(s, x); }
  static void w(StringBuilder s, double[] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (double x : v) w(s, x); }
  static void w(StringBuilder s, boolean[] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (boolean x : v) w(s, x); }
  static void w(StringBuilder s, char[] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (char x : v) w(s, x); }
  static void w(StringBuilder s, int[][] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (int[] x : v) w(s, x); }
  static void w(StringBuilder s, char[][] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (char[] x : v) w(s, x); }
  static void w(StringBuilder s, String[] v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.length); for (String x : v) w(s, x); }
  static void w(StringBuilder s, List<?> v) { if (v == null) { s.append(" N"); return; } s.append(' ').append(v.size()); for (Object x : v) wo(s, x); }
  static void wo(StringBuilder s, Object x) { if (x instanceof Integer) w(s, (int) (Integer) x); else if (x instanceof Long) w(s, (long) (Long) x); else if (x instanceof String) w(s, (String) x); else if (x instanceof Character) w(s, (char) (Character) x); else if (x instanceof Boolean) w(s, (boolean) (Boolean) x); else if (x instanceof Double) w(s, (double) (Double) x); else if (x instanceof List) w(s, (List<?>) x); else s.append(" N"); }
  static void w(StringBuilder s, ListNode v) { ArrayList<Integer> a = new ArrayList<>(); while (v != null && a.size() < 1000000) { a.add(v.val); v = v.next; } w(s, a); }
  static void w(StringBuilder s, TreeNode v) { ArrayList<String> o = new ArrayList<>(); ArrayList<TreeNode> q = new ArrayList<>(); q.add(v); for (int k = 0; k < q.size(); k++) { TreeNode nd = q.get(k); if (nd == null) { o.add("N"); continue; } o.add(String.valueOf(nd.val)); q.add(nd.left); q.add(nd.right); } while (!o.isEmpty() && o.get(o.size() - 1).equals("N")) o.remove(o.size() - 1); s.append(' ').append(o.size()); for (String x : o) s.append(' ').append(x); }
"""

# The protocol (see app/judge/records.py): stdin starts with "<nonce> <n>", then one line of input tokens per test,
# each sent by the judge only after the last test's record arrived on fd 3 (opened by path: Java has no other way
# to write to an inherited fd). User code runs only after READY.
LIBRARY_LOOP = r"""
  static OutputStream CH;
  static void send(String line) throws IOException { CH.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)); CH.flush(); }
  static void main(ParleyCase c) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in), java.nio.charset.StandardCharsets.ISO_8859_1), 1 << 16);
    CH = new FileOutputStream("/proc/self/fd/3");
    String head = in.readLine();
    if (head == null) Runtime.getRuntime().halt(3);
    String[] h = head.trim().split(" ");
    String nonce = h[0];
    int n = Integer.parseInt(h[1]);
    send(nonce + " READY");
    PrintStream realOut = System.out;
    for (int i = 0; i < n; i++) {
      String line = in.readLine();
      if (line == null) Runtime.getRuntime().halt(3);
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      System.setOut(new PrintStream(buf, true));
      StringBuilder s = new StringBuilder();
      try {
        T = line.trim().split(" +"); P = 0;
        c.read();
        c.call(s);
        System.setOut(realOut);
        String so = buf.toString(); if (so.length() > 2000) so = so.substring(0, 2000);
        send(nonce + " " + i + " OK " + hex(so) + s);
      } catch (Throwable e) {
        System.setOut(realOut);
        int line1 = -1;
        for (StackTraceElement el : e.getStackTrace()) if ("Solution.java".equals(el.getFileName())) { line1 = el.getLineNumber(); break; }
        String msg;
        try { msg = e.getClass().getName() + (e.getMessage() != null ? ": " + e.getMessage() : ""); } catch (Throwable t) { msg = e.getClass().getName(); }
        msg += line1 > 0 ? " (line " + line1 + ")" : "";
        String so = buf.toString(); if (so.length() > 2000) so = so.substring(0, 2000);
        send(nonce + " " + i + " ERR " + hex(so) + " " + hex(msg));
      }
    }
    send(nonce + " END " + n);
    System.out.flush();
    Runtime.getRuntime().halt(0);  // leave at once: no thread or shutdown hook of the user's holds it up
  }
"""

CASE = "interface ParleyCase { void read(); void call(StringBuilder s) throws Throwable; }\n"


def _library_source(codec: str) -> str:
    return CASE + "class ParleyJudge {" + codec + LIBRARY_LOOP + "}\n"


# Compiled once by the judge in the sandbox; the class files then travel with each Java submission.
LIBRARY = {"Main.java": "public class Main { public static void main(String[] a) {} }\n",
           "ParleyJudge.java": HEADER + PRELUDE + _library_source(LIBRARY_CODEC)}
LIBRARY_OUTPUTS = ("ParleyJudge.class", "ParleyCase.class", "ListNode.class", "TreeNode.class")

_METHODS = re.compile(r"^  static (?!String\[\] T;)(?:\S+ )+?(\w+)\((?:StringBuilder s, (.+?) v)?", re.M)
WRITER_DEPS = {"int[]": ["int"], "long[]": ["long"], "double[]": ["double"], "boolean[]": ["boolean"],
               "char[]": ["char"], "int[][]": ["int[]"], "char[][]": ["char[]"], "String[]": ["String"],
               "List<?>": ["wo"], "ListNode": ["List<?>"],
               "wo": ["int", "long", "String", "char", "boolean", "double", "List<?>"]}


def _key(line: str) -> str | None:
    m = _METHODS.match(line)
    return None if m is None else m.group(2) if m.group(1) == "w" else m.group(1)


_CODEC = {k: line for line in LIBRARY_CODEC.splitlines() if (k := _key(line))}


def _writer_key(jtype: str) -> str:
    return "List<?>" if jtype.startswith("List<") else jtype


def _codec_for(problem) -> str:
    """LIBRARY_CODEC with only the helpers reachable from this problem's readers and writer."""
    wanted = ["tok", "hex", "r_integer"] + [READER[p["type"]] for p in problem.params]
    out_type = dict((p["name"], p["type"]) for p in problem.params)[problem.judge_param] \
        if problem.returns == "void" else problem.returns
    wanted.append(_writer_key(JTYPE[out_type]))
    keep: set[str] = set()
    while wanted:
        key = wanted.pop()
        if key in keep:
            continue
        if key not in _CODEC:  # a type without its own helper: emit the whole codec
            return LIBRARY_CODEC
        keep.add(key)
        line = _CODEC[key]
        wanted += [k for k in re.findall(r"\b(r_\w+|unhex|hex|tok)\(", line.split("{", 1)[1]) if k in _CODEC]
        wanted += WRITER_DEPS.get(key, [])
    return "\n".join(line for line in LIBRARY_CODEC.splitlines() if _key(line) in (None, *keep))


def files(problem, code: str, library: bool = False):
    """(files, main): Main.java (the judge's side) first, then Solution.java (the user's code, their lines kept).
    With `library`, the caller adds the LIBRARY_OUTPUTS class files."""
    types = [JTYPE[p["type"]] for p in problem.params]
    fields = " ".join(f"{t} a{i};" for i, t in enumerate(types))
    reads = " ".join(f"a{i} = ParleyJudge.{READER[p['type']]}();" for i, p in enumerate(problem.params))
    call = f"new Solution().{problem.method}({', '.join(f'a{i}' for i in range(len(types)))});"
    if problem.returns == "void":
        idx = [p["name"] for p in problem.params].index(problem.judge_param)
        call_code = f"{call} ParleyJudge.w(s, a{idx});"
    else:
        call_code = f"{JTYPE[problem.returns]} r = {call} ParleyJudge.w(s, r);"
    main = (f"public class Main implements ParleyCase {{\n  {fields}\n  public void read() {{ {reads} }}\n"
            f"  public void call(StringBuilder s) throws Throwable {{ {call_code} }}\n"
            f"  public static void main(String[] x) throws Exception {{ ParleyJudge.main(new Main()); }}\n}}\n")
    judge_side = HEADER + main + ("" if library else PRELUDE + _library_source(_codec_for(problem)))
    return [("Main.java", judge_side), ("Solution.java", HEADER_LINE + code)], "Main.java"
