"""Tab completion in bash around words that are not plain ASCII, and completion while the
catalog cannot be read.

bash's cursor index (``COMP_POINT``) counts characters in a UTF-8 locale and bytes in the
C locale, and a terminal can send bytes that are not UTF-8 at all (a Latin-1 word typed or
pasted); the line before the cursor must come out right in every case. A catalog that is
gone, or an overlay that is broken, leaves completion silent: the command reports it when
run. Real bash runs on a pseudo-terminal with the script wkwmix prints for it, as in
tests/test_completion.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from terminal_support import Shell, wkwmix_bin

from wkwmix import App
from wkwmix.cli import cli

MOODS = [m.id for m in App().catalog.moods]
FIELDS = ("id:", "title:", "artist:")  # the first fields completion offers


def bash_answer(env: dict[str, str]) -> tuple[list[str], str]:
    """What wkwmix answers (one line an answer), and what it says on stderr, when bash's
    script calls it with ``env``."""
    env = {"_WKWMIX_COMPLETE": "bash_complete", "_WKWMIX_WORDBREAKS": "\"'><=;|&(:", **env}
    result = CliRunner().invoke(cli, [], env=env, prog_name="wkwmix")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line], result.stderr


def test_the_script_sends_the_line_up_to_the_cursor_as_bash_cuts_it():
    script = CliRunner().invoke(cli, [], env={"_WKWMIX_COMPLETE": "bash_source"},
                                prog_name="wkwmix").stdout
    assert '_WKWMIX_BEFORE="${COMP_LINE:0:COMP_POINT}"' in script
    line = "wkwmix ls 夢中人 mood:dr"
    assert bash_answer({"_WKWMIX_BEFORE": line, "COMP_LINE": line,
                        "COMP_POINT": str(len(line))}) == (["plain,dream"], "")


@pytest.mark.parametrize(("locale", "point"), [("C.UTF-8", len), ("C", lambda s: len(s.encode()))])
def test_a_script_from_an_older_wkwmix_gets_the_cursor_of_its_locale(locale, point):
    line = "wkwmix ls 夢中人 mood:dr"
    answer = bash_answer({"COMP_LINE": line, "COMP_POINT": str(point(line)), "LC_ALL": locale})
    assert answer == (["plain,dream"], "")
    # The cursor in the middle of the line: what follows it is not completed.
    middle = "wkwmix ls 夢中人 mood:dr"
    answer = bash_answer({"COMP_LINE": middle + " faye", "COMP_POINT": str(point(middle)),
                          "LC_ALL": locale})
    assert answer == (["plain,dream"], "")


def test_a_word_that_is_not_utf8_does_not_stop_completion(monkeypatch):
    latin1 = os.fsdecode("wkwmix ls café mood:dr".encode("latin-1"))  # as bash passes it on
    assert bash_answer({"_WKWMIX_BEFORE": latin1, "COMP_LINE": latin1,
                        "COMP_POINT": str(len(latin1))}) == (["plain,dream"], "")
    assert bash_answer({"COMP_LINE": latin1, "COMP_POINT": str(len(latin1)),
                        "LC_ALL": "C"}) == (["plain,dream"], "")
    # Completing the word itself: nothing matches it, and nothing breaks.
    word = os.fsdecode("wkwmix ls café".encode("latin-1"))
    assert bash_answer({"_WKWMIX_BEFORE": word, "COMP_LINE": word,
                        "COMP_POINT": str(len(word))}) == ([], "")


def test_a_path_that_is_not_utf8_still_asks_bash_for_files():
    line = os.fsdecode(b"wkwmix build -r ./caf\xe9")
    assert bash_answer({"_WKWMIX_BEFORE": line, "COMP_LINE": line,
                        "COMP_POINT": str(len(line))}) == (["file,"], "")


def test_an_error_while_completing_is_not_printed_into_the_line(monkeypatch):
    from wkwmix.errors import NotFoundError
    from wkwmix.store import recipes

    def unreadable() -> list[str]:
        raise NotFoundError("playlists: permission denied")

    monkeypatch.setattr(recipes, "recipe_names", unreadable)
    line = "wkwmix build -r ni"
    assert bash_answer({"_WKWMIX_BEFORE": line, "COMP_LINE": line,
                        "COMP_POINT": str(len(line))}) == ([], "")


@pytest.fixture
def broken(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wkwmix_home: Path) -> str:
    """No catalog file where WKWMIX_CATALOG points, or an overlay that is not YAML."""
    if request.param == "catalog gone":
        monkeypatch.setenv("WKWMIX_CATALOG", str(tmp_path / "gone.yaml"))
    else:
        overlay = Path(App().overlay_path)
        overlay.parent.mkdir(parents=True, exist_ok=True)
        overlay.write_text("moods: [\n", encoding="utf-8")
    return request.param


@pytest.mark.parametrize("broken", ["catalog gone", "overlay broken"], indirect=True)
@pytest.mark.parametrize("line", ["wkwmix ls mood:dr", "wkwmix show chung",
                                  "wkwmix build --arc dream,is", "wkwmix tag x/y ho",
                                  "wkwmix ls fil"])
def test_completion_stays_silent_when_the_catalog_cannot_be_read(broken, line):
    stdout, stderr = bash_answer({"_WKWMIX_BEFORE": line, "COMP_LINE": line,
                                  "COMP_POINT": str(len(line))})
    assert stderr == ""
    # What needs no catalog still completes.
    assert stdout == (["nospace,film:"] if line.endswith("fil") else [])


@pytest.mark.parametrize("broken", ["catalog gone", "overlay broken"], indirect=True)
def test_the_command_itself_reports_what_completion_kept_quiet_about(broken, run):
    result = run("ls", "mood:dream", expect=1)
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output


# --- in a real bash -------------------------------------------------------------------------

@pytest.fixture(params=["C.UTF-8", "C"])
def bash(request, tmp_path: Path, wkwmix_home: Path):
    bin_dir = wkwmix_bin(tmp_path / "bin")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "HOME": str(tmp_path), "TERM": "xterm", "LANG": request.param,
           "LC_ALL": request.param, "WKWMIX_HOME": str(wkwmix_home)}
    rc = tmp_path / "bashrc"
    rc.write_text('PS1="$ "\neval "$(_WKWMIX_COMPLETE=bash_source wkwmix)"\n', encoding="utf-8")
    session = Shell(["bash", "--noprofile", "--rcfile", str(rc), "-i"], env)
    session.expect(r"\$ ")
    yield session
    session.close()


def typed(shell: Shell, keys: bytes) -> list[str]:
    """The words the line ``keys`` (with its Tabs) leaves at the prompt (see
    tests/test_completion.py); bytes, so that a word need not be UTF-8."""
    os.write(shell.fd, keys + b"\x01printf '<%s>' \x05 .\r")
    words = shell.expect(r"<wkwmix>((?:<[^<>]*>)*)<\.>").group(1)
    return words[1:-1].split("><")


@pytest.mark.slow
def test_completion_after_a_cjk_word_in_a_real_bash(bash):
    assert typed(bash, "wkwmix ls 夢中人 mood:dr\t".encode()) == ["ls", "夢中人", "mood:dream"]
    assert typed(bash, "wkwmix ls 花樣年華 film:chungk\t".encode()) == [
        "ls", "花樣年華", "film:chungking-express"]
    assert typed(bash, "wkwmix ls 夢中人 moo\tdr\t".encode()) == ["ls", "夢中人", "mood:dream"]


@pytest.mark.slow
def test_completion_after_a_latin1_word_in_a_real_bash(bash):
    words = typed(bash, "wkwmix ls café mood:dr\t".encode("latin-1"))
    assert words[0] == "ls" and words[2:] == ["mood:dream"]


@pytest.mark.slow
def test_completion_is_silent_in_a_real_bash_when_the_catalog_is_gone(bash, tmp_path):
    os.write(bash.fd, f"export WKWMIX_CATALOG={tmp_path / 'gone.yaml'}\r".encode())
    bash.expect(r"\$ ")
    assert typed(bash, b"wkwmix ls mood:dr\t") == ["ls", "mood:dr"]
    assert typed(bash, b"wkwmix ls fil\tchung\t") == ["ls", "film:chung"]
    assert "Traceback" not in bash.seen.decode("utf-8", "replace")
