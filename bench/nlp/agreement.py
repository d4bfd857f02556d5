"""How far the model is from a second annotator, on the same messages.

    python -m bench.nlp.agreement [FILE]

FILE (default: nlp/data/review/agreement-2026-11-24.jsonl) holds messages of the held-out split
labelled a second time, blind: the annotator saw only the text and GUIDELINES.md, not the
examples' labels, any model or its output. Each line is matched to its example by normalised
text. Printed: the second annotator scored against the examples' labels (how consistent the
labels are, a ceiling for any model), the shipped model against the same labels, and the model
against the second annotator.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

import nlp  # noqa: E402
from nlp.dataset import load_example_file  # noqa: E402
from nlp.evaluate import score_predictions  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "nlp" / "data" / "review" / (
    "agreement-2026-11-24.jsonl")


def main(argv: list[str]) -> int:
    second = load_example_file(argv[0] if argv else DEFAULT)
    by_text = {nlp.normalize(ex["text"]): ex for ex in nlp.load_examples()}
    missing = [ex["text"][:40] for ex in second if nlp.normalize(ex["text"]) not in by_text]
    if missing:
        print(f"{len(missing)} messages are no longer in the examples, e.g. {missing[0]!r}")
        return 1
    gold = [by_text[nlp.normalize(ex["text"])] for ex in second]
    model = nlp.default_classifier()
    predicted = model.classify_many([ex["text"] for ex in second])

    def row(name: str, truth: list[dict], labels: list, emergency: list) -> list[str]:
        m = score_predictions(truth, labels, emergency)
        exact = sum(set(t["labels"]) == set(p) for t, p in zip(truth, labels))
        return [name, f"{m['macro_f1']:.3f}", f"{m['micro_f1']:.3f}",
                f"{exact / len(truth):.3f}", f"{m['emergency']['recall']:.3f}",
                f"{m['emergency']['precision']:.3f}"]

    table = Table(title=f"{len(second)} held-out messages, labelled twice "
                        f"(model {model.version})")
    for col in ("compared", "macro-F1", "micro-F1", "same label set", "emergency recall",
                "emergency precision"):
        table.add_column(col, justify="left" if col == "compared" else "right")
    table.add_row(*row("second annotator vs the examples' labels", gold,
                       [ex["labels"] for ex in second], [ex["emergency"] for ex in second]))
    table.add_row(*row("model vs the examples' labels", gold, [t.labels for t in predicted],
                       [t.emergency for t in predicted]))
    table.add_row(*row("model vs the second annotator", second, [t.labels for t in predicted],
                       [t.emergency for t in predicted]))
    Console(width=140).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
