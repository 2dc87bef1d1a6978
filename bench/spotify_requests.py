"""Request-count benchmark for `wkwmix sync`: how many requests and writes a sync costs.

Runs the real spotipy client over HTTP against the test stand-in (tests/fake_spotify):

1. a new 250-track playlist (every track resolved),
2. the same sync again (nothing changed),
3. a sync after five tracks changed,

and prints, for each, the Web API requests made, the writes among them and the wall
time. Targets: new <= 6 requests; unchanged 0 writes and <= 3 requests; changed <= 5.

    python bench/spotify_requests.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

TRACKS = 250
TARGETS = {"new": (6, None), "unchanged": (3, 0), "changed": (5, None)}


def main() -> int:
    from fake_spotify.fixtures import log_in
    from fake_spotify.server import FakeSpotify

    os.environ["WKWMIX_HOME"] = tempfile.mkdtemp(prefix="wkwmix-bench-")
    with FakeSpotify() as fake:
        os.environ.update({
            "WKWMIX_SPOTIFY_API_URL": fake.api_url,
            "WKWMIX_SPOTIFY_ACCOUNTS_URL": fake.accounts_url,
            "SPOTIPY_CLIENT_ID": "wkwmix-bench",
            "SPOTIPY_REDIRECT_URI": "http://127.0.0.1:8888/callback",
        })
        log_in()
        remember_account()  # what `wkwmix spotify login` does after the authorization
        rows = run_scenarios(fake)
    print(f"{'sync':<10} {'requests':>8} {'writes':>6} {'wall ms':>8}  target")
    failed = False
    for label, requests, writes, seconds in rows:
        most, most_writes = TARGETS[label]
        met = requests <= most and (most_writes is None or writes <= most_writes)
        failed |= not met
        target = f"<= {most} requests" + (f", {most_writes} writes" if most_writes is not None
                                           else "")
        print(f"{label:<10} {requests:>8} {writes:>6} {seconds * 1000:>8.0f}  {target}: "
              f"{'met' if met else 'MISSED'}")
    print(f"({TRACKS} tracks; command: python bench/spotify_requests.py)")
    return 1 if failed else 0


def remember_account() -> None:
    from wkwmix.spotify.auth import connect
    from wkwmix.store.spotify_memory import set_account

    me = connect().call("read your profile", "me")
    set_account(me["id"], me.get("display_name"))


def run_scenarios(fake) -> list[tuple[str, int, int, float]]:
    uris = [fake.add_track(f"Track {n}", "Faye Wong", seed=f"bench-{n}") for n in range(TRACKS)]
    changed = list(uris)
    for position in (3, 60, 120, 180, 240):
        changed[position] = fake.add_track(f"Other {position}", "Tony Leung",
                                           seed=f"other-{position}")
    return [measure(fake, "new", uris), measure(fake, "unchanged", uris),
            measure(fake, "changed", changed)]


def measure(fake, label: str, uris: list[str]) -> tuple[str, int, int, float]:
    from wkwmix.spotify import apply as sync
    from wkwmix.spotify.auth import connect
    from wkwmix.spotify.plan import Wanted

    fake.log.clear()
    started = time.perf_counter()
    client = connect()
    plan, target = sync.plan_sync(client, Wanted("Bench", "Benchmark playlist", tuple(uris)))
    if not plan.unchanged:
        sync.apply(client, plan, target)
    seconds = time.perf_counter() - started
    [playlist] = fake.own_playlist("Bench")
    assert fake.uris(playlist.id) == uris, "the playlist on the stand-in is what was wanted"
    return label, len(fake.api_requests()), len(fake.writes()), seconds


if __name__ == "__main__":
    sys.exit(main())
