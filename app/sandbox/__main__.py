"""`python -m app.sandbox serve --host 127.0.0.1 --port PORT`: the Piston-compatible API alone, no auth,
loopback by default."""
from __future__ import annotations

import argparse


def build_app():
    from fastapi import FastAPI

    from app.sandbox.http import build_router
    from app.sandbox.runner import warm_boxes

    app = FastAPI(title="Parley sandbox (Piston v2 API)", lifespan=lambda _app: warm_boxes())
    app.include_router(build_router())

    @app.get("/health")
    async def health() -> dict:
        """`boxes`: pids of the sandboxes waiting in slots for the next run (loopback-only server)."""
        from app.sandbox.pool import get_pool
        from app.sandbox.runner import spare_pids

        return {"status": "ok", "boxes": spare_pids(get_pool()._slots or [])}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app.sandbox")
    sub = parser.add_subparsers(dest="cmd", required=True)
    serve = sub.add_parser("serve", help="serve the Piston v2 API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=2000)
    args = parser.parse_args()
    import uvicorn

    uvicorn.run(build_app(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
