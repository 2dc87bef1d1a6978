"""A small Subsonic stand-in on 127.0.0.1: checks the shapes of requests that servers
other than Supysonic need, and can fail a request on purpose.

It answers as an OpenSubsonic server of API 1.16.1 would: a token login (``t`` and ``s``,
checked), or an API key; ``createPlaylist`` answers with the playlist; song ids are read
only from repeated parameters (``songId=a&songId=b``), as Navidrome reads them, so a
client that joined them with commas would write one unknown song. Every request is kept
(endpoint and parameters in order) for the tests to count and inspect.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

USER, PASSWORD, API_KEY = "bob", "pässword", "key-123"
SONGS = {
    "s1": {"id": "s1", "title": "Dreams", "artist": "Faye Wong", "album": "Chungking Express",
           "duration": 2},
    "s2": {"id": "s2", "title": "California Dreamin'", "artist": "The Mamas & the Papas",
           "album": "If You Can Believe Your Eyes and Ears", "duration": 2},
    "s3": {"id": "s3", "title": "Yumeji's Theme", "artist": "Shigeru Umebayashi",
           "album": "In the Mood for Love", "duration": 2},
    "s4": {"id": "s4", "title": "Quizás, Quizás, Quizás", "artist": "Nat King Cole",
           "album": "Cole Español", "duration": 2},
    "k1": {"id": "k1", "title": "Dreams (Karaoke Version)", "artist": "Karaoke Hits Band",
           "album": "Karaoke Hits", "duration": 2},
}


class FakeSubsonic:
    def __init__(self) -> None:
        self.requests: list[tuple[str, list[tuple[str, str]]]] = []
        self.playlists: dict[str, dict[str, Any]] = {}
        self.fail_next: dict[str, int] = {}  # endpoint -> HTTP status, once, after acting
        self.busy = ""  # a search text answered with the server's own error
        self.html = 0  # an HTTP status: answer every request with a web page of that status
        self._made = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSubsonic:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def endpoints(self) -> list[str]:
        return [endpoint for endpoint, _ in self.requests]

    def writes(self) -> list[str]:
        return [e for e in self.endpoints() if e in ("createPlaylist", "updatePlaylist")]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # the name http.server calls
                parts = urlparse(self.path)
                endpoint = parts.path.rsplit("/", 1)[-1].removesuffix(".view")
                params = parse_qsl(parts.query, keep_blank_values=True)
                if fake.html:
                    self._send(fake.html, b"<html><body>Welcome to my NAS</body></html>",
                               "text/html")
                    return
                fake.requests.append((endpoint, params))
                status, body = fake.answer(endpoint, params)
                failing = fake.fail_next.pop(endpoint, None)
                if failing:
                    self._send(failing, b"Bad Gateway", "text/plain")
                    return
                self._send(status, json.dumps({"subsonic-response": {
                    "status": "ok" if "error" not in body else "failed", "version": "1.16.1",
                    "openSubsonic": True, **body}}).encode(), "application/json")

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def answer(self, endpoint: str, params: list[tuple[str, str]]) -> tuple[int, dict[str, Any]]:
        one = dict(params)
        if not self._logged_in(one):
            return 200, {"error": {"code": 40, "message": "Wrong username or password"}}
        many = {key: [v for k, v in params if k == key] for key, _ in params}
        if endpoint == "ping":
            return 200, {}
        if endpoint == "search3" and one.get("query") == self.busy:
            return 200, {"error": {"code": 0, "message": "Search index busy"}}
        if endpoint == "search3":
            words = one.get("query", "").lower()
            return 200, {"searchResult3": {"song": [
                s for s in SONGS.values()
                if words in f"{s['title']} {s['artist']} {s['album']}".lower()]}}
        if endpoint == "getPlaylists":
            return 200, {"playlists": {"playlist": [
                {k: v for k, v in p.items() if k != "songs"} for p in self.playlists.values()]}}
        if endpoint == "getPlaylist":
            found = self.playlists.get(one.get("id", ""))
            if found is None:
                return 200, {"error": {"code": 70, "message": "Playlist not found"}}
            return 200, {"playlist": self._full(found)}
        if endpoint == "createPlaylist":
            songs = many.get("songId", [])
            if any(song not in SONGS for song in songs):
                return 200, {"error": {"code": 70, "message": "Song not found"}}
            if "playlistId" in one:
                found = self.playlists[one["playlistId"]]
            else:
                self._made += 1
                found = self.playlists.setdefault(f"p{self._made}", {
                    "id": f"p{self._made}", "name": one["name"], "owner": USER,
                    "public": False, "comment": ""})
            found["songs"] = list(songs)
            return 200, {"playlist": self._full(found)}
        if endpoint == "updatePlaylist":
            found = self.playlists[one["playlistId"]]
            for key in ("name", "comment"):
                if key in one:
                    found[key] = one[key]
            if "public" in one:
                found["public"] = one["public"] == "true"
            found["songs"] = found.get("songs", []) + many.get("songIdToAdd", [])
            return 200, {}
        return 404, {"error": {"code": 0, "message": "unknown endpoint"}}

    def _logged_in(self, one: dict[str, str]) -> bool:
        if "apiKey" in one:
            return one["apiKey"] == API_KEY
        if one.get("u") != USER:
            return False
        if "t" in one:
            return one["t"] == hashlib.md5((PASSWORD + one.get("s", "")).encode()).hexdigest()
        return one.get("p") in (PASSWORD, "enc:" + PASSWORD.encode().hex())

    def _full(self, playlist: dict[str, Any]) -> dict[str, Any]:
        entries = [SONGS[s] for s in playlist.get("songs", [])]
        return {**{k: v for k, v in playlist.items() if k != "songs"}, "entry": entries,
                "songCount": len(entries)}
