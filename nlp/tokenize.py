"""Word tokens from normalised text: newmm, memoised per chunk.

newmm is PyThaiNLP's dictionary-based maximal matching. It runs here through nlpO3, PyThaiNLP's
Rust implementation of the same algorithm (pythainlp's engine "nlpo3"), with pythainlp's own
dictionary (`words_th.txt`, the one `engine="newmm"` uses): about four times faster, and the
same words on all but 2 of the 5,354 training messages (a typo split differently, and ".212"
read as "212") once the punctuation nlpO3 leaves glued to a word is stripped as below.
nlpO3's safe mode is not used: it cut words inside a character cluster ("เป|็น"), and without it
a 300-character run of "ก" takes 7 ms (pythainlp's newmm in safe mode: 400 ms).

Chat repeats the same short chunks between spaces ("ช่วยด้วยค่ะ", "ด่วน", "ขอบคุณค่ะ"), so
each whitespace-separated chunk is segmented once per process and kept in a bounded cache.
Non-Thai chunks skip newmm: they are split on non-word characters.
"""

from __future__ import annotations

import re
import string
from importlib.resources import as_file, files

import nlpo3
from pythainlp.corpus import thai_words

_CACHE: dict[str, tuple[str, ...]] = {}
_CACHE_MAX = 200_000
_THAI = re.compile("[\u0e01-\u0e4e]")
_SPLIT = re.compile(r"\s+")
_LATIN_WORD = re.compile(r"[^\W_]+|[\U0001f000-\U0001faff\u2600-\u27bf]", re.UNICODE)
_KEEP = re.compile(r"[^\W_]", re.UNICODE)  # a character c matches it exactly when c.isalnum()
# ASCII punctuation nlpO3 leaves glued to a word that is not in the dictionary ("ปชช.", "\"รอ",
# "(อ"); pythainlp's newmm splits it off, and it carries nothing. Dictionary words keep theirs
# ("ต.", "รพ.", "อบต.").
_EDGE = string.punctuation + string.whitespace
# Kept from pythainlp's newmm, which slowed to a crawl past this on unbroken junk; it also
# bounds the work nlpO3 does on one call.
_MAX_CHUNK = 300
_DICT_NAME = "saiduan-pythainlp-words_th"
_dict_loaded = False
_words: frozenset[str] = frozenset()


def _load_dictionary() -> None:
    global _dict_loaded, _words
    # as_file gives a real path even if pythainlp were installed zipped; the wheel unpacks it.
    with as_file(files("pythainlp.corpus").joinpath("words_th.txt")) as path:
        message, ok = nlpo3.load_dict(str(path), _DICT_NAME)
    # load_dict refuses a name that is already loaded; that is the same dictionary.
    if not ok and "already" not in message.lower():
        raise RuntimeError(f"newmm dictionary did not load: {message}")
    _words = thai_words()
    _dict_loaded = True


def _segment_chunk(chunk: str) -> tuple[str, ...]:
    if not _THAI.search(chunk):
        return tuple(_LATIN_WORD.findall(chunk))
    if not _dict_loaded:
        _load_dictionary()
    words: list[str] = []
    for start in range(0, len(chunk), _MAX_CHUNK):
        for w in nlpo3.segment(chunk[start : start + _MAX_CHUNK], _DICT_NAME):
            # Nearly every word starts and ends with a letter: str method calls, not a regex.
            if not (w[0].isalnum() and w[-1].isalnum()) and w not in _words:
                w = w.strip(_EDGE)
                if not w:
                    continue
            if w[0].isalnum() or _KEEP.search(w):
                words.append(w)
            elif not w.isascii():
                # Emoji and other symbols stand alone.
                words.extend(_LATIN_WORD.findall(w))
    return tuple(words)


def tokenize(text: str) -> list[str]:
    """newmm word tokens of normalised text, without spaces and punctuation."""
    tokens: list[str] = []
    for chunk in _SPLIT.split(text):
        if not chunk:
            continue
        cached = _CACHE.get(chunk)
        if cached is None:
            cached = _segment_chunk(chunk)
            if len(_CACHE) >= _CACHE_MAX:
                _CACHE.clear()
            _CACHE[chunk] = cached
        tokens.extend(cached)
    return tokens


def clear_cache() -> None:
    _CACHE.clear()
