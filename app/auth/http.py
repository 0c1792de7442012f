"""Account endpoints and the "who is calling" dependencies every other router uses.

Sign-up, sign-in and "continue as guest" accept JSON (answering JSON and setting the cookie) or an HTML form
post from the pages (answering 303 to `next`, or back to the form with an error), so the pages work without
client-side JavaScript handling credentials and the cookie stays HttpOnly. Cross-site posts never get here:
`app.auth.origins.OriginGuard` refuses them for the whole app.
"""
from __future__ import annotations

from typing import Any, Callable, Optional
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app import untrusted
from app.auth import addresses, cookies, oidc, origins, service
from app.auth.service import Me
from app.errors import Forbidden, ParleyError, Unauthorized

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
JSON_TYPES = ("", "application/json")
MAX_BODY = 64 * 1024


class UnsupportedType(ParleyError):
    status, error = 415, "unsupported_media_type"


def client_address(request: Request) -> str:
    """The caller's address for per-address limits (X-Forwarded-For only from TRUSTED_PROXIES)."""
    return addresses.client_address(request.scope)


async def current_user(request: Request) -> Optional[Me]:
    """The caller: a Clerk/OIDC bearer token when configured, else the session cookie, else None."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer ") and oidc.enabled():
        return await run_in_threadpool(oidc.user_from_bearer, auth[7:].strip())
    found = await run_in_threadpool(service.user_from_token, request.cookies.get(cookies.name()))
    return found[0] if found else None


async def require_user(me: Optional[Me] = Depends(current_user)) -> Me:
    if me is None:
        raise Unauthorized("Sign in or join as a guest first.", error="not_signed_in")
    return me


async def user_key(me: Me = Depends(require_user)) -> str:
    """Per-user key for rate limits (the sandbox API's dependency)."""
    return f"user:{me.id}"


def safe_next(target: Any, default: str = "/dashboard") -> str:
    """Only same-site paths: an open redirect would turn the sign-in form into a phishing aid."""
    t = str(target or "")
    return t if t.startswith("/") and not t.startswith("//") and "\\" not in t else default


def page_url(request: Request, path: str) -> str:
    """Where a form post lands afterwards: the page's own origin (in development the pages are served from
    another port of the same host than the API), else a same-origin path."""
    origin = request.headers.get("origin", "")
    if origin and urlsplit(origin).hostname == request.url.hostname:
        return origin.rstrip("/") + path
    return path


def check_origin(request: Request) -> None:
    """The app-wide Origin policy (`OriginGuard` already applies it to every request; kept for callers)."""
    why = origins.refusal(request.scope)
    if why:
        raise Forbidden(why, error="cross_site")


def signed_in(response: Response, me: Me) -> Response:
    response.set_cookie(value=cookies.issue(me.id), **cookies.cookie_params())
    return response


async def read_body(request: Request) -> tuple[dict, bool]:
    """(fields, is_form): a form post or a JSON object, nothing else (text/plain is how cross-site posts
    dress JSON up). Malformed JSON is a 400 naming the problem."""
    check_origin(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype in FORM_TYPES:
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            raise ParleyError("Request body too large.", error="body_too_large")
        form = await request.form(max_files=0, max_fields=50)
        return {k: v for k, v in form.items() if isinstance(v, str)}, True
    if ctype not in JSON_TYPES and not ctype.endswith("+json"):
        raise UnsupportedType(f"Send JSON (content-type: application/json) or a form, not {ctype[:60]!r}.")
    raw = bytearray()
    async for part in request.stream():
        raw += part
        if len(raw) > MAX_BODY:
            raise ParleyError("Request body too large.", error="body_too_large")
    try:
        data = untrusted.loads(bytes(raw) or b"{}")
    except ValueError as e:
        raise ParleyError(f"Malformed JSON: {e}", error="malformed_json")
    if not isinstance(data, dict):
        raise ParleyError("Request body must be a JSON object.", error="malformed_json")
    return data, False


def redirect(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(page_url(request, path), status_code=303)


async def as_guest_if_needed(request: Request, me: Optional[Me], data: dict, is_form: bool,
                             act: Callable[[Me], dict], back: str, forward: Callable[[dict], str]) -> Response:
    """`act(me)` (in a thread), as a new guest named `display_name` when nobody is signed in — deleted again if
    `act` refuses, so a refusal leaves no account behind. A form post answers 303 to `forward(view)`, or back to
    `back` with the error (and the invite); JSON answers the view, with the new guest's cookie."""
    created = None
    try:
        if me is None:
            created = me = await run_in_threadpool(service.create_guest, data.get("display_name"),
                                                   address=client_address(request))
        view = await run_in_threadpool(act, me)
    except ParleyError as e:
        if created is not None:
            await run_in_threadpool(service.delete_guest, created.id)
        if is_form:
            q = {"error": e.detail, **({"invite": data["invite"]} if data.get("invite") else {})}
            return redirect(request, f"{back}?{urlencode(q)}")
        raise
    resp = redirect(request, forward(view)) if is_form else JSONResponse(view)
    return signed_in(resp, me) if created is not None else resp


def form_error(request: Request, page: str, e: ParleyError, fields: dict, keep: tuple[str, ...]) -> RedirectResponse:
    q = {"error": e.detail, **{k: str(fields.get(k, ""))[:200] for k in keep if fields.get(k)}}
    return redirect(request, f"{page}?{urlencode(q)}")


def build_router() -> APIRouter:
    router = APIRouter(tags=["accounts"])

    @router.post("/api/auth/signup", status_code=201, summary="Create an account and sign in",
                 openapi_extra={"requestBody": {"content": {"application/json": {"example": {
                     "email": "ada@example.com", "password": "correct horse", "display_name": "Ada"}}}}})
    async def signup(request: Request):
        data, is_form = await read_body(request)
        current = await current_user(request)
        try:
            me = await run_in_threadpool(service.signup, data.get("email"), data.get("password"),
                                         data.get("display_name"), current.id if current and current.is_guest else None)
        except ParleyError as e:
            if is_form:
                return form_error(request, "/signup", e, data, ("email", "display_name", "next"))
            raise
        if is_form:
            return signed_in(redirect(request, safe_next(data.get("next"))), me)
        return signed_in(JSONResponse(me.private(), status_code=201), me)

    @router.post("/api/auth/login", summary="Sign in (sets the session cookie)",
                 openapi_extra={"requestBody": {"content": {"application/json": {"example": {
                     "email": "ada@example.com", "password": "correct horse"}}}}})
    async def login(request: Request):
        data, is_form = await read_body(request)
        try:
            me = await run_in_threadpool(service.login, data.get("email"), data.get("password"),
                                         client_address(request))
        except ParleyError as e:
            if is_form:
                return form_error(request, "/login", e, data, ("email", "next"))
            raise
        if is_form:
            return signed_in(redirect(request, safe_next(data.get("next"))), me)
        return signed_in(JSONResponse(me.private()), me)

    @router.post("/api/auth/logout", summary="Sign out (revokes the session)")
    async def logout(request: Request):
        check_origin(request)
        await run_in_threadpool(service.logout, request.cookies.get(cookies.name()))
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        resp: Response = redirect(request, "/") if ctype in FORM_TYPES else JSONResponse({"ok": True})
        resp.delete_cookie(**cookies.deletion_params())
        return resp

    @router.post("/api/auth/guest", summary="Continue as a guest (sets the cookie)",
                 openapi_extra={"requestBody": {"content": {"application/json": {"example": {
                     "display_name": "Ada", "next": "/problems/two-sum"}}}}})
    async def guest(request: Request):
        """Someone signed in already keeps who they are; else a guest is created (limited per address)."""
        data, is_form = await read_body(request)
        nxt = safe_next(data.get("next"), "/problems")
        current = await current_user(request)
        try:
            me = current or await run_in_threadpool(service.create_guest, data.get("display_name"),
                                                    address=client_address(request))
        except ParleyError as e:
            if is_form:
                return redirect(request, f"{nxt.split('?')[0]}?{urlencode({'guest_error': e.detail})}")
            raise
        if is_form:
            resp = redirect(request, nxt)
        else:
            resp = JSONResponse(me.private(), status_code=200 if current else 201)
        return resp if current else signed_in(resp, me)

    @router.get("/api/me", summary="The signed-in user")
    async def me(user: Me = Depends(require_user)) -> dict:
        return user.private()

    return router
