"""The shipped model on the held-out split, by which writers' files the messages came from.

    python -m bench.nlp.by_writers

The held-out split grows with the examples (a new message lands on either side by its hash), so
its headline mixes a better model with harder messages. This separates them: the messages of
the split as it stood before 2026-11-25, and those of each later round of writers (file prefix).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import nlp  # noqa: E402
from nlp.dataset import EXAMPLES_DIR, example_key, load_example_file  # noqa: E402
from nlp.evaluate import evaluate  # noqa: E402

# File-name prefixes of the rounds of writers added after the first 5,354 examples.
ROUNDS = {"j_": "first round of new writers, 2026-11-25", "k_": "second round, 2026-11-25"}


def main() -> int:
    # Each file read once; together they are load_examples() (the same files, the same order).
    by_file = {p.name: load_example_file(p) for p in sorted(EXAMPLES_DIR.glob("*.jsonl"))}
    _, heldout = nlp.split_examples([e for rows in by_file.values() for e in rows])
    earlier = [e for name, rows in by_file.items() if name[:2] not in ROUNDS for e in rows]
    _, earlier_heldout = nlp.split_examples(earlier)
    groups = {"the split before 2026-11-25": {example_key(e) for e in earlier_heldout}}
    for prefix, label in ROUNDS.items():
        groups[f"{label} ({prefix}*)"] = {example_key(e) for name, rows in by_file.items()
                                          if name.startswith(prefix) for e in rows}
    model = nlp.default_classifier()
    print(f"model {model.version}, held-out split of {len(heldout)} messages")
    for name, keys in groups.items():
        part = [e for e in heldout if example_key(e) in keys]
        if not part:
            continue
        r = evaluate(model, part)
        print(f"{name:48s} n={len(part):5d}  macro-F1 {r['macro_f1']:.3f}  emergency recall "
              f"{r['emergency']['recall']:.3f}  precision {r['emergency']['precision']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
