"""Speed alone, with the shipped model: µs per message for classify, classify_many and newmm.

newmm is the speed floor the issue names: pythainlp's `word_tokenize(engine="newmm")`. Saiduan
tokenises with the same algorithm and dictionary in Rust (nlpO3, pythainlp's engine "nlpo3"; see
nlp/tokenize.py), so that engine alone is timed too, to show what the rest of the pipeline costs.

    python -m bench.nlp.speed [rounds]

The same messages and conditions as `bench.nlp.run` (the held-out split, nlp's tokeniser cache
emptied before each pass, after gc.freeze(), CPU time of this process), without training a model
first, so it takes seconds. Passes alternate between the three, and the best of each is kept:
the machine's speed drifts, and alternating keeps the comparison fair.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import nlp  # noqa: E402
from nlp.tokenize import clear_cache  # noqa: E402


def _cpu_us(fn, items, n_messages: int) -> float:
    clear_cache()
    started = time.process_time()
    for item in items:
        fn(item)
    return (time.process_time() - started) / n_messages * 1e6


def best_cpu_us(model, texts: list[str], rounds: int) -> dict[str, float]:
    """Best CPU µs per message of newmm alone (pythainlp's, and nlpO3's), classify and
    classify_many (batches of 64), passes alternating between them so that a drift in the
    machine's speed hits all."""
    from pythainlp.tokenize import word_tokenize

    batches = [texts[i : i + 64] for i in range(0, len(texts), 64)]
    for engine in ("newmm", "nlpo3"):
        word_tokenize("ยายล้มอยู่คนเดียว", engine=engine)
    gc.collect()
    gc.freeze()
    best = {"newmm": float("inf"), "nlpo3": float("inf"), "classify": float("inf"),
            "classify_many": float("inf")}
    for _ in range(rounds):
        for engine in ("newmm", "nlpo3"):
            best[engine] = min(best[engine], _cpu_us(
                lambda t: word_tokenize(t, engine=engine), texts, len(texts)))
        best["classify"] = min(best["classify"], _cpu_us(model.classify, texts, len(texts)))
        best["classify_many"] = min(best["classify_many"], _cpu_us(
            model.classify_many, batches, len(texts)))
    return best


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 5
    _, heldout = nlp.split_examples(nlp.load_examples())
    best = best_cpu_us(nlp.default_classifier(), [ex["text"] for ex in heldout], rounds)
    for name, us in best.items():
        print(f"{name:14s} {us:6.1f} µs/message  {1e6 / us:7,.0f} messages/s  "
              f"{us / best['newmm']:.2f}x newmm's time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
