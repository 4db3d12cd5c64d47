"""``python -m monitor evaluate``: how well Citra's scoring agrees with labelled comments."""

from __future__ import annotations

import argparse
import json

EPILOG = """examples:
  python -m monitor evaluate tests/fixtures/eval_sample.csv --text-col text --label-col sentiment
  python -m monitor evaluate tests/fixtures/eval_sample.csv --label-col complaint --task complaint
  python -m monitor.quality.complaint_set /tmp/cs   # the labelled complaint set, dev and test
  python -m monitor evaluate /tmp/cs/complaints_test.csv --task complaint --label-col is_complaint
  python -m monitor evaluate ../shared/data/smsa/valid.tsv          # header-less text<TAB>label
  python -m monitor evaluate ../shared/data/emot/train.csv --task emotion   # label,tweet (EmoT)

labels: positive/neutral/negative, pos/neu/neg or 1/0/-1 (sentiment); anger/sadness/fear/happy/
love or marah/sedih/takut/senang/cinta, and none (emotion); any two values such as Aduan/Bukan
Aduan, 1/0, true/false (complaint). Gold data without a neutral label is scored positive vs
negative by the sign of sentiment_score; emotion data without a none label is compared with the
likeliest emotion (none_rate says how many would be stored as none); the output says so. The
text column defaults to "text", or "tweet" when the file has no "text" column. A complaint file
with a "category" column (--category-col) is also measured for routing: "routing" holds
per-category precision/recall, the confusion table (rows gold, columns predicted, "none" for no
complaint) and how the complaints outside the ministry's remit (luar_kewenangan) were routed.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure sentiment, emotion or complaint detection on a labelled CSV/TSV (JSON)",
        description=(
            "Score every text of a labelled file and print one JSON object: n, accuracy, "
            "macro_f1, per-class precision/recall/F1, the confusion matrix and (sentiment, "
            "emotion) how well the confidences are calibrated."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="CSV or TSV file (header optional for TSV)")
    parser.add_argument("--text-col", default="text", help="column with the comment text")
    parser.add_argument("--label-col", default="label", help="column with the gold label")
    parser.add_argument(
        "--task", choices=("sentiment", "emotion", "complaint"), default="sentiment"
    )
    parser.add_argument("--lexicon", help="optional user lexicon TSV (word<TAB>valence)")
    parser.add_argument(
        "--category-col",
        default="category",
        help="complaint task: column with the expected category (routing is reported when the "
        "file has it; empty for no complaint)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from monitor.quality.evaluate import evaluate_file

    result = evaluate_file(
        args.file,
        text_col=args.text_col,
        label_col=args.label_col,
        task=args.task,
        lexicon_path=args.lexicon,
        category_col=args.category_col,
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0
