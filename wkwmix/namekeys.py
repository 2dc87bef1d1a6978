"""How a Chinese person's name is written in Latin letters, whatever the system.

A singer from Taiwan is credited in Wade-Giles (蔡明萱, Tsai Ming-hsuan), one from Hong
Kong in the Government's Cantonese romanisation (方艷玲, Fong Yim-ling; 謝鳳儀, Tse
Fung-yee), one from the mainland in Hanyu Pinyin (溫佳音, Wen Jiayin). Rather than spell a
name in each system, both sides are reduced to a phonetic key in which the systems'
spellings of one sound meet: the unaspirated and aspirated stops (b/p, d/t, g/k), the
affricates (z, c, j, q, zh, ch, ts, tz), the sibilants (s, x, sh, hs, sz), and a few
vowel spellings (ee/i, aa/a, eu/eo/oe, ou/o, ü/u). A Chinese name's keys come from every
Mandarin reading of its characters (Pinyin and Wade-Giles, heteronyms too) and from
its Cantonese Jyutping, whose j is the y of the other systems.

Whole romanised names are compared. An English given name (Anson Lui for 呂安信) is no
romanisation: of such a name only the family name can be compared (``family_written_in``).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

MOST_READINGS = 64  # a name of a few characters with two or three readings each
# Spellings of one sound, in the order they are rewritten: longer ones first.
_SPELLINGS = (
    ("eoi", "ui"), ("ih", "i"), ("tsz", "c"), ("sze", "si"), ("hs", "s"), ("sh", "s"),
    ("sz", "s"), ("x", "s"), ("ts", "c"), ("tz", "c"), ("ch", "c"), ("zh", "c"), ("z", "c"),
    ("j", "c"), ("q", "c"), ("ng", "N"), ("g", "k"), ("b", "p"), ("d", "t"), ("ee", "i"),
    ("aa", "a"), ("eu", "o"), ("eo", "o"), ("oe", "o"), ("ou", "o"), ("ue", "u"),
    ("v", "u"), ("ü", "u"),
)
_NOT_LETTER = re.compile(r"[^a-zü]+")
# Family names of two characters; every other family name is the name's first character.
_COMPOUND_FAMILIES = frozenset({
    "司徒", "歐陽", "欧阳", "上官", "諸葛", "诸葛", "司馬", "司马", "東方",
    "东方", "皇甫", "尉遲", "尉迟", "公孫", "公孙", "慕容", "令狐", "夏侯",
    "端木", "西門", "西门", "長孫", "长孙", "宇文", "鍾離", "钟离", "澹臺",
    "澹台"})


def key(spelled: str) -> str:
    """The phonetic key of a name written in Latin letters."""
    text = _NOT_LETTER.sub("", spelled.casefold())
    for spelling, sound in _SPELLINGS:
        text = text.replace(spelling, sound)
    return text


@lru_cache(maxsize=4096)
def keys(chinese: str) -> frozenset[str]:
    """The phonetic keys a name in Chinese characters is written as, in any system."""
    import ToJyutping  # type: ignore[import-untyped]
    from pypinyin import Style, pinyin

    readings = [pinyin(chinese, style=style, heteronym=True, errors="ignore")
                for style in (Style.NORMAL, Style.WADEGILES)]
    found = {key("".join(choice)) for each in readings
             for choice in itertools.islice(itertools.product(*each), MOST_READINGS)}
    syllables = [re.sub(r"\d", "", j) for _, j in ToJyutping.get_jyutping_list(chinese) if j]
    found |= {key("".join(_cantonese(s, hong_kong) for s in syllables))
              for hong_kong in (False, True)}
    return frozenset(found - {""})


def _cantonese(syllable: str, hong_kong: bool) -> str:
    """A Jyutping syllable as the other systems spell its sounds: its j is their y (jyun:
    yun); Hong Kong's romanisation also writes eon and eot as un and ut (seon: Shun)."""
    spelled = re.sub(r"^jy?", "y", syllable)
    return re.sub(r"eo([nt])$", r"u\1", spelled) if hong_kong else spelled


def written_as(chinese: str, latin: str) -> bool:
    """Is ``latin`` the Chinese name ``chinese`` in some romanisation?"""
    return bool(latin.strip()) and key(latin) in keys(chinese)


def family_name(chinese: str) -> str:
    """The family name of a name in Chinese characters: its first character, or its first
    two when they are a family name of two (司徒穎詩: 司徒)."""
    name = chinese.strip()
    return name[:2] if name[:2] in _COMPOUND_FAMILIES else name[:1]


def family_written_in(chinese: str, latin: str) -> bool:
    """Is the family name of ``chinese`` one of the words of ``latin``, in any romanisation
    (呂安信 and Anson Lui; 司徒穎詩 and Winnie Szeto)?"""
    family = keys(family_name(chinese))
    return any(key(word) in family for word in re.split(r"[\s,]+", latin) if word)
