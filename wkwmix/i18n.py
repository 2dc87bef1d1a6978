"""The language wkwmix speaks on the terminal: English, or Chinese in Traditional
(``zh-Hant``) or Simplified (``zh-Hans``) characters.

Chosen by ``--lang``, else ``WKWMIX_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``: zh_TW, zh_HK and zh_MO read Traditional, other Chinese locales Simplified). The
words come from gettext catalogs (``locale/<lang>/LC_MESSAGES/wkwmix.po``, compiled to
``.mo`` beside them by ``python -m wkwmix.i18n``); the Simplified catalog is made from the
Traditional one. English needs no catalog, so an English run never imports gettext.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from wkwmix.errors import WkwmixError

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
ENV = "WKWMIX_LANG"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "wkwmix"
_TRADITIONAL_REGIONS = ("tw", "hk", "mo", "hant")

_chosen: str | None = None
_translation: Any = None


class LanguageError(WkwmixError):
    """A language wkwmix cannot speak."""

    exit_code = 2


def from_locale() -> str:
    """The language the locale asks for: Chinese in its script, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            tag = value.split(".")[0].replace("-", "_").lower()
            if not tag.startswith("zh"):
                return "en"
            return "zh-Hant" if any(r in tag.split("_")[1:] for r in _TRADITIONAL_REGIONS) \
                else "zh-Hans"
    return "en"


def chosen() -> str:
    """The language in use: the one ``use`` set, else WKWMIX_LANG's, else the locale's."""
    if _chosen is not None:
        return _chosen
    value = os.environ.get(ENV, "").strip()
    if not value:
        return from_locale()
    return checked(value, f"{ENV}={value!r}")


def checked(value: str, where: str) -> str:
    """``value`` as one of LANGUAGES (any case); LanguageError naming ``where`` if not."""
    for language in LANGUAGES:
        if value.lower() == language.lower():
            return language
    raise LanguageError(f"{where}: wkwmix speaks {', '.join(LANGUAGES)}")


def use(language: str | None) -> None:
    """Speak ``language`` from now on (None: back to WKWMIX_LANG or the locale)."""
    global _chosen, _translation
    _chosen = checked(language, f"--lang {language!r}") if language else None
    _translation = None


def lang_option() -> Any:
    """``--lang``, a click option that sets the language for the rest of the command
    (default: WKWMIX_LANG, else the locale). Here rather than with the commands, so a
    command takes it without loading the others' modules."""
    import click

    def chosen_now(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        use(value)

    return click.option("--lang", type=click.Choice(LANGUAGES, case_sensitive=False),
                        callback=chosen_now, expose_value=False, is_eager=True,
                        help="Headings and labels in English or Chinese (Traditional or "
                             "Simplified). Default: WKWMIX_LANG, else the locale.")


def _(message: str, context: str | None = None) -> str:
    """``message`` in the language in use; ``context`` tells apart one English word that
    is two in Chinese (a film's TITLE, a track's TITLE)."""
    language = chosen()
    if language == "en":
        return message
    catalog = _catalog(language)
    return str(catalog.pgettext(context, message) if context else catalog.gettext(message))


def _catalog(language: str) -> Any:
    global _translation
    if _translation is None or _translation[0] != language:
        import gettext

        found = gettext.translation(DOMAIN, LOCALE_DIR, [language.replace("-", "_")],
                                    fallback=True)
        _translation = (language, found)
    return _translation[1]


def playlist_summary(playlist: Any) -> str:
    """``wkwmix.formats.txt.summary`` in the language in use: '12 tracks, 48:00, 2
    unresolved'."""
    from wkwmix.formats import clock
    from wkwmix.formats.txt import summary

    if chosen() == "en":
        return summary(playlist)
    count = len(playlist.entries)
    estimated = len(playlist.estimated)
    total = clock(playlist.total_seconds)
    parts = [_("{count} track" if count == 1 else "{count} tracks").format(count=count)]
    parts.append(_("about {total} ({estimated} duration estimated)" if estimated == 1 else
                   "about {total} ({estimated} durations estimated)").format(
        total=total, estimated=estimated) if estimated else total)
    if playlist.unresolved:
        parts.append(_("{count} unresolved").format(count=len(playlist.unresolved)))
    return "，".join(parts)


def read_po(path: Path) -> dict[str, str]:
    """The msgid: msgstr pairs of a .po file (single-line strings, as wkwmix writes them);
    a msgid with a msgctxt is keyed ``context + "\\x04" + msgid``, as gettext keys it."""
    import ast

    pairs: dict[str, str] = {}
    msgid = None
    context = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = ast.literal_eval(line[8:]) + "\x04"
        elif line.startswith("msgid "):
            msgid = context + ast.literal_eval(line[6:])
            context = ""
        elif line.startswith("msgstr ") and msgid is not None:
            pairs[msgid] = ast.literal_eval(line[7:])
            msgid = None
    return pairs


def write_po(path: Path, pairs: dict[str, str], language: str) -> None:
    import json

    header = ("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
              f"\"Language: {language.replace('-', '_')}\\n\"\n")
    def entry(key: str, value: str) -> str:
        context, _, msgid = key.rpartition("\x04")
        said = f"msgctxt {json.dumps(context, ensure_ascii=False)}\n" if context else ""
        return (f"\n{said}msgid {json.dumps(msgid, ensure_ascii=False)}\n"
                f"msgstr {json.dumps(value, ensure_ascii=False)}\n")

    body = "".join(entry(k, v) for k, v in pairs.items() if k)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")


def mo_bytes(pairs: dict[str, str]) -> bytes:
    """A GNU .mo file of ``pairs`` (the format gettext reads), with a UTF-8 header."""
    import struct

    entries = {"": "Content-Type: text/plain; charset=UTF-8\n",
               **{k: v for k, v in pairs.items() if k}}
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for text in ids + strs:
        offsets.append((len(text), start + len(data)))
        data += text + b"\0"
    table = b"".join(struct.pack("<2I", *pair) for pair in offsets)
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + table + data


def catalog_path(language: str, suffix: str) -> Path:
    return LOCALE_DIR / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_catalogs() -> list[Path]:
    """Make the Simplified .po from the Traditional one, and every .mo from its .po."""
    from wkwmix.names import in_script

    traditional = read_po(catalog_path("zh-Hant", ".po"))
    write_po(catalog_path("zh-Hans", ".po"),
             {k: in_script(v, "zh-Hans") for k, v in traditional.items()}, "zh-Hans")
    written = []
    for language in LANGUAGES[1:]:
        target = catalog_path(language, ".mo")
        target.write_bytes(mo_bytes(read_po(catalog_path(language, ".po"))))
        written.append(target)
    return written


if __name__ == "__main__":
    for done in compile_catalogs():
        print(done.relative_to(LOCALE_DIR.parent))
