"""An unknown `/api/...` path, by any method, answers a JSON 404 on the production server (it used to fall
through to the pages and answer 200 with the app's HTML); a known path with the wrong method answers a JSON 405
naming the allowed methods; known endpoints and pages are untouched."""
import httpx

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def test_unknown_api_paths_are_json_404_by_any_method(app_server):
    for path in ("/api/nope", "/api/sessions/abc/nope/deeper", "/api/v3/execute", "/api/auth/", "/api/"):
        for method in METHODS:
            r = httpx.request(method, app_server.url + path, json={}, timeout=30)
            assert r.status_code == 404, (method, path, r.status_code, r.text[:200])
            assert r.headers["content-type"].startswith("application/json"), (method, path)
            body = r.json()
            assert body["error"] == "not_found" and path.rstrip("/") in body["detail"], (method, path, body)


def test_a_known_path_with_the_wrong_method_is_json_405(app_server):
    r = httpx.get(app_server.url + "/api/auth/login", timeout=30)
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"
    assert "POST" in r.headers["allow"]
    r = httpx.delete(app_server.url + "/api/me", timeout=30)
    assert r.status_code == 405 and "GET" in r.headers["allow"]


def test_known_endpoints_and_pages_still_answer(app_server):
    assert httpx.get(app_server.url + "/api/me", timeout=30).json()["error"] == "not_signed_in"
    assert httpx.get(app_server.url + "/api/openapi.json", timeout=30).json()["info"]["title"] == "Parley API"
    page = httpx.get(app_server.url + "/problems", timeout=30, follow_redirects=True)
    assert page.status_code == 200 and "<html" in page.text.lower()
