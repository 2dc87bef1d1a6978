"""A stand-in Spotify Web API and accounts service over HTTP on 127.0.0.1 (a random port).

``/v1/...`` is the Web API, ``/accounts/...`` the accounts service (authorize, token).
The accounts service also answers at the root (``/authorize``, ``/api/token``), as a proxy
that serves both on one host does: set the accounts URL to ``base`` + "/" (``one_host``),
and every API address then starts with the accounts URL.
Routes are listed in ``ROUTES``; tests/test_spotify_openapi.py checks each against the
OpenAPI description of the real API. Each route asks for the scopes the real one needs
(403 "Insufficient client scope" without them); the authorize endpoint refuses a redirect
URI that is plain http to anything but a loopback address, as Spotify does.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fake_spotify.fields import select
from fake_spotify.state import (
    DISPLAY_NAME,
    USER,
    Fault,
    LoggedRequest,
    Playlist,
    World,
    in_market,
)

SEARCH_MAX = 10
PAGE_MAX = 50
WRITE_MAX = 100
LIBRARY_MAX = 40
ROOT_ACCOUNTS = ("/authorize", "/api/token")  # the accounts service on the API's own host


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None,
                 reason: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers, self.reason = status, message, headers, reason


class Raw:
    """An answer that is not the API's JSON: ``body`` as is, or cut off halfway (``drop``)."""

    def __init__(self, body: bytes, content_type: str, drop: bool = False) -> None:
        self.body, self.content_type, self.drop = body, content_type, drop


PORTAL_PAGE = (b"<html><body><h1>Welcome to Harbour Hotel Wi-Fi</h1>"
               b"Sign in to continue.</body></html>")


class Request:
    def __init__(self, method: str, path: str, query: dict[str, str], body: Any,
                 headers: Any, params: dict[str, str]) -> None:
        self.method, self.path, self.query, self.body = method, path, query, body
        self.headers, self.params = headers, params


Handler = Callable[["FakeSpotify", Request], tuple[int, Any]]
ROUTES: list[tuple[str, str, str]] = []  # (method, OpenAPI-style path, handler name)


def route(method: str, path: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        ROUTES.append((method, path, handler.__name__))
        return handler

    return register


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "/?$")


class FakeSpotify(World):
    """The stand-in: a World served over HTTP. Use as a context manager or start()/stop()."""

    def __init__(self) -> None:
        super().__init__()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeSpotify:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeSpotify:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base + "/v1/"

    @property
    def accounts_url(self) -> str:
        return self.base + "/accounts/"

    @property
    def one_host(self) -> str:
        """An accounts URL that every API address starts with (API and accounts on one host)."""
        return self.base + "/"

    # --- dispatch -------------------------------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: Any, body: Any) -> tuple[int, Any, dict]:
        url = urlsplit(raw_path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        self.wait_at_gates(method, url.path.removeprefix("/v1"))
        with self.lock:
            try:
                if url.path.startswith("/accounts/") or url.path in ROOT_ACCOUNTS:
                    path = url.path if url.path.startswith("/accounts/") else (
                        "/accounts" + url.path)
                    status, payload = self._accounts(method, path, query, body)
                    headers_out = payload.pop("_headers", {}) if isinstance(payload, dict) else {}
                    return status, payload, headers_out
                return self._api(method, url.path.removeprefix("/v1"), query, headers, body)
            except HttpError as e:
                return e.status, _error(e), e.headers or {}

    def _api(self, method: str, path: str, query: dict[str, str], headers: Any,
             body: Any) -> tuple[int, Any, dict]:
        status, payload, extra = 500, None, {}
        fault = self.take_fault(method, path)
        try:
            if fault and fault.mode == "portal":
                status, payload = 200, Raw(PORTAL_PAGE, "text/html")
                return status, payload, extra
            if fault and fault.mode == "before":
                raise HttpError(fault.status, fault.message, _retry_headers(fault), fault.reason)
            self.maybe_expire(method, path)
            self.maybe_edit(method, path)
            state = self.token_state(headers.get("Authorization"))
            if state != "ok":
                raise HttpError(401, "The access token expired" if state == "expired"
                                else "Invalid access token")
            status, payload = self._dispatch(method, path, query, headers, body)
            if fault:  # carried out; now spoil the answer
                status, payload, extra = self._spoil(fault, status, payload)
            return status, payload, extra
        except HttpError as e:
            status, payload, extra = e.status, _error(e), e.headers or {}
            return status, payload, extra
        finally:
            self.log.append(LoggedRequest(method, path, query, body, status, api=True,
                                          response=payload))

    def _spoil(self, fault: Fault, status: int, payload: Any) -> tuple[int, Any, dict]:
        if fault.mode == "drop":
            return status, Raw(json.dumps(payload).encode(), "application/json", drop=True), {}
        error = HttpError(fault.status, fault.message, _retry_headers(fault), fault.reason)
        return fault.status, _error(error), error.headers or {}

    def _dispatch(self, method: str, path: str, query: dict[str, str], headers: Any,
                  body: Any) -> tuple[int, Any]:
        for route_method, template, name in ROUTES:
            if route_method != method or template.startswith("/accounts"):
                continue
            found = _pattern(template).match(path)
            if found:
                request = Request(method, path, query, body, headers, found.groupdict())
                return getattr(type(self), name)(self, request)
        raise HttpError(404, f"no route for {method} {path}")

    def require(self, request: Request, *any_of: str) -> None:
        """403 unless the request's token was granted one of ``any_of``."""
        if not self.scopes(request.headers.get("Authorization")) & set(any_of):
            raise HttpError(403, "Insufficient client scope")

    def require_modify(self, request: Request, public: bool) -> None:
        self.require(request, "playlist-modify-public" if public else "playlist-modify-private")

    def _accounts(self, method: str, path: str, query: dict[str, str],
                  body: Any) -> tuple[int, Any]:
        self.log.append(LoggedRequest(method, path, query, None, 0, api=False))
        fault = self.take_fault(method, path)
        if fault:
            raise HttpError(fault.status, fault.message, _retry_headers(fault), fault.reason)
        if method == "GET" and path == "/accounts/authorize":
            return self.authorize(query)
        if method == "POST" and path == "/accounts/api/token":
            return self.token(body if isinstance(body, dict) else {})
        raise HttpError(404, f"no route for {method} {path}")

    # --- accounts -----------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[int, Any]:
        redirect = query.get("redirect_uri", "")
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            raise HttpError(400, "PKCE authorization code flow expected")
        parts = urlsplit(redirect)
        if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname)):
            raise HttpError(400, "INVALID_CLIENT: Insecure redirect URI")
        answer = {"error": "access_denied"} if self.deny_login else {
            "code": self.issue_code(query)}
        if "state" in query:
            answer["state"] = query["state"]
        return 302, {"_headers": {"Location": f"{redirect}?{urlencode(answer)}"}}

    def token(self, form: dict[str, str]) -> tuple[int, Any]:
        if form.get("grant_type") == "authorization_code":
            token = self.redeem_code(form)
        elif form.get("grant_type") == "refresh_token":
            refresh = form.get("refresh_token", "")
            token = self.new_token("", refresh) if refresh in self.refresh_tokens else None
            if token:
                del token["scope"]  # Spotify may leave scope out of a refresh answer
        else:
            token = None
        if token is None:
            return 400, {"error": "invalid_grant", "error_description": "Invalid code"}
        return 200, token

    # --- the Web API ----------------------------------------------------------------------

    @route("GET", "/me")
    def me(self, request: Request) -> tuple[int, Any]:
        return 200, {"id": USER, "display_name": DISPLAY_NAME, "type": "user",
                     "uri": f"spotify:user:{USER}", "href": f"{self.api_url}users/{USER}",
                     "external_urls": {"spotify": f"https://open.spotify.com/user/{USER}"},
                     "images": [], "account_id": "aB3dE5fG7h"}

    @route("GET", "/me/playlists")
    def my_playlists(self, request: Request) -> tuple[int, Any]:
        limit, offset = _limit(request.query, PAGE_MAX, 20), _offset(request.query)
        private = bool(self.scopes(request.headers.get("Authorization"))
                       & {"playlist-read-private"})
        chosen = [self.simplified(self.playlists[i]) for i in self.library
                  if private or self.playlists[i].public]
        return 200, self.page("me/playlists", chosen, limit, offset)

    @route("POST", "/me/playlists")
    def create(self, request: Request) -> tuple[int, Any]:
        body = _object(request.body)
        if not isinstance(body.get("name"), str) or not body["name"]:
            raise HttpError(400, "Missing required field: name")
        self.require_modify(request, bool(body.get("public", True)))
        playlist = self.create_playlist(body["name"], body.get("description") or "",
                                        bool(body.get("public", True)))
        return 201, self.full(playlist)

    @route("GET", "/playlists/{playlist_id}")
    def get_playlist(self, request: Request) -> tuple[int, Any]:
        playlist = self._playlist(request)
        return 200, select(self.full(playlist), request.query.get("fields"))

    @route("PUT", "/playlists/{playlist_id}")
    def change_details(self, request: Request) -> tuple[int, Any]:
        playlist = self._mine(request)
        self.require_modify(request, playlist.public)
        body = _object(request.body)
        for key in ("name", "description"):
            if isinstance(body.get(key), str):
                setattr(playlist, key, body[key])
        if isinstance(body.get("public"), bool):
            playlist.public = body["public"]
        playlist.changed()  # as Spotify does: new details are a new snapshot
        return 200, None

    @route("GET", "/playlists/{playlist_id}/items")
    def get_items(self, request: Request) -> tuple[int, Any]:
        playlist = self._mine(request)
        if not playlist.public:
            self.require(request, "playlist-read-private")
        limit, offset = _limit(request.query, PAGE_MAX, 20), _offset(request.query)
        entries = [self.entry(uri, added) for uri, added in playlist.items]
        page = self.page(f"playlists/{playlist.id}/items", entries, limit, offset)
        return 200, select(page, request.query.get("fields"))

    @route("PUT", "/playlists/{playlist_id}/items")
    def replace_or_reorder(self, request: Request) -> tuple[int, Any]:
        playlist = self._mine(request)
        self.require_modify(request, playlist.public)
        body = _object(request.body)
        if "uris" in body:
            playlist.items = [(uri, _now()) for uri in self._uris(body["uris"])]
        else:
            _reorder(playlist, body)
        playlist.changed()
        return 200, {"snapshot_id": playlist.snapshot_id}

    @route("POST", "/playlists/{playlist_id}/items")
    def add_items(self, request: Request) -> tuple[int, Any]:
        playlist = self._mine(request)
        self.require_modify(request, playlist.public)
        body = request.body
        # spotipy sends a bare JSON array; the documented form is {"uris": [...]}.
        uris = self._uris(body if isinstance(body, list) else _object(body).get("uris"))
        position = request.query.get("position")
        if position is None and isinstance(body, dict):
            position = body.get("position")
        at = len(playlist.items) if position is None else int(position)
        playlist.items[at:at] = [(uri, _now()) for uri in uris]
        playlist.changed()
        return 201, {"snapshot_id": playlist.snapshot_id}

    @route("DELETE", "/playlists/{playlist_id}/items")
    def remove_items(self, request: Request) -> tuple[int, Any]:
        playlist = self._mine(request)
        self.require_modify(request, playlist.public)
        items = _object(request.body).get("items")
        if not isinstance(items, list) or not items or len(items) > WRITE_MAX:
            raise HttpError(400, "1 to 100 items expected")
        gone = {item.get("uri") for item in items if isinstance(item, dict)}
        playlist.items = [(uri, added) for uri, added in playlist.items if uri not in gone]
        playlist.changed()
        return 200, {"snapshot_id": playlist.snapshot_id}

    @route("GET", "/me/library/contains")
    def library_contains(self, request: Request) -> tuple[int, Any]:
        self.require(request, "user-library-read", "user-follow-read", "playlist-read-private")
        uris = [u for u in request.query.get("uris", "").split(",") if u]
        if not uris or len(uris) > LIBRARY_MAX:
            raise HttpError(400, "1 to 40 uris expected")
        return 200, [u.startswith("spotify:playlist:") and u.rsplit(":", 1)[1] in self.library
                     for u in uris]

    @route("GET", "/search")
    def search_route(self, request: Request) -> tuple[int, Any]:
        query = request.query
        if not query.get("q") or query.get("type") != "track":
            raise HttpError(400, "q and type=track expected")
        limit, offset = _limit(query, SEARCH_MAX, 5), _offset(query)
        found = [in_market(t, query.get("market")) for t in self.search(query["q"])]
        return 200, {"tracks": self.page("search", found, limit, offset,
                                         extra={"q": query["q"], "type": "track"})}

    # --- helpers --------------------------------------------------------------------------

    def _playlist(self, request: Request) -> Playlist:
        playlist = self.playlists.get(request.params["playlist_id"])
        if playlist is None:
            raise HttpError(404, "Resource not found")
        return playlist

    def _mine(self, request: Request) -> Playlist:
        playlist = self._playlist(request)
        if playlist.owner != USER:
            raise HttpError(403, "You cannot modify a playlist you do not own")
        return playlist

    def _uris(self, uris: Any) -> list[str]:
        if not isinstance(uris, list) or len(uris) > WRITE_MAX:
            raise HttpError(400, "at most 100 uris a request")
        for uri in uris:
            if not isinstance(uri, str) or not re.fullmatch(r"spotify:track:[0-9A-Za-z]{22}",
                                                            uri):
                raise HttpError(400, f"Invalid track uri: {uri}")
        return uris

    def page(self, path: str, items: list[Any], limit: int, offset: int,
             extra: dict[str, str] | None = None) -> dict[str, Any]:
        def link(at: int) -> str:
            query = urlencode({**(extra or {}), "offset": at, "limit": limit})
            return f"{self.api_url}{path}?{query}"

        more = offset + limit < len(items)
        return {"href": link(offset), "items": items[offset:offset + limit], "limit": limit,
                "next": link(offset + limit) if more else None, "offset": offset,
                "previous": link(max(0, offset - limit)) if offset else None,
                "total": len(items)}

    def owner(self, user: str) -> dict[str, Any]:
        return {"id": user, "type": "user", "uri": f"spotify:user:{user}",
                "href": f"{self.api_url}users/{user}", "display_name": DISPLAY_NAME,
                "external_urls": {"spotify": f"https://open.spotify.com/user/{user}"}}

    def simplified(self, playlist: Playlist) -> dict[str, Any]:
        return {
            "collaborative": playlist.collaborative,
            "description": _escaped(playlist.description),
            "external_urls": {"spotify": f"https://open.spotify.com/playlist/{playlist.id}"},
            "href": f"{self.api_url}playlists/{playlist.id}", "id": playlist.id, "images": [],
            "name": playlist.name, "owner": self.owner(playlist.owner),
            "public": playlist.public, "snapshot_id": playlist.snapshot_id,
            "items": {"href": f"{self.api_url}playlists/{playlist.id}/items",
                      "total": len(playlist.items)},
            "type": "playlist", "uri": f"spotify:playlist:{playlist.id}",
        }

    def full(self, playlist: Playlist) -> dict[str, Any]:
        entries = [self.entry(uri, added) for uri, added in playlist.items]
        return {**self.simplified(playlist),
                "followers": {"href": None, "total": 0},
                "items": self.page(f"playlists/{playlist.id}/items", entries, 100, 0)}

    def entry(self, uri: str, added_at: str) -> dict[str, Any]:
        track = self.tracks.get(uri.rsplit(":", 1)[1]) or _unknown_track(uri)
        key = "track" if self.legacy_entries else "item"
        return {"added_at": added_at, "added_by": {k: v for k, v in self.owner(USER).items()
                                                   if k != "display_name"},
                "is_local": False, key: track}


def _unknown_track(uri: str) -> dict[str, Any]:
    from fake_spotify.state import track_object

    return track_object(uri.rsplit(":", 1)[1], "Unknown", ["Unknown"], "Unknown", 180000)


def _reorder(playlist: Playlist, body: dict[str, Any]) -> None:
    start, before = body.get("range_start"), body.get("insert_before")
    length = body.get("range_length", 1)
    if not isinstance(start, int) or not isinstance(before, int):
        raise HttpError(400, "uris, or range_start and insert_before, expected")
    moving = playlist.items[start:start + length]
    rest = playlist.items[:start] + playlist.items[start + length:]
    at = before if before <= start else before - length
    playlist.items = rest[:at] + moving + rest[at:]


def _loopback(host: str | None) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return False


def _escaped(text: str) -> str:
    # Spotify returns descriptions HTML-escaped; clients must not mistake that for a change.
    return text.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")


def _error(error: HttpError) -> dict[str, Any]:
    body: dict[str, Any] = {"status": error.status, "message": error.message}
    if error.reason:
        body["reason"] = error.reason
    return {"error": body}


def _retry_headers(fault: Any) -> dict[str, str]:
    return {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}


def _limit(query: dict[str, str], most: int, default: int) -> int:
    try:
        limit = int(query.get("limit", default))
    except ValueError:
        raise HttpError(400, "Invalid limit") from None
    if not 1 <= limit <= most:
        raise HttpError(400, f"Invalid limit: between 1 and {most}")
    return limit


def _offset(query: dict[str, str]) -> int:
    try:
        return max(0, int(query.get("offset", 0)))
    except ValueError:
        raise HttpError(400, "Invalid offset") from None


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise HttpError(400, "a JSON object body expected")
    return body


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _handler_for(fake: FakeSpotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out as separate writes; without this, Nagle's algorithm
            # and delayed ACKs add tens of milliseconds to every request.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _serve(self) -> None:
            body = self._body()
            status, payload, headers = fake.handle(self.command, self.path, self.headers, body)
            kind = "application/json; charset=utf-8"
            if isinstance(payload, Raw):
                data, kind = payload.body, payload.content_type
            else:
                data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if isinstance(payload, Raw) and payload.drop:
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(data)

        def _body(self) -> Any:
            size = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(size) if size else b""
            if not raw:
                return None
            if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                return dict(parse_qsl(raw.decode()))
            try:
                return json.loads(raw)
            except ValueError:
                return raw.decode(errors="replace")

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
