"""The language registry: one small entry per language. Commands run inside the sandbox with the work dir
(`/box`) as the current directory; `{main}` is the first file's name. Versions are read from the toolchain once.
`binds` are the host paths a toolchain needs, and the only parts of /usr a box shows (it shows their union)."""
from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass, field

TOOLCHAINS = "/opt/parley/toolchains"  # npm packages the sandbox may read (typescript), see setup_toolchains.sh


@dataclass(frozen=True, eq=False)
class Language:
    id: str
    aliases: tuple[str, ...]
    source: str                       # default file name when a request's file has none
    run: tuple[str, ...]
    compile: tuple[str, ...] = ()
    version_cmd: tuple[str, ...] = ()
    version_re: str = r"(\d+\.\d+(?:\.\d+)?)"
    binds: tuple[str, ...] = ()       # read-only host paths the toolchain needs (links are followed)
    env: dict[str, str] = field(default_factory=dict)
    address_space_mb: int = 0         # RLIMIT_AS floor: node and the JVM reserve far more than they use
    compile_memory_mb: int = 512
    link_inputs: tuple[str, ...] = ()  # file suffixes the compile takes with the sources (prebuilt objects)

    @property
    def compiled(self) -> bool:
        return bool(self.compile)


JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"


def _goroot() -> str:
    """Where /usr/bin/go links to, less `bin/go` (/usr/lib/go-1.19 on Debian 12); never a parent of /usr/lib."""
    real = os.path.realpath("/usr/bin/go")
    root = os.path.dirname(os.path.dirname(real))
    return root if real != "/usr/bin/go" and root.startswith("/usr/lib/") else "/usr/lib/go"


GOROOT = _goroot()
_PYTHON = ("/usr/bin/python3.11", "/usr/lib/python3.11")
_GCC = ("/usr/bin/as", "/usr/bin/ld", "/usr/bin/ld.gold", "/usr/lib/gcc", "/usr/include")
_JAVA_OPTS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData")

LANGUAGES: dict[str, Language] = {l.id: l for l in [
    Language("python", ("py", "python3", "python3.11"), "main.py", ("/usr/bin/python3.11", "-I", "-S", "{main}"),
             version_cmd=("/usr/bin/python3.11", "--version"), binds=_PYTHON),
    Language("javascript", ("js", "node", "node-js", "nodejs"), "main.js",
             ("/usr/bin/node", "--max-old-space-size={heap}", "--stack-size=65500", "{main}"), version_cmd=("/usr/bin/node", "--version"),
             binds=("/usr/bin/node",), address_space_mb=4096),
    Language("typescript", ("ts", "tsc"), "main.ts", ("/usr/bin/node", "--max-old-space-size={heap}", "--stack-size=65500",
                                                     "--enable-source-maps", "main.js"),
             compile=("/usr/bin/node", f"{TOOLCHAINS}/node_modules/typescript/bin/tsc", "--target", "es2022",
                      "--module", "commonjs", "--lib", "es2022", "--types", "node", "--typeRoots",
                      f"{TOOLCHAINS}/node_modules/@types", "--skipLibCheck",
                      "--strict", "false", "--sourceMap", "--outDir", ".", "{main}"),  # stack traces: .ts lines
             version_cmd=("/usr/bin/node", f"{TOOLCHAINS}/node_modules/typescript/bin/tsc", "--version"),
             binds=("/usr/bin/node", TOOLCHAINS), address_space_mb=4096, compile_memory_mb=1024),
    Language("java", ("java17", "jdk"), "Main.java",
             (f"{JAVA_HOME}/bin/java", *_JAVA_OPTS, "-Xmx{heap}m", "-Xss256m", "-cp", ".", "{class}"),
             compile=(f"{JAVA_HOME}/bin/javac", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                      "-J-Xshare:auto", "-encoding", "UTF-8", "-d", ".", "{files}"),
             version_cmd=(f"{JAVA_HOME}/bin/java", "-version"), version_re=r'version "(\d+[\d.]*)"',
             binds=(JAVA_HOME, "/etc/java-17-openjdk"), address_space_mb=8192, compile_memory_mb=1024),
    Language("cpp", ("c++", "g++", "cpp17"), "main.cpp", ("./main",),
             compile=("/usr/bin/g++", "-std=c++17", "-O2", "-pipe", "-fuse-ld=gold", f"-I{TOOLCHAINS}/pch", "-o", "main",
                      "{files}"),  # gold links libstdc++ programs in a third of ld.bfd's time
             version_cmd=("/usr/bin/g++", "-dumpfullversion"), binds=("/usr/bin/g++", *_GCC, TOOLCHAINS),
             link_inputs=(".o",)),
    Language("c", ("gcc", "c11"), "main.c", ("./main",),
             compile=("/usr/bin/gcc", "-std=c11", "-O2", "-pipe", "-o", "main", "{files}", "-lm"),
             version_cmd=("/usr/bin/gcc", "-dumpfullversion"), binds=("/usr/bin/gcc", *_GCC)),
    Language("go", ("golang",), "main.go", ("./main",),
             compile=("/usr/bin/go", "build", "-o", "main", "{files}"),
             version_cmd=("/usr/bin/go", "version"),
             binds=("/usr/bin/go", GOROOT, "/usr/share/" + os.path.basename(GOROOT)),  # GOROOT/src lives there
             env={"GOCACHE": "/tmp/gocache", "GOPATH": "/tmp/gopath", "GO111MODULE": "off", "CGO_ENABLED": "0",
                  "GOFLAGS": "-buildvcs=false"},
             address_space_mb=4096, compile_memory_mb=1024),
]}

_BY_NAME = {name: l for l in LANGUAGES.values() for name in (l.id, *l.aliases)}


def find(name: str) -> Language | None:
    return _BY_NAME.get((name or "").strip().lower())


@functools.lru_cache(maxsize=None)
def _version(lang_id: str) -> str:
    lang = LANGUAGES[lang_id]
    try:
        out = subprocess.run(lang.version_cmd, capture_output=True, text=True, timeout=20)
        m = re.search(lang.version_re, out.stdout + out.stderr)
        return m.group(1) if m else "0"
    except (OSError, subprocess.TimeoutExpired):
        return "0"


def version(lang: Language) -> str:
    """The toolchain's version, asked once (Piston reports versions; `*` matches any)."""
    return _version(lang.id)


def available(lang: Language) -> bool:
    exe = (lang.compile or lang.run)[0]
    needed = [exe] + [p for p in lang.binds]
    return all(os.path.exists(p) for p in needed if p.startswith("/"))
