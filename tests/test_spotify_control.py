"""Waiting and logging in, in the user's control: every pause announced and capped per command,
true retry counts, a login that cannot hang, redirect URIs checked as Spotify checks them."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests
from fake_spotify.fixtures import fake_spotify, free_port, logged_in, redirect_for  # noqa: F401

from wkwmix.spotify.auth import Login
from wkwmix.spotify.errors import LoginFailed
from wkwmix.store.paths import token_path

# --- pauses --------------------------------------------------------------------------------


def test_a_server_error_is_announced_and_retried_with_a_true_count(run, logged_in):
    logged_in.fail(503, path="/me/?$")
    result = run("spotify", "whoami")
    assert result.stderr == ("Spotify answered 503 (a server error) (read your profile); trying "
                             "again in under a second, then try 2 of 4…\n")
    assert result.stdout == "Chow Mo-wan (wkwfan)\n"


def test_server_errors_that_persist_are_counted_truly(run, logged_in):
    logged_in.fail(503, path="/me/?$", times=9)
    result = run("spotify", "whoami", expect=1)
    assert result.stderr.count("trying again in under a second") == 3
    assert result.stderr.endswith(
        "Error: Could not reach Spotify (read your profile): Spotify answered 503 (a server "
        "error) 4 times in a row. Nothing is left half done: run the same command again and "
        "it carries on.\n")
    assert len([r for r in logged_in.log if r.path == "/me/"]) == 4


@pytest.mark.slow
def test_the_pauses_of_one_command_share_one_cap(run, logged_in, monkeypatch):
    monkeypatch.setenv("WKWMIX_SPOTIFY_MAX_WAIT", "2")
    logged_in.fail(429, path="/me/?$", times=3, retry_after=1)
    started = time.monotonic()
    result = run("spotify", "whoami", expect=1)
    assert 2 <= time.monotonic() - started < 4
    assert result.stderr.splitlines()[:2] == [
        "Spotify asks us to wait 1 s (read your profile), then try 2 of 4…",
        "Spotify asks us to wait 1 s (read your profile), then try 3 of 4…"]
    assert ("Error: Spotify is limiting requests (too many requests) and asked to wait 1 s, "
            "more than is left of the 2 s wkwmix waits in all for one command "
            "(WKWMIX_SPOTIFY_MAX_WAIT).") in result.stderr


def test_a_pause_longer_than_the_cap_is_not_waited(run, logged_in):
    logged_in.fail(429, path="/me/?$", retry_after=30)
    started = time.monotonic()
    result = run("spotify", "whoami", expect=1)
    assert time.monotonic() - started < 2
    assert "asked to wait 30 s, more than is left of the 2 s" in result.stderr


def test_a_5xx_from_the_accounts_service_says_the_login_service_failed(run, logged_in):
    logged_in.expire_tokens()
    logged_in.fail(502, method="POST", path="/accounts/api/token")
    result = run("spotify", "whoami", expect=1)
    assert result.stderr == ("Error: Spotify's login service failed (502, a server error on "
                             "Spotify's side); your login is kept. Try again in a few "
                             "minutes.\n")
    assert token_path().exists()
    assert run("spotify", "whoami").stdout == "Chow Mo-wan (wkwfan)\n"


# --- base URLs and redirect URIs ---------------------------------------------------------------


@pytest.mark.parametrize("variable", ["WKWMIX_SPOTIFY_API_URL", "WKWMIX_SPOTIFY_ACCOUNTS_URL"])
def test_plain_http_is_allowed_only_to_this_machine(run, logged_in, monkeypatch, variable):
    monkeypatch.setenv(variable, "http://spotify.example.com/v1/")
    result = run("spotify", "whoami", expect=1)
    assert result.stderr == (
        f"Error: {variable} is 'http://spotify.example.com/v1/': plain http would send your "
        "Spotify token unencrypted, so it is allowed only to this machine (127.0.0.1, [::1], "
        "localhost); use https.\n")


@pytest.mark.parametrize("uri, reason", [
    ("http://localhost:8888/callback",
     "Spotify no longer accepts 'localhost' in a redirect URI; use the loopback address "
     "itself, e.g. http://127.0.0.1:8888/callback."),
    ("http://example.com:8888/callback",
     "Spotify accepts plain http only for a loopback address (127.0.0.1 or [::1]), since "
     "anything else would carry the authorization unencrypted; use https, or a loopback "
     "address."),
])
def test_a_redirect_uri_spotify_would_refuse_is_refused_with_the_reason(run, fake_spotify,
                                                                       monkeypatch, uri, reason):
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", uri)
    result = run("spotify", "login", "--no-browser", expect=1)
    assert result.stderr == f"Error: SPOTIPY_REDIRECT_URI is {uri!r}: {reason}\n"


def test_an_https_redirect_uri_works_without_a_browser(fake_spotify, monkeypatch):
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", "https://wkwmix.example.org/callback")
    login = Login()
    login.finish(redirect_for(login.url))
    assert token_path().exists()


def test_the_stand_in_refuses_an_insecure_redirect_uri(fake_spotify):
    answer = requests.get(fake_spotify.accounts_url + "authorize", params={
        "response_type": "code", "code_challenge_method": "S256", "client_id": "x",
        "redirect_uri": "http://example.com/callback"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "INVALID_CLIENT: Insecure redirect URI"


def test_the_ipv6_loopback_is_a_valid_redirect_and_localhost_is_not():
    from wkwmix.spotify.auth import redirect_problem

    assert redirect_problem("http://[::1]:8888/callback") is None
    assert redirect_problem("http://127.0.0.1:8888/callback") is None
    assert "localhost" in redirect_problem("http://localhost:8888/callback")


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_login_through_the_browser_on_the_ipv6_loopback(run, fake_spotify, monkeypatch):
    with socket.socket(socket.AF_INET6) as probe:
        probe.bind(("::1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://[::1]:{port}/callback")
    monkeypatch.setattr("webbrowser.open", _browser())
    assert "Logged in to Spotify as Chow Mo-wan" in run("spotify", "login").output


# --- the login itself ------------------------------------------------------------------------


def _browser(*stray: str):
    """A browser that first sends ``stray`` requests to the callback port, then logs in."""

    def open_url(url: str) -> bool:
        def visit() -> None:
            target = requests.get(url, allow_redirects=False, timeout=5).headers["Location"]
            base = target.split("/callback")[0]
            for path in stray:
                assert requests.get(base + path, timeout=5).status_code == 404
            requests.get(target, timeout=5)

        threading.Thread(target=visit).start()
        return True

    return open_url


def test_stray_requests_to_the_callback_port_are_ignored(run, fake_spotify, monkeypatch):
    monkeypatch.setattr("webbrowser.open", _browser("/favicon.ico", "/callback", "/",
                                                    "/callback?foo=bar"))
    result = run("spotify", "login")
    assert "Logged in to Spotify as Chow Mo-wan (wkwfan)" in result.output


def test_a_machine_without_a_browser_is_told_to_use_no_browser(run, fake_spotify, monkeypatch):
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    started = time.monotonic()
    result = run("spotify", "login", expect=1)
    assert time.monotonic() - started < 2
    assert result.stderr.endswith(
        "Error: No browser could be opened on this machine; use `wkwmix spotify login "
        "--no-browser` and open the address on any device.\n")


def test_a_browser_that_never_comes_back_times_out_pointing_to_no_browser(fake_spotify):
    login = Login()
    with pytest.raises(LoginFailed) as failure:
        login.through_browser(lambda url: True, wait=0.3)
    assert str(failure.value) == (
        "No answer from the browser within 0.3 s; on a machine without a browser (SSH, a "
        "server) use `wkwmix spotify login --no-browser`.")


@pytest.mark.parametrize("pasted", ["AQBx-some-code-only", "https://open.spotify.com/",
                                    "http://127.0.0.1:1/elsewhere?code=abc&state=x"])
def test_pasting_something_that_is_not_the_redirect_says_so(fake_spotify, pasted):
    login = Login()
    with pytest.raises(LoginFailed) as failure:
        login.finish(pasted)
    assert str(failure.value) == (
        "That is not the address the browser showed after you agreed: it starts with "
        f"{login.auth.redirect_uri}?code=… . Copy the whole address from the browser's "
        "address bar (the page itself may show an error; that is expected).")


def test_a_busy_callback_port_is_named(fake_spotify, monkeypatch):
    port = free_port()
    monkeypatch.setenv("SPOTIPY_REDIRECT_URI", f"http://127.0.0.1:{port}/callback")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        with pytest.raises(LoginFailed, match=f"Cannot listen on 127.0.0.1:{port}"):
            Login().through_browser(lambda url: True, wait=0.3)
