"""Tab completion: what each argument completes to, and that it works in real shells.

The shells run interactively on a pseudo-terminal with the script wkwmix prints for them,
exactly as a user's rc file would load it; a line is typed with its Tabs, then sent to
``printf`` so the words the shell ended up with can be read back one by one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
from needs_support import needs_program
from terminal_support import Shell, wkwmix_bin

from wkwmix import App
from wkwmix.cli import cli

SHIPPED_RECIPES = sorted(p.stem for p in (Path(__file__).parent.parent / "playlists")
                         .glob("*.yaml"))


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "wkwmix", "_WKWMIX_COMPLETE")
    return [c.value for c in completer.get_completions(args, incomplete)]


def test_query_fields_values_and_ids_complete():
    assert complete(["ls"], "mo") == ["mood:"]
    assert complete(["ls"], "mood:dr") == ["mood:dream"]
    assert complete(["ls"], "mood:dream,lon") == ["mood:dream,longing"]
    assert complete(["ls"], "^film:chung") == ["^film:chungking-express"]
    assert complete(["ls"], "id:the-grandmaster/op") == ["id:the-grandmaster/opium"]
    assert complete(["build"], "the-grandmaster/op") == ["the-grandmaster/opium"]


def test_recipe_names_complete_after_r_and_as_the_source_of_sync(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no ./playlists here: the shipped recipes
    assert complete(["build", "-r"], "") == SHIPPED_RECIPES
    assert complete(["map", "--recipe"], "nig") == ["night-city"]
    assert complete(["sync"], "nig") == ["night-city"]
    assert complete(["play"], "nig") == ["night-city"]
    (tmp_path / "playlists").mkdir()
    (tmp_path / "playlists" / "mine.yaml").write_text("name: Mine\n", encoding="utf-8")
    assert complete(["build", "-r"], "") == ["mine"]  # ./playlists wins, as for -r itself


def test_moods_complete_in_arc_and_after_the_track_of_tag():
    moods = [m.id for m in App().catalog.moods]
    assert complete(["build", "--arc"], "dream,iso") == ["dream,isolation"]
    assert complete(["build", "--arc"], "") == moods
    assert complete(["tag"], "chungking-express/dre") == ["chungking-express/dreams"]
    assert complete(["tag", "chungking-express/dreams"], "ho") == ["hope"]
    assert complete(["tag", "--query", "film:2046"], "ho") == ["hope"]
    assert complete(["untag", "chungking-express/dreams"], "") == moods


def answer(**env: str) -> str:
    """What wkwmix prints when a completion script calls it with ``env``."""
    result = CliRunner().invoke(cli, [], env=env, prog_name="wkwmix")
    assert result.exit_code == 0, result.output
    return result.stdout


def bash_answer(line: str, wordbreaks: str = "\"'><=;|&(:") -> str:
    """What wkwmix answers bash's completion script for ``line``, the cursor at its end."""
    return answer(_WKWMIX_COMPLETE="bash_complete", COMP_LINE=line,
                  COMP_POINT=str(len(line.encode())), _WKWMIX_WORDBREAKS=wordbreaks)


def test_bash_gets_the_part_after_its_last_word_break():
    assert bash_answer("wkwmix ls mood:dr") == "plain,dream\n"
    assert bash_answer("wkwmix ls mood:") == "".join(
        f"plain,{m.id}\n" for m in App().catalog.moods)
    assert bash_answer("wkwmix ls mo") == "nospace,mood:\n"
    assert bash_answer("wkwmix build --arc=dream,iso") == "plain,dream,isolation\n"
    assert bash_answer("wkwmix ls mood:dr", wordbreaks=" ") == "plain,mood:dream\n"
    assert bash_answer("wkwmix ls 夢中人 mood:dr") == "plain,dream\n"  # bytes vs characters
    assert bash_answer("wkwmix ls ").startswith("nospace,id:\n")


def test_zsh_and_fish_are_told_which_answers_take_no_space():
    words = {"COMP_WORDS": "wkwmix ls mo", "COMP_CWORD": "2"}
    assert answer(_WKWMIX_COMPLETE="zsh_complete", **words) == "nospace\nmood:\n_\n"
    assert answer(_WKWMIX_COMPLETE="zsh_complete", COMP_WORDS="wkwmix ls mood:dr",
                  COMP_CWORD="2") == "plain\nmood:dream\n_\n"
    assert answer(_WKWMIX_COMPLETE="fish_complete", COMP_WORDS="wkwmix ls mo",
                  COMP_CWORD="mo") == "nospace,mood:\n"
    assert answer(_WKWMIX_COMPLETE="fish_complete", COMP_WORDS="wkwmix ls mood:dream,l",
                  COMP_CWORD="mood:dream,l") == "plain,mood:dream,longing\n"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_wkwmix_own_script(shell):
    script = answer(_WKWMIX_COMPLETE=f"{shell}_source")
    assert "nospace" in script and "_WKWMIX_COMPLETE" in script
    assert ("COMP_LINE" in script) is (shell == "bash")


def shell_command(name: str, folder: Path, env: dict[str, str]) -> list[str]:
    """Start ``name`` interactively with only wkwmix's completion script loaded."""
    if name == "bash":
        rc = folder / "bashrc"
        rc.write_text('PS1="$ "\neval "$(_WKWMIX_COMPLETE=bash_source wkwmix)"\n',
                      encoding="utf-8")
        return ["bash", "--noprofile", "--rcfile", str(rc), "-i"]
    if name == "zsh":
        env["ZDOTDIR"] = str(folder)
        (folder / ".zshrc").write_text(
            'PS1="$ "\nbindkey -e\nautoload -U compinit\ncompinit -u -D\n'
            'eval "$(_WKWMIX_COMPLETE=zsh_source wkwmix)"\n', encoding="utf-8")
        return ["zsh", "-i"]
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["XDG_DATA_HOME"] = str(folder / "data")
    return ["fish", "--no-config", "--init-command",
            "function fish_prompt; echo '$ '; end; _WKWMIX_COMPLETE=fish_source wkwmix | source"]


@pytest.fixture(params=["bash", "zsh", "fish"])
def shell(request, tmp_path: Path):
    name = request.param
    needs_program(name, package=name)
    bin_dir = wkwmix_bin(tmp_path / "bin")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "HOME": str(tmp_path), "TERM": "xterm"}
    session = Shell(shell_command(name, tmp_path, env), env)
    session.expect(r"\$ ")
    yield session
    session.close()


def typed(shell: Shell, keys: str) -> list[str]:
    """The words of the line ``keys`` (with their Tabs) leaves at the prompt.

    Ctrl-A goes to the start of the line to put ``printf '<%s>'`` before the words, Ctrl-E
    back to its end to add a last word, ``.``, that marks the end of the output.
    """
    shell.type(keys + "\x01printf '<%s>' \x05 .\r")
    words = shell.expect(r"<wkwmix>((?:<[^<>]*>)*)<\.>").group(1)
    return words[1:-1].split("><")


@pytest.mark.slow
def test_completion_in_a_real_interactive_shell(shell):
    assert typed(shell, "wkwmix ls mood:dr\t") == ["ls", "mood:dream"]
    # A completed field name takes no space: the value is typed straight after it.
    assert typed(shell, "wkwmix ls moo\tdr\t") == ["ls", "mood:dream"]
    assert typed(shell, "wkwmix ls mood:dream,lon\t") == ["ls", "mood:dream,longing"]
    assert typed(shell, "wkwmix ls ^film:chungk\t") == ["ls", "^film:chungking-express"]
    assert typed(shell, "wkwmix ls the-grandmaster/op\t") == ["ls", "the-grandmaster/opium"]
    assert typed(shell, "wkwmix build -r nig\t") == ["build", "-r", "night-city"]
    assert typed(shell, "wkwmix build mood:dream --arc dream,iso\t") == [
        "build", "mood:dream", "--arc", "dream,isolation"]
    assert typed(shell, "wkwmix tag chungking-express/dre\tho\t") == [
        "tag", "chungking-express/dreams", "hope"]
    assert typed(shell, "wkwmix sync nig\t") == ["sync", "night-city"]
    assert typed(shell, "wkwmix play nig\t") == ["play", "night-city"]
    assert typed(shell, "wkwmix sho\tchungking-express/dre\t") == [
        "show", "chungking-express/dreams"]
