"""`python -m app.sandbox serve --host 127.0.0.1 --port PORT`: the Piston-compatible API alone, loopback by
default. It answers only for its own host names (DNS rebinding), takes JSON only, and requires SANDBOX_TOKEN as a
Bearer token when that is set (see guard.py). With a token it is also a runner host for the app's RUNNER_URLS
pool (judged submissions and room runs, in their lanes); it always runs on its own slots, whatever RUNNER_URLS or
PISTON_URL a shared .env names."""
from __future__ import annotations

import argparse


def build_app(host: str = "127.0.0.1", port: int = 2000):
    from fastapi import FastAPI

    from app.config import settings
    from app.sandbox.guard import Guard
    from app.sandbox.http import build_router
    from app.sandbox.startup import serving

    settings.runner_urls = ""  # a runner host never forwards: it is where runs end up
    if not settings.sandbox_token:  # no pool can use it (its requests need the token): no room runs come
        settings.sandbox_room_slots = 0
    app = FastAPI(title="Parley sandbox (Piston v2 API)", lifespan=lambda _app: serving())
    app.include_router(build_router(trusted=bool(settings.sandbox_token)))

    @app.get("/health")
    async def health() -> dict:
        """`boxes`: pids of the sandboxes waiting in slots for the next run; `sandbox`: slots, free, retired."""
        from app.sandbox import health as sandbox_health
        from app.sandbox.pool import get_pool
        from app.sandbox.runner import spare_pids

        return {"status": "ok", "boxes": spare_pids(get_pool()._slots or []), "sandbox": await sandbox_health()}

    return Guard(app, host, port, settings.sandbox_token, settings.sandbox_hosts)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app.sandbox")
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve", help="serve the Piston v2 API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=2000)
    args = parser.parse_args()
    import uvicorn

    uvicorn.run(build_app(args.host, args.port), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
