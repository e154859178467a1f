"""The analysis bundle's ``README.md``: what each table holds, every column with its type and
unit, and lines of R and pandas that load and join the tables."""
from __future__ import annotations

from .csv_export import ATTRIBUTE_PREFIX

CODE_PREFIX = "code:"  # no fixed column has a colon: a code column never collides with one

TABLES = {
    "documents": "one row per document",
    "codes": "one row per code of the codebook (groups included)",
    "coders": "one row per coder; the gold (adjudicated) layer is a coder with is_gold true",
    "segments": "one row per annotation (the CSV export's columns, plus the codebook version)",
    "document_code": "long: one row per document x code x coder, for coders with at least one annotation in the "
                     "document (a 0 means the coder coded the document and did not use the code); as coded, "
                     "like every table here: a parent's row counts only its own annotations (crosstab adds "
                     "its sub-codes')",
    "sentence_code": "one row per sentence and coder (coders with at least one annotation in the document), a 0/1 "
                     "column per code: 1 when an annotation of the code by the coder shares a character with the "
                     "sentence, or over whitespace only lies after it (as coded: a parent's column ignores its "
                     "sub-codes)",
}

COLUMNS = {
    "uuid": ("text", "the row's stable identifier (joins: *_uuid columns refer to it)"),
    "name": ("text", "the name shown in the app"),
    "sha256": ("text", "SHA-256 of the document's stored text (UTF-8, \\n line ends)"),
    "characters": ("integer", "characters (Unicode code points): the document's length, or in document_code the "
                              "characters covered by the coder's annotations of the code, overlaps counted once"),
    "words": ("integer", "spaCy tokens that are not punctuation or space (the unit of per-1,000-word rates)"),
    "path": ("text", "the code's ancestors and name joined with ' > ' (in a name that has '>', a backslash "
             "goes before every '>' and backslash, so no two codes share a path)"),
    "parent_uuid": ("text", "the parent code's uuid; empty at the top level"),
    "depth": ("integer", "0 for a top-level code, 1 for its sub-codes..."),
    "description": ("text", "the code's definition"),
    "color": ("text", "the code's colour, #RRGGBB"),
    "codable": ("boolean", "false for a group that only holds sub-codes"),
    "shortcut": ("text", "the code's key in the app"),
    "is_gold": ("boolean", "true for the adjudicated (gold) layer"),
    "annotations": ("integer", "annotations of this coder in the exported selection"),
    "document": ("text", "the document's name"),
    "document_sha256": ("text", "as documents.sha256"),
    "coder": ("text", "the coder's name"),
    "code": ("text", "the code's name"),
    "code_path": ("text", "as codes.path"),
    "start": ("integer", "first character, counted in code points from 0 (Python str indices)"),
    "end": ("integer", "one past the last character: text == document_text[start:end]"),
    "text": ("text", "the coded (or sentence) text"),
    "memo": ("text", "the coder's memo on the annotation"),
    "created": ("text", "ISO 8601 time (UTC) the annotation was made"),
    "modified": ("text", "ISO 8601 time (UTC) of its last change"),
    "document_uuid": ("text", "documents.uuid"),
    "coder_uuid": ("text", "coders.uuid"),
    "code_uuid": ("text", "codes.uuid"),
    "annotation_uuid": ("text", "the annotation's stable identifier"),
    "suggested_by": ("text", "the method of the accepted suggestion the annotation came from (propagate, rules, "
                     "model, boilerplate); empty for one coded by hand. Filter on it to leave assisted coding out"),
    "scheme_version": ("integer", "the codebook version the annotation was made under (see the project's change log)"),
    "segments": ("integer", "annotations of the code by the coder in the document"),
    "sentence": ("integer", "the sentence's number in its document, from 1 (spaCy's sentences, also cut at every "
                            "blank line, each trimmed to its first and last token; an annotation over whitespace "
                            "only is in the sentence before it)"),
}

USAGE = """## Loading the tables

R (readr, dplyr):

```r
library(readr); library(dplyr)
segments  <- read_csv("segments.csv", na = "")
documents <- read_csv("documents.csv", na = "")
codes     <- read_csv("codes.csv", na = "")
segments |> left_join(codes, by = c("code_uuid" = "uuid")) |> count(depth, code_path)
words <- sum(documents$words)  # every document once, coded or not, as crosstab --count per1000 counts
with_sub_codes <- function(p) sum(segments$code_path == p | startsWith(segments$code_path, paste0(p, " > ")))
codes |> mutate(n = sapply(path, with_sub_codes), per_1000_words = 1000 * n / words)  # n: all coders
```

pandas:

```python
import pandas as pd
segments = pd.read_csv("segments.csv", keep_default_na=False, na_values=[""])
documents = pd.read_csv("documents.csv", keep_default_na=False, na_values=[""])
merged = segments.merge(documents, left_on="document_uuid", right_on="uuid", suffixes=("", "_doc"))
merged.groupby("code_path").size()
codes = pd.read_csv("codes.csv", keep_default_na=False, na_values=[""])
words = documents["words"].sum()  # every document once, coded or not, as crosstab --count per1000 counts
paths = segments["code_path"]
rolled_up = [((paths == p) | paths.str.startswith(p + " > ")).sum() for p in codes["path"]]  # with sub-codes
per_1000_words = pd.Series(rolled_up, index=codes["path"]) * 1000 / words  # all coders
pd.read_csv("sentence_code.csv").filter(like="code:").corr()  # which codes go together, by sentence
```
"""


def data_dictionary(tables: dict, parquet: bool, raw: bool) -> str:
    lines = ["# Analysis bundle", "",
             "Tables written by annotator (`annotator export --format bundle`). CSV files are UTF-8 without a BOM, "
             "RFC 4180, one header row; an empty cell is a missing value. Offsets are Unicode code points.",
             "Cells that a spreadsheet would run as a formula (starting with = + - @, tab or a line break) "
             + ("are written as they are (--raw)." if raw else
                "start with an apostrophe; for R and pandas, export with --raw to get the exact text.")]
    if parquet:
        lines.append("Each table is also written as Parquet (`.parquet`, typed as below even when empty, an "
                     "attribute whose values are all YYYY-MM-DD as a date, never neutralised) for DuckDB, "
                     "Arrow and Spark.")
    for name, (header, rows) in tables.items():
        lines += ["", f"## {name}.csv", "", f"{TABLES[name].capitalize()}; {len(rows)} rows.", "",
                  "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{column}` | {kind} | {meaning} |" for column, kind, meaning in map(describe, header)]
    return "\n".join(lines) + "\n\n" + USAGE


def describe(column: str) -> tuple[str, str, str]:
    if column.startswith(ATTRIBUTE_PREFIX):
        return column, "as stored", f"the document attribute {column[len(ATTRIBUTE_PREFIX):]!r} (a date as YYYY-MM-DD)"
    if column.startswith(CODE_PREFIX):
        return column, "0/1", f"1 if the sentence has the code {column[len(CODE_PREFIX):]!r} from this coder"
    kind, meaning = COLUMNS[column]
    return column, kind, meaning.replace("|", "\\|")
