"""``python -m monitor evaluate``: how well Citra's scoring agrees with labelled comments."""

from __future__ import annotations

import argparse
import json

EPILOG = """examples:
  python -m monitor evaluate tests/fixtures/eval_sample.csv --text-col text --label-col sentiment
  python -m monitor evaluate tests/fixtures/eval_sample.csv --label-col complaint --task complaint
  python -m monitor evaluate ../shared/data/smsa/valid.tsv          # header-less text<TAB>label

labels: positive/neutral/negative, pos/neu/neg or 1/0/-1 (sentiment); any two values such as
Aduan/Bukan Aduan, 1/0, true/false (complaint). Gold data without a neutral label is scored
positive vs negative by the sign of sentiment_score, and the output says so.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure sentiment or complaint detection on a labelled CSV/TSV (prints JSON)",
        description=(
            "Score every text of a labelled file and print one JSON object: n, accuracy, "
            "macro_f1, per-class precision/recall/F1 and the confusion matrix."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="CSV or TSV file (header optional for TSV)")
    parser.add_argument("--text-col", default="text", help="column with the comment text")
    parser.add_argument("--label-col", default="label", help="column with the gold label")
    parser.add_argument("--task", choices=("sentiment", "complaint"), default="sentiment")
    parser.add_argument("--lexicon", help="optional user lexicon TSV (word<TAB>valence)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.quality.evaluate import evaluate_file

    result = evaluate_file(
        args.file,
        text_col=args.text_col,
        label_col=args.label_col,
        task=args.task,
        lexicon_path=args.lexicon,
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0
