"""Studies for the crosstab and co-occurrence tests: a small one whose counts are worked out by
hand in the tests, and random ones that a naive implementation in the tests counts again.

The hand study (offsets in brackets, half-open; sentences and paragraphs as spaCy and the
paragraph rule cut them, checked in the tests):

    d1  "Taxes rose. They lied to us!\\nWe will cut taxes.\\n\\nThe rivals failed."   (67 chars, 13 words)
        sentences S0 [0,11) S1 [12,28) S2 [29,47) S3 [49,67); paragraphs P0 [0,28) P1 [29,47) P2 [49,67)
        tokens: Taxes0 rose1 .2 They3 lied4 to5 us6 !7 We8 will9 cut10 taxes11 .12 The13 rivals14 failed15 .16
    d2  "Jobs are up. Rivals lie."                                               (24 chars, 5 words)
        sentences T0 [0,12) T1 [13,24); one paragraph; tokens Jobs0 are1 up2 .3 Rivals4 lie5 .6
    d3  "Nothing coded here."                                                    (19 chars, 3 words)

    attributes: d1 outlet=Daily date=2024-03-01 (ISO week 2024-W09); d2 outlet=Weekly
                date=2024-03-15 (2024-W11); d3 outlet=daily, no date
    codes: claim, attack, attack > insult, fairness
    Ana: a1 claim d1 [0,11) "Taxes rose."        a6 claim d1 [6,21) "rose. They lied"
         a2 attack d1 [12,28) "They lied to us!"  a3 insult d1 [17,21) "lied"
         a4 claim d1 [29,47) "We will cut taxes." a5 attack d2 [13,24) "Rivals lie."
    Ben: b1 claim d1 [0,11)   b2 insult d1 [12,28)   b3 attack d1 [49,67) "The rivals failed."
         b4 claim d2 [0,12) "Jobs are up."         b5 fairness d2 [0,24) (all of d2)
"""
from __future__ import annotations

import random
from pathlib import Path

from annotator.packages import EMPTY_SCHEME
from annotator.project import Project

D1 = "Taxes rose. They lied to us!\nWe will cut taxes.\n\nThe rivals failed."
D2 = "Jobs are up. Rivals lie."
D3 = "Nothing coded here."
HAND_ANNOTATIONS = [  # (coder, document, code, start, end)
    ("Ana", "d1", "claim", 0, 11), ("Ana", "d1", "claim", 6, 21), ("Ana", "d1", "attack", 12, 28),
    ("Ana", "d1", "insult", 17, 21), ("Ana", "d1", "claim", 29, 47), ("Ana", "d2", "attack", 13, 24),
    ("Ben", "d1", "claim", 0, 11), ("Ben", "d1", "insult", 12, 28), ("Ben", "d1", "attack", 49, 67),
    ("Ben", "d2", "claim", 0, 12), ("Ben", "d2", "fairness", 0, 24),
]


def build_hand_study(path: Path) -> Path:
    with Project.create(path, scheme=EMPTY_SCHEME) as project:
        for name, text in (("d1", D1), ("d2", D2), ("d3", D3)):
            project.import_text(text, name)
        project.set_document_attributes("d1", {"outlet": "Daily", "date": "2024-03-01"})
        project.set_document_attributes("d2", {"outlet": "Weekly", "date": "2024-03-15"})
        project.set_document_attributes("d3", {"outlet": "daily"})
        project.add_code("claim")
        attack = project.add_code("attack")
        project.add_code("insult", parent=attack)
        project.add_code("fairness")
        for coder in ("Ana", "Ben"):
            project.add_coder(coder)
        for coder, doc, code, start, end in HAND_ANNOTATIONS:
            project.annotate(doc, start, end, code, coder)
    return path


_WORDS = "the rivals lied taxes rose we will cut jobs are up fair unfair crime fell".split()
_MARKS = [". ", "! ", "? ", ", ", " ", " ", " ", " ", "\n", "\n\n", "\n  \n"]


def random_text(rng: random.Random) -> str:
    pieces = [rng.choice(_WORDS).capitalize()]
    for _ in range(rng.randrange(15, 70)):
        pieces.append(rng.choice(_MARKS))
        pieces.append(rng.choice(_WORDS))
    return "".join(pieces) + "."


def build_random_study(path: Path, seed: int) -> Path:
    """Random texts (sentences, line breaks, blank lines), a three-level codebook, three coders,
    attributes (some missing, some not dates) and random spans, whitespace-only ones included."""
    rng = random.Random(seed)
    with Project.create(path, scheme=EMPTY_SCHEME) as project:
        texts = [random_text(rng) for _ in range(rng.randrange(4, 8))]
        for i, text in enumerate(texts):
            project.import_text(text, f"doc{i}")
            project.set_document_attributes(f"doc{i}", _random_attributes(rng))
        codes = []
        for name in ("claim", "attack", "appeal", "insult", "irony", "evidence"):
            parent = rng.choice([None, None, *codes])
            codes.append(project.add_code(name, parent=parent))
        coders = [project.add_coder(name) for name in ("Ana", "Ben", "Cleo")]
        with project.batch():
            for _ in range(rng.randrange(30, 70)):
                doc = rng.randrange(len(texts))
                start = rng.randrange(len(texts[doc]) - 1)
                end = min(len(texts[doc]), start + rng.randrange(1, 40))
                project.annotate(f"doc{doc}", start, end, rng.choice(codes), rng.choice(coders))
    return path


def _random_attributes(rng: random.Random) -> dict:
    attributes = {}
    if rng.random() < 0.8:
        attributes["outlet"] = rng.choice(["Daily", "daily", "Weekly", "Herald", 7, 7.0, 12])
    choice = rng.random()
    if choice < 0.7:
        attributes["date"] = f"{rng.choice([2020, 2021, 2024])}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    elif choice < 0.85:
        attributes["date"] = "sometime in spring"
    return attributes
