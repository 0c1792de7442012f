"""Hostile programs: each is contained and gets a clear status, while /health keeps answering and no sandbox
process outlives its run. Addresses: only loopback and TEST-NET-1 (192.0.2.0/24, never routed) are named."""
import pytest

from tests.sandbox.conftest import PLANTED, HealthProbe, sandbox_uid_processes

PY, JS, JAVA, C, CPP = "python", "javascript", "java", "c", "cpp"

CASES = {
    # --- processes -----------------------------------------------------------------------------------------
    "fork_bomb_python": (PY, "import os\nwhile True:\n    try: os.fork()\n    except OSError: pass", {"time_limit", "runtime_error"}, None),
    "fork_bomb_c": (C, "#include <unistd.h>\nint main(void){ for(;;) fork(); }", {"time_limit", "runtime_error"}, None),
    "thread_bomb_python": (PY, "import threading, time\nn = 0\ntry:\n    while True:\n        threading.Thread(target=time.sleep, args=(30,), daemon=True).start(); n += 1\nexcept RuntimeError:\n    print('capped at', n)", {"ok"}, lambda r: int(r["run"]["stdout"].split()[-1]) < 100),
    "thread_bomb_java": (JAVA, "public class Main { public static void main(String[] a) { int n = 0; try { while (true) { Thread t = new Thread(() -> { try { Thread.sleep(30000); } catch (Exception e) {} }); t.setDaemon(true); t.start(); n++; } } catch (Throwable e) { System.out.println(\"capped at \" + n); System.exit(0); } } }", {"ok", "runtime_error", "memory_limit"}, lambda r: "capped at" in r["run"]["stdout"] or r["status"] != "ok"),
    "spawn_bomb_node": (JS, "const cp = require('child_process'); let n = 0; for (;;) { try { cp.spawn('/usr/bin/sleep', ['30']); n++; } catch (e) { console.log('capped', n); break; } if (n > 1000) break; }", {"ok", "runtime_error", "time_limit"}, None),
    "kill_all_processes": (PY, "import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept OSError as e:\n    print('denied', e)\nprint('still here')", {"ok", "runtime_error"}, None),
    "orphan_left_running": (PY, "import os, time\nif os.fork() == 0:\n    time.sleep(60)\nelse:\n    print('parent done')", {"ok"}, lambda r: r["run"]["wall_time"] < 5000),
    "zombie_left_behind": (C, "#include <unistd.h>\n#include <stdio.h>\nint main(void){ for (int i = 0; i < 20; i++) if (fork() == 0) _exit(0); puts(\"made zombies\"); return 0; }", {"ok"}, None),
    "list_host_processes": (PY, "import os\npids = [p for p in os.listdir('/proc') if p.isdigit()]\nprint(len(pids))", {"ok"}, lambda r: int(r["run"]["stdout"]) <= 3),
    "ptrace_denied": (PY, "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nprint('ptrace', libc.ptrace(0, 0, 0, 0), ctypes.get_errno())", {"ok"}, lambda r: "ptrace -1 1" in r["run"]["stdout"]),
    "become_root_denied": (PY, "import os\ntry:\n    os.setuid(0); print('ROOT')\nexcept OSError:\n    print('denied', os.getuid())", {"ok"}, lambda r: r["run"]["stdout"].startswith("denied")),
    # --- memory -----------------------------------------------------------------------------------------
    "memory_hog_python": (PY, "a = []\nwhile True:\n    a.append(bytearray(10**7))", {"memory_limit"}, None),
    "memory_hog_node_buffer": (JS, "const a = []; for (;;) a.push(Buffer.alloc(1e7, 1));", {"memory_limit"}, None),
    "memory_hog_java": (JAVA, "import java.util.*;\npublic class Main { public static void main(String[] a) { List<long[]> l = new ArrayList<>(); while (true) l.add(new long[1_000_000]); } }", {"memory_limit"}, None),
    "memory_hog_c": (C, "#include <stdlib.h>\n#include <string.h>\nint main(void){ for(;;){ char* p = malloc(1<<24); if (!p) return 9; memset(p, 1, 1<<24); } }", {"memory_limit", "runtime_error"}, lambda r: r["status"] == "memory_limit" or r["run"]["code"] == 9),
    "jvm_asks_8gb_heap": (JAVA, "public class Main { public static void main(String[] a) { long[] big = new long[1_000_000_000]; big[1] = 1; System.out.println(big.length); } }", {"memory_limit"}, None),
    # --- time -------------------------------------------------------------------------------------------
    "infinite_loop_python": (PY, "while True: pass", {"time_limit"}, None),
    "infinite_loop_c": (C, "int main(void){ volatile unsigned long i = 0; for(;;) i++; }", {"time_limit"}, None),
    "sleep_forever": (PY, "import time\ntime.sleep(10**6)", {"time_limit"}, None),
    # --- output and disk --------------------------------------------------------------------------------
    "output_flood_100mb_python": (PY, "import sys\nchunk = 'x' * 10**6\nfor _ in range(100): sys.stdout.write(chunk)", {"output_limit"}, lambda r: r["run"]["truncated"] and len(r["run"]["stdout"]) <= 64 * 1024),
    "output_flood_c_stderr": (C, "#include <stdio.h>\nint main(void){ for (long i = 0; i < 100000000; i++) fputc('e', stderr); return 0; }", {"output_limit"}, lambda r: len(r["run"]["stderr"]) <= 64 * 1024),
    "disk_fill_tmp": (PY, "import os\nn = 0\ntry:\n    for i in range(1000):\n        with open(f'/tmp/f{i}', 'wb') as f: f.write(b'x' * 10**6)\n        n += 1\nexcept OSError as e:\n    print('stopped', n, e.strerror)", {"ok"}, lambda r: "stopped" in r["run"]["stdout"] and int(r["run"]["stdout"].split()[1]) < 100),
    "disk_fill_workdir": (PY, "import os\nn = 0\ntry:\n    for i in range(1000):\n        with open(f'f{i}', 'wb') as f: f.write(b'x' * 10**6)\n        n += 1\nexcept OSError as e:\n    print('stopped', n, e.strerror)", {"ok"}, lambda r: "stopped" in r["run"]["stdout"] and int(r["run"]["stdout"].split()[1]) < 100),
    "huge_single_file": (PY, "try:\n    with open('big', 'wb') as f:\n        for _ in range(200): f.write(b'x' * 10**6)\nexcept OSError as e:\n    print('stopped', e.strerror)", {"ok"}, lambda r: "File too large" in r["run"]["stdout"]),
    "write_to_usr": (PY, "try:\n    open('/usr/evil', 'w').write('x'); print('WROTE')\nexcept OSError as e:\n    print('denied', e.strerror)", {"ok"}, lambda r: r["run"]["stdout"].startswith("denied")),
    "write_to_root_fs": (C, "#include <stdio.h>\nint main(void){ FILE* f = fopen(\"/evil\", \"w\"); puts(f ? \"WROTE\" : \"denied\"); return 0; }", {"ok"}, lambda r: r["run"]["stdout"].strip() == "denied"),
    # --- network ----------------------------------------------------------------------------------------
    "tcp_to_loopback": (PY, "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 22), timeout=2); print('CONNECTED')\nexcept OSError as e:\n    print('blocked', e)", {"ok"}, lambda r: r["run"]["stdout"].startswith("blocked")),
    "tcp_to_outside_address": (PY, "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=2); print('CONNECTED')\nexcept OSError as e:\n    print('blocked', e)", {"ok"}, lambda r: r["run"]["stdout"].startswith("blocked")),
    "dns_lookup": (PY, "import socket\ntry:\n    print('RESOLVED', socket.getaddrinfo('example.com', 80))\nexcept OSError as e:\n    print('blocked', e)", {"ok"}, lambda r: r["run"]["stdout"].startswith("blocked")),
    "tcp_from_node": (JS, "const s = require('net').connect(80, '192.0.2.1'); s.on('connect', () => console.log('CONNECTED')); s.on('error', e => console.log('blocked', e.code));", {"ok"}, lambda r: r["run"]["stdout"].startswith("blocked")),
    # --- secrets and host files -------------------------------------------------------------------------
    "read_etc_shadow": (PY, "try:\n    print('READ', open('/etc/shadow').read())\nexcept OSError as e:\n    print('denied', e.strerror)", {"ok"}, lambda r: r["run"]["stdout"].startswith("denied")),
    "list_root_home": (PY, "import os\ntry:\n    print('LISTED', os.listdir('/root'))\nexcept OSError as e:\n    print('denied', e.strerror)", {"ok"}, lambda r: r["run"]["stdout"].startswith("denied")),
    "read_own_environment": (PY, "import os\nprint(dict(os.environ))\nprint(open('/proc/self/environ').read())", {"ok"}, None),
    "read_pid1_environment": (PY, "try:\n    print(open('/proc/1/environ').read())\nexcept OSError as e:\n    print('denied', e.strerror)", {"ok"}, None),
    "read_parent_environment_c": (C, "#include <stdio.h>\nint main(void){ char b[65536]; for (int p = 1; p < 64; p++) { char path[64]; snprintf(path, 64, \"/proc/%d/environ\", p); FILE* f = fopen(path, \"r\"); if (!f) continue; size_t n = fread(b, 1, sizeof b - 1, f); b[n] = 0; for (size_t i = 0; i < n; i++) if (!b[i]) b[i] = ' '; printf(\"%d:%s\\n\", p, b); fclose(f); } return 0; }", {"ok"}, None),
    "symlink_escape_from_workdir": (PY, "import os\nos.symlink('/etc/shadow', 'escape')\ntry:\n    print('READ', open('escape').read())\nexcept OSError as e:\n    print('denied', e.strerror)", {"ok"}, lambda r: r["run"]["stdout"].startswith("denied")),
    # --- compiler ---------------------------------------------------------------------------------------
    "cpp_template_compile_bomb": (CPP, "template<int N> struct F { static const long v = F<N-1>::v + F<N-2>::v; };\ntemplate<> struct F<1> { static const long v = 1; };\ntemplate<> struct F<0> { static const long v = 0; };\ntemplate<class T, int N> struct B { typedef typename B<B<T,N-1>,N-1>::t t; };\ntemplate<class T> struct B<T,0> { typedef T t; };\nint main() { B<int, 40>::t x = 0; return F<90>::v + x; }", {"compile_error", "time_limit", "memory_limit"}, None),
}


@pytest.fixture(scope="module")
def probe(sandbox_server):
    p = HealthProbe(sandbox_server.url)
    p.start()
    yield p
    p.stop()


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_program_is_contained(sandbox_server, probe, name):
    lang, code, statuses, check = CASES[name]
    kw = {"compile_timeout": 5000} if lang == CPP else {}
    r = sandbox_server.execute(lang, code, run_timeout=2000, **kw)
    assert r["status"] in statuses, (r["status"], r.get("run"), r.get("compile"))
    text = str(r)
    assert PLANTED not in text, "a secret of the server reached the sandbox"
    if check:
        assert check(r), r
    assert sandbox_uid_processes(sandbox_server) == [], "a sandboxed process outlived its run"


def test_app_data_dir_and_database_are_invisible(sandbox_server):
    code = (f"import os\nfor p in [{sandbox_server.data_dir!r}, {sandbox_server.data_dir + '/parley.db'!r}]:\n"
            "    try:\n        print('VISIBLE', os.listdir(p) if os.path.isdir(p) else open(p).read())\n"
            "    except OSError as e:\n        print('absent', e.strerror)")
    r = sandbox_server.execute("python", code)
    assert r["run"]["stdout"].count("absent") == 2, r["run"]


def test_health_stayed_responsive_through_the_suite(probe):
    # Runs after the parametrised cases in this module (pytest keeps file order).
    assert probe.count > 20
    assert probe.failures == []
    assert probe.worst < 1.0, f"worst /health latency {probe.worst:.3f}s"


def test_suite_has_at_least_30_cases():
    assert len(CASES) >= 30
