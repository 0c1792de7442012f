"""`python -m app.sandbox serve --host 127.0.0.1 --port PORT`: the Piston-compatible API alone, no auth,
loopback by default."""
from __future__ import annotations

import argparse


def build_app():
    from fastapi import FastAPI

    from app.sandbox.http import build_router

    app = FastAPI(title="Parley sandbox (Piston v2 API)")
    app.include_router(build_router())

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok"}

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
