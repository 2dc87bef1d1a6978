"""The completion scripts bash, zsh and fish source, and the answers they read back.

Loaded only when a shell asks for them (``_WKWMIX_COMPLETE`` is set); what each argument
completes to is in ``wkwmix.cli.completion``.

Two things click's own scripts get wrong for a query language full of colons:

- bash splits the word being completed at every character of ``COMP_WORDBREAKS``, ``:``
  among them, so ``mood:dr`` reaches the program as ``mood``, ``:`` and ``dr``. Our bash
  script sends the command line itself (``COMP_LINE``, ``COMP_POINT``), which is split
  here as the shell would, and each answer is cut to the part after the last word break,
  which is the part bash replaces (as argcomplete and bash-completion's
  ``__ltrim_colon_completions`` do).
- a completed field name (``mood:``) must not be followed by a space: such answers have
  the type ``nospace``, which the scripts pass on to the shell (fish adds no space after a
  ``:`` or ``,`` of itself).
"""

from __future__ import annotations

import os

from click.shell_completion import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ShellComplete,
    ZshComplete,
    add_completion_class,
    split_arg_string,
)

from wkwmix.errors import WkwmixError

_SOURCE_BASH = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response completion type value
    response=$(env COMP_LINE="$COMP_LINE" COMP_POINT="$COMP_POINT" \\
_WKWMIX_BEFORE="${COMP_LINE:0:COMP_POINT}" _WKWMIX_WORDBREAKS="$COMP_WORDBREAKS" \\
%(complete_var)s=bash_complete $1)
    for completion in $response; do
        type=${completion%%%%,*}
        value=${completion#*,}
        if [[ $type == 'dir' ]]; then
            COMPREPLY=()
            compopt -o dirnames
        elif [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'nospace' ]]; then
            COMPREPLY+=("$value")
            compopt -o nospace
        elif [[ $type == 'plain' ]]; then
            COMPREPLY+=("$value")
        fi
    done
    return 0
}

complete -o nosort -F %(complete_func)s %(prog_name)s
"""

_SOURCE_ZSH = """\
#compdef %(prog_name)s

%(complete_func)s() {
    local -a completions completions_nospace completions_with_descriptions response
    (( ! $+commands[%(prog_name)s] )) && return 1

    response=("${(@f)$(env COMP_WORDS="${words[*]}" COMP_CWORD=$((CURRENT-1)) \\
%(complete_var)s=zsh_complete %(prog_name)s)}")

    for type key descr in ${response}; do
        if [[ "$type" == "plain" ]]; then
            if [[ "$descr" == "_" ]]; then
                completions+=("$key")
            else
                completions_with_descriptions+=("$key":"$descr")
            fi
        elif [[ "$type" == "nospace" ]]; then
            completions_nospace+=("$key")
        elif [[ "$type" == "dir" ]]; then
            _path_files -/
        elif [[ "$type" == "file" ]]; then
            _path_files -f
        fi
    done

    if [ -n "$completions_with_descriptions" ]; then
        _describe -V unsorted completions_with_descriptions -U
    fi
    if [ -n "$completions" ]; then
        compadd -U -V unsorted -a completions
    fi
    if [ -n "$completions_nospace" ]; then
        compadd -U -V unsorted -S '' -a completions_nospace
    fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    %(complete_func)s "$@"
else
    compdef %(complete_func)s %(prog_name)s
fi
"""

_SOURCE_FISH = """\
function %(complete_func)s;
    set -l response (env %(complete_var)s=fish_complete COMP_WORDS=(commandline -cp) \\
COMP_CWORD=(commandline -t) %(prog_name)s);

    for completion in $response;
        set -l metadata (string split --max 1 "," $completion);

        if test $metadata[1] = "dir";
            __fish_complete_directories $metadata[2];
        else if test $metadata[1] = "file";
            __fish_complete_path $metadata[2];
        else if test $metadata[1] = "plain" -o $metadata[1] = "nospace";
            echo $metadata[2];
        end;
    end;
end;

complete --no-files --command %(prog_name)s --arguments "(%(complete_func)s)";
"""


class _Quiet(ShellComplete):
    """Completion that never prints a traceback or a message into the line being typed.

    What cannot be read (a catalog gone, a broken overlay, a folder that cannot be listed)
    completes to nothing; the command itself, once run, says what is wrong. A value
    holding bytes that are not UTF-8 (typed in another encoding) cannot be sent back as
    text: a file or folder answer is sent without it, which is all the scripts read of one.
    """

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        try:
            return super().get_completions(args, incomplete)
        except (WkwmixError, OSError):
            return []

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        answers = []
        for item in self.get_completions(args, incomplete):
            if not _encodable(item.value):
                if item.type not in ("file", "dir"):
                    continue
                item = CompletionItem("", type=item.type)
            answers.append(self.format_completion(item))
        return "\n".join(answers)


def _encodable(value: object) -> bool:
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Bash(_Quiet, BashComplete):
    """bash, reading the command line itself so that word breaks such as ``:`` do not matter."""

    source_template = _SOURCE_BASH
    _typed = ""  # the word being completed, as the program sees it
    _replaced = ""  # the part of it bash replaces: after its last word-break character

    def get_completion_args(self) -> tuple[list[str], str]:
        before = _line_before_cursor()
        if before is None:  # a script from an older wkwmix, without the command line
            return super().get_completion_args()
        words = split_arg_string(before)
        typed = "" if not before or before[-1].isspace() else words.pop()
        self._typed = typed
        breaks = set(os.environ.get("_WKWMIX_WORDBREAKS", "")) - set(" \t\n\"'")
        self._replaced = typed[max((typed.rfind(c) for c in breaks), default=-1) + 1:]
        return words[1:], typed

    def format_completion(self, item: CompletionItem) -> str:
        return f"{item.type},{self._trimmed(item.value)}"

    def _trimmed(self, value: str) -> str:
        """The part of ``value`` that replaces what bash takes for the word."""
        # Click completes an option's value typed as --arc=dr without the "--arc=".
        for typed in (self._typed, self._typed.partition("=")[2]):
            cut = len(typed) - len(self._replaced)
            if cut > 0 and value[:cut] == typed[:cut]:
                return value[cut:]
        return value


def _line_before_cursor() -> str | None:
    """The command line up to the cursor, as bash holds it.

    Our script cuts it in bash itself, which counts as it counted the cursor: characters in
    a UTF-8 locale, bytes in the C locale. A script from an older wkwmix sends only the whole
    line and the cursor's index, which is then read in the locale bash and we share. Bytes
    that are not UTF-8 (a Latin-1 word) reach us as surrogate escapes and stay so.
    """
    before = os.environ.get("_WKWMIX_BEFORE")
    if before is not None:
        return before
    line, point = os.environ.get("COMP_LINE"), os.environ.get("COMP_POINT")
    if line is None or point is None or not point.isdigit():
        return None
    if _multibyte_locale():
        return line[: int(point)]
    return os.fsdecode(os.fsencode(line)[: int(point)])


def _multibyte_locale() -> bool:
    """Whether the locale's characters are UTF-8 (bash then counts characters, not bytes)."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(name)
        if value:
            return "utf8" in value.lower().replace("-", "")
    return False


class Zsh(_Quiet, ZshComplete):
    source_template = _SOURCE_ZSH

    def format_completion(self, item: CompletionItem) -> str:
        if item.type == "nospace":
            return f"nospace\n{item.value}\n_"
        return super().format_completion(item)


class Fish(_Quiet, FishComplete):
    source_template = _SOURCE_FISH


for _shell in (Bash, Zsh, Fish):
    add_completion_class(_shell)
