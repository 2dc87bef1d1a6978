"""Logging in with PKCE against the stand-in: without a browser, through the loopback
redirect, and what goes wrong; the token cache; no secret in any output."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import json
import stat
import subprocess
import sys
import threading

import pytest
import requests
from fake_spotify.fixtures import (  # noqa: F401  (fixtures)
    fake_spotify,
    logged_in,
    redirect_for,
)

from wkwmix.spotify.auth import Login
from wkwmix.store.paths import token_path


def test_login_without_a_browser_prints_the_url_and_reads_the_redirect_from_stdin(fake_spotify):
    # The real command in its own process: read the URL it prints, do what the browser does,
    # and type the address it lands on into the command's standard input.
    command = [sys.executable, "-m", "wkwmix", "spotify", "login", "--no-browser"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        url = process.stdout.readline().strip()
        out, err = process.communicate(redirect_for(url) + "\n", timeout=60)
    assert process.returncode == 0, err
    assert url.startswith(fake_spotify.accounts_url + "authorize?")
    assert "code_challenge_method=S256" in url and "client_id=wkwmix-test-client" in url
    assert "Logged in to Spotify as Chow Mo-wan (wkwfan)" in out
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600
    assert_no_secret(url + out + err)


def test_login_through_the_browser_takes_the_redirect_on_the_loopback_address(run, fake_spotify,
                                                                            monkeypatch):
    opened = []

    def browser(url: str) -> bool:
        opened.append(url)
        # A browser follows Spotify's redirect to the loopback address wkwmix listens on.
        threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 5}).start()
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    result = run("spotify", "login")
    assert opened and opened[0].startswith(fake_spotify.accounts_url + "authorize?")
    assert "Logged in to Spotify as Chow Mo-wan" in result.output
    assert_no_secret(result.output + result.stderr)


def test_whoami_and_logout(run, logged_in):
    assert run("spotify", "whoami").output.strip() == "Chow Mo-wan (wkwfan)"
    assert run("spotify", "logout").output.strip() == "Logged out of Spotify."
    assert not token_path().exists()
    result = run("spotify", "whoami", expect=1)
    assert "not logged in to Spotify" in result.stderr
    assert "wkwmix spotify login" in result.stderr
    assert run("spotify", "logout").output.strip() == "Not logged in to Spotify."


def test_a_denied_authorization_is_one_clear_message(fake_spotify):
    from wkwmix.spotify.errors import LoginFailed

    fake_spotify.deny_login = True
    login = Login()
    with pytest.raises(LoginFailed, match="did not authorize wkwmix"):
        login.finish(redirect_for(login.url))
    assert not token_path().exists()


def test_a_redirect_from_another_login_is_refused(fake_spotify):
    from wkwmix.spotify.errors import LoginFailed

    old, new = Login(), Login()
    with pytest.raises(LoginFailed, match="state differs"):
        new.finish(redirect_for(old.url))


def test_pasting_something_else_is_refused(fake_spotify):
    from wkwmix.spotify.errors import LoginFailed

    login = Login()
    with pytest.raises(LoginFailed, match="no authorization code"):
        login.finish(f"{login.auth.redirect_uri}?state={login.state}")


def test_without_a_client_id_the_user_is_told_what_to_set(run, fake_spotify, monkeypatch):
    monkeypatch.delenv("SPOTIPY_CLIENT_ID")
    result = run("spotify", "login", "--no-browser", expect=1)
    assert result.stderr.startswith("Error: Set SPOTIPY_CLIENT_ID")


def test_the_token_cache_is_private_and_refreshed_tokens_are_saved(logged_in):
    from wkwmix.spotify.auth import connect

    first = json.loads(token_path().read_text())
    logged_in.expire_tokens()
    assert connect().call("read your profile", "me")["id"] == "wkwfan"
    second = json.loads(token_path().read_text())
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] == first["refresh_token"]
    assert stat.S_IMODE(token_path().stat().st_mode) == 0o600


def test_a_login_that_cannot_be_refreshed_asks_to_log_in_again(run, logged_in):
    logged_in.expire_tokens()
    logged_in.refresh_tokens.clear()
    result = run("spotify", "whoami", expect=1)
    assert "run `wkwmix spotify login`" in result.stderr


def assert_no_secret(text: str) -> None:
    token = json.loads(token_path().read_text())
    for secret in (token["access_token"], token["refresh_token"]):
        assert secret not in text


def test_no_token_reaches_logs_even_at_debug_level(logged_in, caplog):
    import logging

    from wkwmix.spotify.auth import connect

    caplog.set_level(logging.DEBUG)
    client = connect()
    logged_in.expire_tokens()  # a refresh, whose request spotipy would log with the token
    client.call("read your profile", "me")
    logged_in.fail(500, path="/me", times=9)
    with pytest.raises(Exception, match="server error"):
        client.call("read your profile", "me")
    assert_no_secret(caplog.text)
    assert "spotipy" not in caplog.text


def test_with_api_and_accounts_on_one_host_api_server_errors_are_retried(run, fake_spotify,
                                                                         monkeypatch):
    from fake_spotify.fixtures import log_in

    # A proxy serving both: every API address starts with the accounts URL.
    monkeypatch.setenv("WKWMIX_SPOTIFY_ACCOUNTS_URL", fake_spotify.one_host)
    log_in()
    fake_spotify.fail(503, path="^/me/?$")
    result = run("spotify", "whoami")
    assert result.stdout == "Chow Mo-wan (wkwfan)\n"
    assert result.stderr == ("Spotify answered 503 (a server error) (read your profile); trying "
                             "again in under a second, then try 2 of 4…\n")
    # The token service itself failing is still the login service's failure.
    fake_spotify.expire_tokens()
    fake_spotify.fail(503, path="^/accounts/api/token$")
    failed = run("spotify", "whoami", expect=1)
    assert failed.stderr == ("Error: Spotify's login service failed (503, a server error on "
                             "Spotify's side); your login is kept. Try again in a few "
                             "minutes.\n")


def browser_that_agrees(monkeypatch):
    """``webbrowser.open`` as a browser that follows Spotify's redirect to wkwmix."""

    def browser(url: str) -> bool:
        threading.Thread(target=requests.get, args=(url,), kwargs={"timeout": 5}).start()
        return True

    monkeypatch.setattr("webbrowser.open", browser)


def test_a_login_whose_profile_cannot_be_read_keeps_the_earlier_login_whole(run, logged_in,
                                                                            monkeypatch):
    from wkwmix.store import spotify_memory as memory

    memory.set_account("oldfan", "Old Fan")  # the account the saved login belongs to
    old_token = token_path().read_text()
    browser_that_agrees(monkeypatch)
    logged_in.fail(500, path="^/me/?$", times=9)
    result = run("spotify", "login", expect=1)
    assert result.stderr.splitlines()[-1] == (
        "Error: Could not reach Spotify (read your profile): Spotify answered 500 (a server "
        "error) 4 times in a row. Nothing is left half done: run the same command again and "
        "it carries on.")
    # Neither the new token without its account, nor the old account with a new token.
    assert token_path().read_text() == old_token
    assert memory.account() == {"id": "oldfan", "name": "Old Fan"}

    logged_in.faults.clear()
    again = run("spotify", "login")
    assert again.stdout == "Logged in to Spotify as Chow Mo-wan (wkwfan).\n"
    assert token_path().read_text() != old_token
    assert memory.account() == {"id": "wkwfan", "name": "Chow Mo-wan"}
