"""A headless Chromium whose pages are real tabs of one window, for tests that need a page to really go to the
background. Pages that Playwright creates keep `Emulation.setFocusEmulationEnabled` on, which holds every page
"visible" (document.visibilityState never changes, no visibilitychange). Here Chromium is started by the test and
Playwright connects over CDP with `no_defaults`, so the default context's pages carry no such override: opening a
second tab hides the first (a real `visibilitychange` to "hidden"), and bringing it back shows it again."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time

import httpx

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port


@contextlib.contextmanager
def tabbed_chromium(browser_type):
    """Yield a Playwright Browser whose `contexts[0]` opens pages as tabs of one window (stopped by PID after)."""
    port = free_port()
    profile = tempfile.TemporaryDirectory(prefix="parley-tabs-", ignore_cleanup_errors=True)
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1",
         f"--user-data-dir={profile.name}", "--window-size=1400,900", *CHROMIUM_ARGS, "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/json/version", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Chromium with remote debugging did not start")
            time.sleep(0.2)
        browser = browser_type.connect_over_cdp(f"http://127.0.0.1:{port}", no_defaults=True)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):  # its own process group: the browser and its helpers
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=15)
                break
            except subprocess.TimeoutExpired:
                continue
        time.sleep(0.5)  # helpers of the group may still be flushing the profile
        profile.cleanup()
