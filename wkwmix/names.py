"""One rule for comparing names and titles, used by queries, library matching and the
Spotify scorer alike.

Case, accents and full-width forms fold (``wkwmix.text.fold``); Traditional and Simplified
characters fold together (OpenCC's tables); and a text in Chinese also answers to its
Hanyu Pinyin (toneless) and its Cantonese Jyutping (with or without tone numbers), spaced
or not. A person answers to every name the catalog's ``people`` gives them (王菲, 王靖雯,
Faye Wong).

The romanisations of the shipped catalog's texts are computed ahead and shipped
(``data/romanised.json``, made by ``python -m wkwmix.names``); those of any other text are
computed when first needed and kept in the parse cache, keyed on the texts themselves.
The converters are imported only then: start-up stays light.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from wkwmix.data import DATA_DIR
from wkwmix.text import fold as fold_case

ROMANISED_PATH = DATA_DIR / "romanised.json"
# CJK Unified Ideographs and their extensions, and the compatibility ideographs. Patterns
# are compiled on first use: `ls mood:dream` and `--help` never need them.
_HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
# Hiragana and katakana (with their phonetic extensions and half-width forms): Japanese.
_KANA = "[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"
_NOT_WORD = r"[\W_]+"
_TONES = r"(?<=[a-z])[1-6]"

_converters: dict[str, Any] = {}
_shipped: dict[str, list[str]] | None = None
_computed: dict[str, list[str]] = {}
# The catalog's people: their names as given, and (made on first use, as folding Chinese
# loads the conversion tables) every name of each person by each name's compact form.
_people_given: list[tuple[str, ...]] = []
_people_index: dict[str, tuple[str, ...]] | None = None


def has_han(text: str) -> bool:
    """Does ``text`` hold a Chinese character?"""
    return re.search(_HAN, text) is not None


def has_kana(text: str) -> bool:
    """Does ``text`` hold Japanese kana?"""
    return re.search(_KANA, text) is not None


def has_cjk(text: str) -> bool:
    """Does ``text`` hold a Chinese character or Japanese kana?"""
    return has_han(text) or has_kana(text)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent-, width- and script-insensitive form: '夢中人' and '梦中人' fold alike."""
    folded = fold_case(text)
    return _simplified(folded) if has_han(folded) else folded


@lru_cache(maxsize=200_000)
def compact(text: str) -> str:
    """``fold`` without spaces or punctuation: 'Faye Wong' and 'fayewong' compact alike."""
    return re.sub(_NOT_WORD, "", fold(text))


def loose(text: str) -> str:
    """``wkwmix.text.loose`` with scripts folded together, for comparing titles."""
    from wkwmix.text import loose as loose_case

    plain = loose_case(text)
    return _simplified(plain) if has_han(plain) else plain


def _simplified(text: str) -> str:
    return _convert(text, "t2s")


def _convert(text: str, conversion: str) -> str:
    converter = _converters.get(conversion)
    if converter is None:
        from opencc import OpenCC  # type: ignore[import-untyped]  # only for Chinese text

        converter = _converters[conversion] = OpenCC(conversion)
    return str(converter.convert(text))


def in_script(text: str, script: str) -> str:
    """``text`` with its Chinese in ``script``: 'zh-Hans' (Simplified) or 'zh-Hant'
    (Traditional); any other script, or text without Chinese, comes back as it is."""
    if not has_han(text) or script not in ("zh-Hans", "zh-Hant"):
        return text
    return _convert(text, "t2s" if script == "zh-Hans" else "s2t")


CHINESE_LANGUAGES = ("cantonese", "mandarin", "chinese", "shanghainese", "hokkien",
                     "teochew")


def own_title(title: str, alt_titles: Sequence[str], language: str | None) -> str:
    """The title to search a track by: the first Chinese one for a track sung in a Chinese
    language (夢中人 rather than 'Dreams'), or the Chinese a title romanises ('He Ri Jun Zai
    Lai' is 何日君再來); else its title."""
    if title and has_han(title):
        return title
    chinese = (language or "").lower() in CHINESE_LANGUAGES
    for alt in alt_titles:
        if has_han(alt) and (chinese or compact(title) in romanised(alt)):
            return alt
    return title


def romanised(text: str) -> tuple[str, ...]:
    """The compact romanisations a text in Chinese answers to: Hanyu Pinyin, Jyutping with
    tone numbers, Jyutping without. () for text without Chinese."""
    if not has_han(text):
        return ()
    table = _shipped_table()
    found = table.get(text) or _computed.get(text)
    if found is None:
        found = _computed[text] = romanise(text)
    return tuple(found)


def prepare(texts: Iterable[str | None]) -> None:
    """Make ready the romanisations of ``texts`` not shipped: from the parse cache, or
    computed once and kept there (keyed on the texts themselves)."""
    table = _shipped_table()
    missing = sorted({t for t in texts if t and has_han(t) and t not in table
                      and t not in _computed})
    if not missing:
        return
    from wkwmix.store import cache

    question = cache.Question("romanised", "texts", extra=(tuple(missing),))
    answer = cache.get(question)
    if not isinstance(answer, dict):
        answer = {text: romanise(text) for text in missing}
        cache.put(question, answer)
    _computed.update(answer)


def romanise(text: str) -> list[str]:
    """Compute the romanisations of ``text`` (see ``romanised``): slow, imports the
    converters."""
    import pypinyin
    import ToJyutping  # type: ignore[import-untyped]

    pinyin = "".join(pypinyin.lazy_pinyin(_simplified(text)))
    jyutping = "".join(j if j else c
                       for c, j in ToJyutping.get_jyutping_list(text.replace(" ", "")))
    toneless = re.sub(_TONES, "", jyutping.lower())
    return sorted({re.sub(_NOT_WORD, "", fold_case(k)) for k in (pinyin, jyutping, toneless)}
                  - {""})


def _shipped_table() -> dict[str, list[str]]:
    global _shipped
    if _shipped is None:
        import json  # only when a query or a match needs the table

        try:
            _shipped = json.loads(ROMANISED_PATH.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _shipped = {}
    return _shipped


def use_people(people: Iterable[dict[str, Any]]) -> None:
    """Take the catalog's people (records with ``names``) as the names each answers to."""
    global _people_index
    _people_given[:] = [tuple(person.get("names", ())) for person in people]
    _people_index = None


def _people() -> dict[str, tuple[str, ...]]:
    global _people_index
    if _people_index is None:
        _people_index = {}
        for every in _people_given:
            for name in every:
                key = compact(name)
                if key:
                    _people_index[key] = tuple(dict.fromkeys(_people_index.get(key, ()) + every))
    return _people_index


def forms(name: str) -> tuple[str, ...]:
    """``name`` and every other name of the person it names, when the catalog knows them.

    A credit naming several people ("Faye Wong & Tony Leung") gives each one's names.
    """
    people = _people()
    key = compact(name)
    found = dict.fromkeys([name, *people.get(key, ())])
    if key not in people and people:
        for other, names in people.items():
            if len(other) >= 2 and other in key and (has_han(other) or len(other) >= 5):
                found.update(dict.fromkeys(names))
    return tuple(found)


def same_person(ours: str, theirs: str) -> bool:
    """Do two credits name one person, by any of their names ('王菲' and 'Faye Wong'), or as
    a name in Chinese and its romanisation in any system ('溫佳音' and 'Wen Jiayin', '蔡明萱'
    and 'Tsai Ming-hsuan', '方艷玲' and 'Fong Yim-ling': ``wkwmix.namekeys``)?"""
    a, b = compact(ours), compact(theirs)
    if not a or not b:
        return False
    if a == b:
        return True
    return (b in {compact(n) for n in forms(ours)} or a in {compact(n) for n in forms(theirs)}
            or _romanises(ours, theirs) or _romanises(theirs, ours))


def _romanises(chinese: str, latin: str) -> bool:
    if not has_han(chinese) or has_han(latin):
        return False
    from wkwmix import namekeys  # the converters, only when a credit needs them

    return compact(latin) in romanised(chinese) or namekeys.written_as(chinese, latin)


def matcher(values: Sequence[str], *, whole: bool = False,
            ) -> Callable[[Iterable[str | None]], bool]:
    """A test of whether any of ``texts`` holds any of ``values`` (or, ``whole``, is one of
    them): as folded text, as compact text, or (for text in Chinese) as one of its
    romanisations."""
    wanted = [(fold(v), compact(v), re.sub(_TONES, "", compact(v))) for v in values]

    def within(part: str, text: str) -> bool:
        return part == text if whole else part in text

    def holds(texts: Iterable[str | None]) -> bool:
        for text in texts:
            if not text:
                continue
            folded, packed = fold(text), compact(text)
            romans = romanised(text)
            for entire, short, toneless in wanted:
                if within(entire, folded) or (short and within(short, packed)):
                    return True
                if short and any(within(short, r) or within(toneless, r) for r in romans):
                    return True
        return False

    return holds


def write_shipped(texts: Iterable[str]) -> int:
    """Compute and write the shipped table for ``texts``; return how many it holds."""
    import json

    table = {t: romanise(t) for t in sorted({t for t in texts if t and has_han(t)})}
    ROMANISED_PATH.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True)
                              + "\n", encoding="utf-8")
    return len(table)


def catalog_texts(raw: dict[str, Any]) -> list[str]:
    """Every title and name of a parsed catalog file that a query or a match compares."""
    found: list[str] = []
    for film in raw.get("films") or ():
        found += [film.get("title"), film.get("original_title"), *film.get("composers", ())]
    for track in raw.get("tracks") or ():
        found += [track.get("title"), track.get("artist"), *track.get("alt_titles", ()),
                  *track.get("writers", ())]
    for person in raw.get("people") or ():
        found += list(person.get("names", ()))
    return [t for t in found if isinstance(t, str)]


if __name__ == "__main__":
    from wkwmix.store import files

    count = write_shipped(catalog_texts(files.read(DATA_DIR / "catalog.yaml")))
    print(f"{count} texts romanised into {ROMANISED_PATH.name}")
