"""How a Chinese person's name is written in Latin letters, whatever the system.

A singer from Taiwan is credited in Wade-Giles (蔡明萱, Tsai Ming-hsuan), one from Hong
Kong in the Government's Cantonese romanisation (方艷玲, Fong Yim-ling; 謝鳳儀, Tse
Fung-yee), one from the mainland in Hanyu Pinyin (溫佳音, Wen Jiayin). Rather than spell a
name in each system, both sides are reduced to a phonetic key in which the systems'
spellings of one sound meet: the unaspirated and aspirated stops (b/p, d/t, g/k), the
affricates (z, c, j, q, zh, ch, ts, tz), the sibilants (s, x, sh, hs, sz), and a few
vowel spellings (ee/i, aa/a, oo/u, ow/au, aw/o, eu/eo/oe, ou/o, ü/u; a silent h after a
vowel). A Chinese name's keys come from every Mandarin reading of its characters (Pinyin
and Wade-Giles, heteronyms too) and from its Cantonese Jyutping, whose j is the y of the
other systems.

Whole romanised names are compared. An English given name (Anson Lui for 呂安信) is no
romanisation: of such a name only the family name can be compared (``may_be``).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

MOST_READINGS = 64  # a name of a few characters with two or three readings each
# Spellings of one sound, in the order they are rewritten: longer ones first.
_SPELLINGS = (
    ("eoi", "ui"), ("ih", "i"), ("tsz", "ci"), ("sze", "si"), ("hs", "s"), ("sh", "s"),
    ("sz", "s"), ("x", "s"), ("ts", "c"), ("tz", "c"), ("ch", "c"), ("zh", "c"), ("z", "c"),
    ("j", "c"), ("q", "c"), ("ng", "N"), ("g", "k"), ("b", "p"), ("d", "t"), ("ee", "i"),
    ("aa", "a"), ("oo", "u"), ("ow", "au"), ("aw", "o"), ("eu", "o"), ("eo", "o"),
    ("oe", "o"), ("ou", "o"), ("ue", "u"), ("v", "u"), ("ü", "u"),
)
# Hong Kong's romanisation may end a syllable's vowel in a silent h (華, Wah; 家, Kah).
_SILENT_H = re.compile(r"(?<=[aeiou])h\b")
_NOT_LETTER = re.compile(r"[^a-zü]+")
# Family names read otherwise in Cantonese than the word they write (Jyutping, no tone).
_FAMILY_READINGS = {"區": "au", "区": "au", "單": "sin", "单": "sin", "仇": "sau", "解": "haai",
                    "樂": "lok", "乐": "lok", "冼": "sin", "覃": "tam", "繆": "mau", "缪": "mau"}
# Family names of two characters; every other family name is the name's first character.
_COMPOUND_FAMILIES = frozenset({
    "司徒", "歐陽", "欧阳", "上官", "諸葛", "诸葛", "司馬", "司马", "東方",
    "东方", "皇甫", "尉遲", "尉迟", "公孫", "公孙", "慕容", "令狐", "夏侯",
    "端木", "西門", "西门", "長孫", "长孙", "宇文", "鍾離", "钟离", "澹臺",
    "澹台"})


def key(spelled: str) -> str:
    """The phonetic key of a name written in Latin letters: each word's sounds, run
    together (spellings are read within a word: the o and w of "Szeto Wing" are no "ow")."""
    return "".join(map(_word_key, _NOT_LETTER.split(_SILENT_H.sub("", spelled.casefold()))))


def _word_key(word: str) -> str:
    for spelling, sound in _SPELLINGS:
        word = word.replace(spelling, sound)
    return word


@lru_cache(maxsize=4096)
def keys(chinese: str) -> frozenset[str]:
    """The phonetic keys a name in Chinese characters is written as, in any system."""
    import ToJyutping  # type: ignore[import-untyped]
    from pypinyin import Style, pinyin

    readings = [pinyin(chinese, style=style, heteronym=True, errors="ignore")
                for style in (Style.NORMAL, Style.WADEGILES)]
    found = {key(" ".join(choice)) for each in readings
             for choice in itertools.islice(itertools.product(*each), MOST_READINGS)}
    syllables = [re.sub(r"\d", "", j) for _, j in ToJyutping.get_jyutping_list(chinese) if j]
    readings_of_name = [syllables]
    if syllables and chinese[:1] in _FAMILY_READINGS:  # 區 the family name is au, not keoi
        readings_of_name.append([_FAMILY_READINGS[chinese[:1]], *syllables[1:]])
    found |= {key(" ".join(_cantonese(s, hong_kong) for s in each))
              for each in readings_of_name for hong_kong in (False, True)}
    return frozenset(found - {""})


def _cantonese(syllable: str, hong_kong: bool) -> str:
    """A Jyutping syllable as the other systems spell its sounds: its j is their y (jyun:
    yun); Hong Kong's romanisation also writes eon and eot as un and ut (seon: Shun), and
    ei as ee (lei: Lee)."""
    spelled = re.sub(r"^jy?", "y", syllable)
    if not hong_kong:
        return spelled
    return re.sub(r"ei$", "ee", re.sub(r"eo([nt])$", r"u\1", spelled))


def written_as(chinese: str, latin: str) -> bool:
    """Is ``latin`` the Chinese name ``chinese`` in some romanisation?"""
    return bool(latin.strip()) and key(latin) in keys(chinese)


def family_name(chinese: str) -> str:
    """The family name of a name in Chinese characters: its first character, or its first
    two when they are a family name of two (司徒穎詩: 司徒)."""
    name = chinese.strip()
    return name[:2] if name[:2] in _COMPOUND_FAMILIES else name[:1]


def may_be(chinese: str, latin: str) -> bool:
    """Can ``latin`` name the person ``chinese`` names, as far as sounds tell?

    Yes when some run of its words is the whole name in a romanisation (Joseph *Koo
    Wing-hang*: 顧永恒), or when one word is its family name and no other word is a
    romanised given name, which would be another's (Anson Lui: 呂安信; not Lui Wai-ling).
    No when a word is another common family name (Kelly Wong is no 陳). Yes when no word is
    a Chinese family name at all: a band's or a stage name leaves nothing to compare.
    """
    words = latin.split()
    runs = (" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    if any(written_as(chinese, run) for run in runs):
        return True
    family = keys(family_name(chinese))
    at = {i for i, word in enumerate(words) if key(word) in family}
    if at:
        return not any("-" in word for i, word in enumerate(words) if i not in at)
    return not any(key(word) in _family_keys() for word in words)


# Common family names (Traditional), whose sounds mark a Latin name as a Chinese person's.
_COMMON_FAMILIES = (
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙"
    "顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓阮馬董溫唐藍石蔣古紀姚連馮歐程湯黎田康姜汪白鄒尤巫龔"
    "嚴韓袁金童陸夏柳邵錢伍倪于譚駱熊任甘秦顧毛章史萬俞雷饒麥區關文岑容莫霍甄鮑舒崔殷")


@lru_cache(maxsize=1)
def _family_keys() -> frozenset[str]:
    families = [*_COMMON_FAMILIES, *_COMPOUND_FAMILIES]
    return frozenset(k for family in families for k in keys(family))
