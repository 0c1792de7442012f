"""A second app worker that serves the pages too: `reflex run --backend-only` never mounts the built frontend, so
this does what `reflex run --env prod` does for the backend, with the pages mounted. Bound to another loopback
address on the first worker's port, its pages' sockets come back to it (Reflex points a page's sockets at the
page's own host), so a browser context opened on it sits on this worker. Run from the repository root:
`python -m tests.workers.pages_worker HOST PORT` (REFLEX_ENV_MODE=prod in the environment)."""
from __future__ import annotations

import sys

from reflex.config import get_config
from reflex.reflex import _skip_compile
from reflex.utils import exec as reflex_exec

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    get_config()._set_persistent(frontend_port=port, backend_port=port)  # the pages' env.json names this port
    _skip_compile()  # the first worker built them
    reflex_exec.run_backend_prod(host, port, mount_frontend_compiled_app=True)
