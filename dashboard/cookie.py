"""The session cookie, set by the server itself so that it is HttpOnly (no script in the page can read the token).

A page run cannot set a cookie: it talks to the browser over a websocket. So, once someone signs in, the page hands
the browser a one-time code (valid for a minute, kept only in this server process's memory), and the browser's
`fetch` of `/_cchc/phien?ma=CODE` gets the cookie in the answer's `Set-Cookie`. Signing out fetches
`/_cchc/phien/thoat`, which clears it. `serve.py` mounts these two routes beside Streamlit's."""

from __future__ import annotations

import json
import secrets
import threading
import time

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

NAME = "cchc_phien"
PATH = "/_cchc/phien"
VALID_SECONDS = 60
_codes: dict[str, tuple[str, int, float]] = {}  # one-time code → (token, cookie's age in seconds, expiry)
_lock = threading.Lock()


def handoff(token: str | None, age: int) -> str:
    """The page's script that makes the browser's cookie hold this token (or none, when None)."""
    if token is None:
        url = f"{PATH}/thoat"
    else:
        code = secrets.token_urlsafe(24)
        with _lock:
            now = time.monotonic()
            for old in [c for c, (_, _, expiry) in _codes.items() if expiry < now]:
                del _codes[old]
            _codes[code] = (token, age, now + VALID_SECONDS)
        url = f"{PATH}?ma={code}"
    return f"<script>fetch({json.dumps(url)}, {{method: 'POST', credentials: 'same-origin'}});</script>"


def _cookie(response: Response, request: Request, value: str, age: int) -> Response:
    response.set_cookie(NAME, value, max_age=age, path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


async def _set(request: Request) -> Response:
    """Exchange a one-time code for the session cookie."""
    with _lock:
        found = _codes.pop(request.query_params.get("ma", ""), None)
    if found is None or found[2] < time.monotonic():
        return Response("Mã không hợp lệ hoặc đã hết hạn.", status_code=403, media_type="text/plain; charset=utf-8")
    token, age, _ = found
    return _cookie(Response(status_code=204), request, token, age)


async def _clear(request: Request) -> Response:
    """Clear the session cookie (the session itself was ended in the store already)."""
    return _cookie(Response(status_code=204), request, "", 0)


ROUTES = [Route(PATH, _set, methods=["POST"]), Route(f"{PATH}/thoat", _clear, methods=["POST"])]
