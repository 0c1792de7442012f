"""Every language: hello world, stdin echo, args, compile error, runtime error, non-zero exit — through the
real Piston-compatible HTTP API."""
import pytest

PROGRAMS = {
    "python": {
        "hello": 'print("hello, world")',
        "echo": "import sys\nprint(sys.stdin.read().upper(), end='')",
        "args": "import sys\nprint(' '.join(sys.argv[1:]))",
        "compile_error": "def f(:\n  pass",
        "runtime_error": "def f():\n    raise ValueError('boom')\nf()",
        "exit": "import sys\nsys.exit(3)",
    },
    "javascript": {
        "hello": 'console.log("hello, world")',
        "echo": "process.stdout.write(require('fs').readFileSync(0,'utf8').toUpperCase())",
        "args": "console.log(process.argv.slice(2).join(' '))",
        "compile_error": "function f( {",
        "runtime_error": "null.x()",
        "exit": "process.exit(3)",
    },
    "typescript": {
        "hello": 'const s: string = "hello, world"; console.log(s)',
        "echo": "import * as fs from 'fs'; process.stdout.write(fs.readFileSync(0,'utf8').toUpperCase())",
        "args": "console.log(process.argv.slice(2).join(' '))",
        "compile_error": "const x: number = 'not a number';",
        "runtime_error": "throw new Error('boom')",
        "exit": "process.exit(3)",
    },
    "java": {
        "hello": 'public class Main { public static void main(String[] a) { System.out.println("hello, world"); } }',
        "echo": "import java.util.*;\npublic class Main { public static void main(String[] a) { Scanner s = new Scanner(System.in); StringBuilder b = new StringBuilder(); while (s.hasNextLine()) b.append(s.nextLine().toUpperCase()).append('\\n'); System.out.print(b); } }",
        "args": 'public class Main { public static void main(String[] a) { System.out.println(String.join(" ", a)); } }',
        "compile_error": "public class Main { public static void main(String[] a) { int x = ; } }",
        "runtime_error": "public class Main { public static void main(String[] a) { int[] x = new int[1]; x[2] = 1; } }",
        "exit": "public class Main { public static void main(String[] a) { System.exit(3); } }",
    },
    "cpp": {
        "hello": '#include <iostream>\nint main(){ std::cout << "hello, world" << std::endl; }',
        "echo": "#include <iostream>\n#include <string>\n#include <cctype>\nint main(){ std::string l; while (std::getline(std::cin, l)) { for (auto& c : l) c = toupper(c); std::cout << l << '\\n'; } }",
        "args": "#include <iostream>\nint main(int n, char** v){ for (int i = 1; i < n; i++) std::cout << v[i] << (i + 1 < n ? \" \" : \"\\n\"); }",
        "compile_error": "int main(){ return x; }",
        "runtime_error": "#include <stdexcept>\nint main(){ throw std::runtime_error(\"boom\"); }",
        "exit": "int main(){ return 3; }",
    },
    "c": {
        "hello": '#include <stdio.h>\nint main(void){ puts("hello, world"); return 0; }',
        "echo": "#include <stdio.h>\n#include <ctype.h>\nint main(void){ int c; while ((c = getchar()) != EOF) putchar(toupper(c)); return 0; }",
        "args": '#include <stdio.h>\nint main(int n, char** v){ for (int i = 1; i < n; i++) printf("%s%s", v[i], i + 1 < n ? " " : "\\n"); return 0; }',
        "compile_error": "int main(void){ return x; }",
        "runtime_error": "#include <stdlib.h>\nint main(void){ abort(); }",
        "exit": "int main(void){ return 3; }",
    },
    "go": {
        "hello": 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello, world") }',
        "echo": 'package main\nimport ("io"; "os"; "strings")\nfunc main() { b, _ := io.ReadAll(os.Stdin); os.Stdout.WriteString(strings.ToUpper(string(b))) }',
        "args": 'package main\nimport ("fmt"; "os"; "strings")\nfunc main() { fmt.Println(strings.Join(os.Args[1:], " ")) }',
        "compile_error": "package main\nfunc main() { x := }",
        "runtime_error": 'package main\nfunc main() { panic("boom") }',
        "exit": 'package main\nimport "os"\nfunc main() { os.Exit(3) }',
    },
}
CASES = [(lang, kind) for lang in PROGRAMS for kind in PROGRAMS[lang]]
COMPILED = {"typescript", "java", "cpp", "c", "go"}


@pytest.mark.parametrize("lang,kind", CASES, ids=[f"{l}-{k}" for l, k in CASES])
def test_language_behaves(sandbox_server, lang, kind):
    code = PROGRAMS[lang][kind]
    kw = {"stdin": "abc\n"} if kind == "echo" else {"args": ["one", "two"]} if kind == "args" else {}
    r = sandbox_server.execute(lang, code, **kw)
    if kind == "hello":
        assert r["status"] == "ok" and r["run"]["stdout"] == "hello, world\n" and r["run"]["code"] == 0
    elif kind == "echo":
        assert r["status"] == "ok" and r["run"]["stdout"] == "ABC\n"
    elif kind == "args":
        assert r["status"] == "ok" and r["run"]["stdout"] == "one two\n"
    elif kind == "compile_error":
        if lang in COMPILED:
            assert r["status"] == "compile_error" and r["compile"]["code"] != 0
            assert r["compile"]["stderr"] or r["compile"]["stdout"]
        else:  # interpreted: the syntax error surfaces when the program starts
            assert r["status"] == "runtime_error" and "SyntaxError" in r["run"]["stderr"]
    elif kind == "runtime_error":
        assert r["status"] == "runtime_error", r
        if lang == "c":  # abort() prints nothing: the signal is the report
            assert r["run"]["signal"] == "SIGABRT"
        else:
            assert r["run"]["code"] != 0 and r["run"]["stderr"]
    elif kind == "exit":
        assert r["status"] == "runtime_error" and r["run"]["code"] == 3


def test_runtimes_lists_every_language_with_version(sandbox_server):
    rts = sandbox_server.client.get("/api/v2/runtimes").json()
    by_lang = {r["language"]: r for r in rts}
    assert set(PROGRAMS) <= set(by_lang)
    assert all(r["version"] and isinstance(r["aliases"], list) for r in rts)
    assert "py" in by_lang["python"]["aliases"]
