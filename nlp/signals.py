"""Emoji and LINE sticker keywords as meaning, not noise.

A knife, a pill or an SOS in a message often says more than its words, and a LINE sticker
arrives with keywords ("crying", "help") instead of text. Both become signal tags: tokens the
classifier learns from (`s:weapon`) and inputs to the emergency rules (weapon and SOS alone,
poison or injury with distress, make a message an emergency).
"""

from __future__ import annotations

import re

_EMOJI_SIGNALS: dict[str, str] = {}


def _add(tag: str, chars: str) -> None:
    for ch in chars.split():
        _EMOJI_SIGNALS[ch] = tag


_add("weapon", "🔪 🗡 ⚔ 🔫 🪓 💣 🧨 🏹")
_add("poison", "💊 💉 🧪 ☠ 💀 ⚰ 🪦 🪢 ☢")
_add("injury", "🤕 🩸 🩹 🚑 🏥 🦴")
_add("sos", "🆘 🚨 ⚠ 🚓 👮 📢")
_add("sad", "😭 😢 😞 😔 💔 🥺 😿 😥 😓 😪 🥲 😩 😫")
_add("fear", "😱 😨 😰 😖 😣 🫣 😵")
_add("pleading", "🙏")
_add("anger", "👊 🤬 😡 💢 🥊 😠 🤜 🤛")
_add("pregnant", "🤰 🫄 🤱 🍼 👶 🚼")
_add("child", "🧒 👧 👦 🎒")
_add("elderly", "👴 👵 🧓 🦯")
_add("disabled", "♿ 🦽 🦼 🦻")
_add("money", "💸 💰 💵 🪙 🏧 💳")
_add("hunger", "🍚 🍽 🥣 🍜")
_add("home", "🏚 ⛺ 🛏 🏠 🏘 🌧 🥶")
_add("happy", "😂 🤣 😆 😊 😁 ❤ 👍 😍 🥰 😄 😀 🎉")

# LINE sticker keywords are short English (sometimes Thai) words chosen by the sticker maker.
_KEYWORD_SIGNALS: dict[str, str] = {
    **dict.fromkeys(
        "knife gun kill murder weapon stab shoot bomb ฆ่า มีด ปืน".split(), "weapon"),
    **dict.fromkeys("die dead death suicide poison pills ตาย ยา".split(), "poison"),
    **dict.fromkeys("hurt injured bleeding blood pain ouch เจ็บ เลือด".split(), "injury"),
    **dict.fromkeys("help sos emergency urgent save ช่วย ช่วยด้วย ด่วน".split(), "sos"),
    **dict.fromkeys(
        "cry crying sad tears sorrow heartbroken depressed lonely ร้องไห้ เศร้า เสียใจ".split(),
        "sad"),
    **dict.fromkeys("scared afraid fear shock shocked panic terrified กลัว ตกใจ".split(), "fear"),
    **dict.fromkeys("please beg pray begging ขอร้อง".split(), "pleading"),
    **dict.fromkeys("angry mad furious rage punch fight โกรธ".split(), "anger"),
    **dict.fromkeys("baby pregnant ท้อง เด็กอ่อน".split(), "pregnant"),
    **dict.fromkeys("hungry starving food ข้าว หิว".split(), "hunger"),
    **dict.fromkeys("money broke poor เงิน".split(), "money"),
    **dict.fromkeys(
        "happy haha lol laugh love thanks thank ok okay yay hello hi ขอบคุณ สวัสดี".split(),
        "happy"),
}

# Every key is one code point once normalize() has dropped variation selectors and skin tones.
_EMOJI_CHARS = re.compile("[" + "".join(re.escape(ch) for ch in _EMOJI_SIGNALS) + "]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_ANY_SYMBOL = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")


def emoji_signals(text: str) -> list[str]:
    """Signal tags of the emoji in the text, in order, one per emoji."""
    if not _ANY_SYMBOL.search(text):
        return []
    return [_EMOJI_SIGNALS[m.group()] for m in _EMOJI_CHARS.finditer(text)]


def sticker_signals(keywords: list[str] | None) -> list[str]:
    """Signal tags of a LINE sticker's keywords."""
    tags: list[str] = []
    for kw in keywords or ():
        if not isinstance(kw, str):
            continue
        low = kw.strip().lower()
        if low in _KEYWORD_SIGNALS:
            tags.append(_KEYWORD_SIGNALS[low])
            continue
        for word in _WORD.findall(low):
            if word in _KEYWORD_SIGNALS:
                tags.append(_KEYWORD_SIGNALS[word])
    return tags


def sticker_text(keywords: list[str] | None) -> str:
    """The sticker's keywords as plain text, so the lexicon and the model can read them too."""
    return " ".join(kw.strip() for kw in keywords or () if isinstance(kw, str) and kw.strip())
