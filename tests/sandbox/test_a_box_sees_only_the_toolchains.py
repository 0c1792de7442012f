"""A box binds only the toolchain subtrees its languages need, not all of /usr: the rest of the host's /usr
(other programs, /usr/local, /usr/share, Python's system packages, SDKs) is not there to read or run."""
import json
import os

CODE = """import json, os
def ls(p):
    try:
        return sorted(os.listdir(p))
    except OSError:
        return None
print(json.dumps({p: ls(p) for p in ['/usr', '/usr/bin', '/usr/lib', '/usr/share', '/usr/local', '/etc']}))"""

NOT_TOOLCHAINS = ["/usr/local", "/usr/sbin", "/usr/share/doc", "/usr/lib/python3", "/usr/lib/google-cloud-sdk",
                  "/usr/lib/postgresql", "/usr/lib/chromium", "/usr/src", "/usr/games", "/usr/bin/bash",
                  "/usr/bin/perl", "/usr/bin/curl", "/usr/bin/sudo", "/usr/bin/su", "/usr/bin/gcloud",
                  "/usr/bin/psql", "/usr/bin/apt"]


def test_only_toolchain_subtrees_of_usr_are_visible(sandbox_server):
    r = sandbox_server.execute("python", CODE)
    assert r["status"] == "ok", r
    seen = json.loads(r["run"]["stdout"])
    present_on_host = [p for p in NOT_TOOLCHAINS if os.path.exists(p)]
    assert len(present_on_host) >= 5, present_on_host
    visible = []
    for p in present_on_host:
        parent, name = os.path.dirname(p), os.path.basename(p)
        if seen.get(parent) and name in seen[parent]:
            visible.append(p)
    assert visible == [], f"not toolchains, yet visible in the box: {visible}"
    host_bin = len(os.listdir("/usr/bin"))
    assert len(seen["/usr/bin"]) < 40 < host_bin, (len(seen["/usr/bin"]), host_bin)
    assert seen["/usr/local"] is None
