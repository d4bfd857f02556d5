"""One normal form for Thai chat text, shared by training and prediction.

Two levels:
- `clean(text)` makes text safe and canonical without changing what it says: lone surrogates,
  zero-width and control characters go, look-alikes and Thai/Lao/Khmer/Burmese digits are
  unified, Thai vowel and tone-mark order is fixed. Entities (phones, IDs, ages) are read from
  this level, because later steps would damage numbers such as 0855555555.
- `normalize(text)` goes on to what the classifier needs: runs of repeated letters collapsed
  (ค่าาาา -> ค่า, มากกกก -> มาก), laughter canonical (55555 -> 555), emoji without skin tones or
  variation selectors, spaces at Thai/Latin/digit boundaries, Latin in lower case.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width, bidi and other format characters people (and spammers) paste into chat.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufe00-\ufe0f\U000e0000-\U000e007f\ud800-\udfff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Each pass over the text costs about a microsecond per 100 characters and most messages need
# few of them: one look for anything a group of passes would change decides whether to run it.
_INVISIBLE_OR_CONTROL = re.compile(
    _INVISIBLE.pattern[:-1] + _CONTROL.pattern[1:]
)

_DIGITS = {}
for _base in (0x0E50, 0x0ED0, 0x17E0, 0x1040, 0x1090, 0xFF10, 0x0660, 0x06F0, 0x0966):
    for _i in range(10):
        _DIGITS[_base + _i] = str(_i)

# Letters that look like Latin ones (Cyrillic, Greek) and obsolete Thai letters people still
# type by mistake. Mapping them lets "hеlp" (Cyrillic е) or ฃ/ฅ match the lexicon.
_LOOKALIKE = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
        "ј": "j", "ѕ": "s", "к": "k", "м": "m", "т": "t", "н": "h", "в": "b",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "α": "a", "ο": "o", "ε": "e", "ι": "i", "ν": "v",
        "ฃ": "ข", "ฅ": "ค",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
        "\u3000": " ", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n",
    }
    | _DIGITS
)

# translate() walks every character through a dict; most messages need none of it.
_NEEDS_MAP = re.compile("[" + "".join(re.escape(chr(c)) for c in _LOOKALIKE) + "]")

_NIKHAHIT_AA = re.compile("\u0e4d\u0e32")  # ํ + า typed for ำ (and what NFKC produces)
_DOUBLE_E = re.compile("\u0e40\u0e40")  # เ + เ typed for แ
# Above/below vowels must come before tone marks and the thanthakhat; phones and keyboards
# often send them the other way round, which breaks dictionary lookups.
_TONE_VOWEL = re.compile("([\u0e48-\u0e4c]+)([\u0e31\u0e34-\u0e3a\u0e47])")
_DUP_MARK = re.compile("([\u0e30-\u0e3a\u0e47-\u0e4e])\\1+")
# Where _TONE_VOWEL or _DUP_MARK would change anything (the second runs on the first's output,
# but when the first changes nothing both see the same text).
_MARK_FIX = re.compile(_TONE_VOWEL.pattern + "|" + _DUP_MARK.pattern.replace("\\1", "\\3"))

_LAUGH = re.compile(r"(?<![0-9])5{3,}(?![0-9])")
# Three or more of the same character are never Thai or English spelling (รร in กรรม is two).
_REPEAT = re.compile(r"([^\W\d_]|[\u0e30-\u0e4e!?.~ๆ])\1{2,}")
# A character three times running, whatever it is: a quick look for what _REPEAT needs (its
# class and backreference cost several times more per character; 1 message in 80 has one).
_THRICE = re.compile(r"(.)\1\1", re.DOTALL)
_MAIYAMOK = re.compile(r"\s*ๆ(?:\s*ๆ)*")
_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff\u200d\u20e3]")
_SAME_EMOJI = re.compile("([\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff])(?:\\s*\\1)+")
# A space after a Thai character that a Latin letter or digit follows, and after a Latin letter
# or digit that a Thai letter follows (the two cannot overlap, so one pass does both).
_BOUNDARY = re.compile(
    r"([\u0e00-\u0e7f])(?=[A-Za-z0-9])|([A-Za-z0-9])(?=[\u0e01-\u0e2e\u0e40-\u0e44])"
)
# _BOUNDARY needs a Latin letter or digit on one side; most Thai messages have none.
_ASCII_ALNUM = re.compile("[A-Za-z0-9]")
_SYMBOL = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u200d\u20e3]")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")
# Without a tab, line break or double space, _SPACE and _LINES have nothing to do.
_UNEVEN_SPACE = re.compile(r"[\t\n\r\f\v]|  ")


def _tidy_spaces(text: str) -> str:
    if _UNEVEN_SPACE.search(text):
        text = _LINES.sub("\n", _SPACE.sub(" ", text))
    return text.strip()


def clean(text: object) -> str:
    """Safe, canonical text that still says exactly what the sender wrote."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text:
        return ""
    if _INVISIBLE_OR_CONTROL.search(text):
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub(" ", text)
    if not text.isascii():
        # ำ is not NFKC-stable: NFKC writes it as ํ + า (which _NIKHAHIT_AA turns back below).
        # Writing it out first leaves NFKC's result as it was (NFKC reads only the
        # decomposition, and this is ำ's), and spares a third of all messages, those whose only
        # unstable character is ำ, a full normalisation (and is_normalized's second one).
        if "\u0e33" in text:
            text = text.replace("\u0e33", "\u0e4d\u0e32")
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _NEEDS_MAP.search(text):
            text = text.translate(_LOOKALIKE)
        if "\u0e4d" in text:
            text = _NIKHAHIT_AA.sub("\u0e33", text)
        if "\u0e40\u0e40" in text:
            text = _DOUBLE_E.sub("\u0e41", text)
        if _MARK_FIX.search(text):
            text = _TONE_VOWEL.sub(r"\2\1", text)
            text = _DUP_MARK.sub(r"\1", text)
    return _tidy_spaces(text)


def normalize(text: object) -> str:
    """The form the classifier reads (training and prediction both go through here)."""
    return normalize_cleaned(clean(text))


def normalize_cleaned(text: str) -> str:
    """`normalize()` of text that already went through `clean()` (saves doing it twice)."""
    if not text:
        return ""
    if "555" in text:
        text = _LAUGH.sub(" 555 ", text)
    if _THRICE.search(text):
        text = _REPEAT.sub(r"\1", text)
    if not text.isascii():
        if "ๆ" in text:
            text = _MAIYAMOK.sub("ๆ ", text)
        if _SYMBOL.search(text):
            text = _SKIN_TONE.sub("", text)
            text = _SAME_EMOJI.sub(r"\1", text)
        if _ASCII_ALNUM.search(text):
            text = _BOUNDARY.sub(r"\1\2 ", text)
    text = text.lower()
    return _tidy_spaces(text)
