"""Rules (issue 15, method 2): a code's keywords, phrases and regular expressions live in the
codebook (checked in one place, versioned, logged, undoable), travel wherever the codebook goes
(scheme JSON, .qdc, the printed codebook, packages and their merge), and ``suggest --method
rules`` offers their hits extended to the hit, its sentence or its paragraph."""
import json

import pytest
from helpers import dump

from annotator import Project
from annotator.autocode import EXTENDS as AUTOCODE_EXTENDS
from annotator.cli import main
from annotator.codebook import SetRules
from annotator.codebook.files import export_codebook, import_codebook
from annotator.codebook.rules import EXTENDS, Rule, parse_line, rule_line
from annotator.errors import AnnotatorError, SchemeError
from annotator.merging import merge
from annotator.packages import make_package

SPEECH = ("The tax is unfair. Tax cuts are coming, they said.\n"
          "No more taxes here. The unfair  tax again.\n"
          "Nothing to see.")
OTHER = "A TAX on buses. Spending cuts."

TAX = {"kind": "keyword", "pattern": "tax", "case_sensitive": False, "extend": "hit"}
UNFAIR = {"kind": "phrase", "pattern": "unfair tax", "case_sensitive": False, "extend": "sentence"}
CUTS = {"kind": "regex", "pattern": r"\bcuts?\b", "case_sensitive": False, "extend": "paragraph"}


@pytest.fixture
def rules_study(tmp_path):
    path = tmp_path / "rules_study.annot"
    with Project.create(path) as project:
        project.import_text(SPEECH, "speech.txt")
        project.import_text(OTHER, "other.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
    return path


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


# ----------------------------------------------------------------------------- the one check
@pytest.mark.parametrize("rule, words", [
    ({"kind": "regex", "pattern": r"\bcut(s"}, "is not a valid regular expression"),
    ({"kind": "regex", "pattern": "a*"}, "can match empty text"),
    ({"kind": "regex", "pattern": r"\b"}, "can match empty text"),          # empty between two characters
    ({"kind": "regex", "pattern": "(?=x)"}, "can match empty text"),
    ({"kind": "regex", "pattern": "^|tax"}, "can match empty text"),
    ({"kind": "wordlist", "pattern": "tax"}, "not 'wordlist'"),
    ({"kind": "keyword", "pattern": "unfair tax"}, "is a phrase"),
    ({"kind": "keyword", "pattern": "tax", "extend": "page"}, "not 'page'"),
    ({"kind": "keyword", "pattern": "  "}, "needs a pattern"),
])
def test_a_bad_rule_is_refused_in_one_sentence_and_nothing_is_written(rules_study, rule, words):
    before = dump(rules_study)
    with Project.open(rules_study) as project:
        with pytest.raises(SchemeError) as caught:
            project.set_code_rules("claim", [TAX, rule])
    message = str(caught.value)
    assert words in message and "Rule 2 of code 'claim'" in message
    assert "\n" not in message and message.endswith(".") and message.count(". ") == 0
    assert dump(rules_study) == before


def test_rules_are_stored_canonical_and_a_rule_has_one_line_of_text(rules_study):
    with Project.open(rules_study) as project:
        rules = project.set_code_rules("claim", [UNFAIR, {"kind": "phrase", "pattern": " unfair \t tax ",
                                                          "extend": "sentence"}, TAX])
        assert rules == (Rule("phrase", "unfair tax", False, "sentence"), Rule("keyword", "tax"))   # one, twice
        assert [parse_line(rule_line(rule)) for rule in rules] == list(rules)
        assert parse_line("regex, paragraph, case-sensitive: \\bCuts?\\b") == \
            Rule("regex", "\\bCuts?\\b", True, "paragraph")
    assert EXTENDS == AUTOCODE_EXTENDS


def test_a_group_has_no_rules(rules_study):
    with Project.open(rules_study) as project:
        project.add_code("stance", codable=False)
        with pytest.raises(SchemeError, match="is a group"):
            project.set_code_rules("stance", [TAX])


# ----------------------------------------------------------------------------- a codebook edit
def test_a_rules_edit_is_versioned_logged_and_undone_exactly(rules_study):
    with Project.open(rules_study) as project:
        claim = project.code("claim")
        project.set_code_rules(claim, [TAX])
        version = project.scheme_version
        inverse, change = project.apply(SetRules(claim.uuid, [TAX, CUTS]))
        assert project.scheme_version == version + 1 and change.kind.name == "SCHEME"
        entry = project.scheme_log()[-1]
        assert (entry.action, entry.code_uuid, entry.scheme_version) == ("rules", claim.uuid, version + 1)
        assert [r.kind for r in project.code_rules(claim)] == ["keyword", "regex"]
        project.apply(inverse)
        assert project.code_rules(claim) == (Rule("keyword", "tax"),)
        assert (project.scheme_log()[-1].action, project.scheme_version) == ("undo rules", version + 2)


# ----------------------------------------------------------------------------- where the codebook goes
def test_rules_round_trip_through_a_scheme_file_and_a_qdc(rules_study, tmp_path):
    with Project.open(rules_study) as project:
        project.set_code_rules("claim", [TAX, UNFAIR, CUTS])
        project.set_code_rules("attack", [{"kind": "keyword", "pattern": "Lies", "case_sensitive": True}])
        expected = {code.name: project.code_rules(code) for code in project.codes()}
        scheme = project.scheme()
        assert [c["rules"] for c in scheme["codes"] if c["name"] == "claim"] == [[TAX, UNFAIR, CUTS]]
        export_codebook(project, tmp_path / "book.json")
        export_codebook(project, tmp_path / "book.qdc")
    for name in ("book.json", "book.qdc"):
        with Project.create(tmp_path / f"from-{name}.annot", scheme=None) as fresh:
            for code in fresh.codes():
                if fresh.code_rules(code):
                    fresh.set_code_rules(code, [])
            import_codebook(fresh, tmp_path / name)
            assert {code.name: fresh.code_rules(code) for code in fresh.codes()} == expected, name


def test_a_scheme_file_without_rules_keeps_the_codes_rules_and_one_with_bad_rules_changes_nothing(rules_study):
    with Project.open(rules_study) as project:
        project.set_code_rules("claim", [TAX])
        claim = project.code("claim")
        plain = {"uuid": claim.uuid, "name": "claim", "color": claim.color}
        project.import_scheme({"format": "annotator-scheme", "version": 1, "codes": [plain]})
        assert project.code_rules(claim) == (Rule("keyword", "tax"),)
    before = dump(rules_study)
    with Project.open(rules_study) as project:
        bad = {**plain, "rules": [{"kind": "regex", "pattern": "x?"}]}
        with pytest.raises(SchemeError, match="can match empty text"):
            project.import_scheme({"format": "annotator-scheme", "version": 1, "codes": [bad]})
    assert dump(rules_study) == before


def test_the_printed_codebook_lists_every_rule(rules_study, tmp_path):
    with Project.open(rules_study) as project:
        project.set_code_rules("claim", [TAX, UNFAIR, {**CUTS, "pattern": r"<b>cuts?"}])
        export_codebook(project, tmp_path / "book.md")
        export_codebook(project, tmp_path / "book.html")
    markdown = (tmp_path / "book.md").read_text("utf-8")
    assert "    keyword: tax\n    phrase, sentence: unfair tax\n    regex, paragraph: <b>cuts?\n" in markdown
    page = (tmp_path / "book.html").read_text("utf-8")
    assert "<li><code>phrase, sentence: unfair tax</code></li>" in page
    assert "<code>regex, paragraph: &lt;b&gt;cuts?</code>" in page and "<b>cuts" not in page


def test_a_package_carries_the_rules_and_a_rules_edit_in_it_merges_back(rules_study, tmp_path):
    with Project.open(rules_study) as lead:
        lead.set_code_rules("claim", [TAX])
        make_package(lead, "Ana", tmp_path / "ana.annot")
        with Project.open(tmp_path / "ana.annot") as package:
            assert package.code_rules("claim") == (Rule("keyword", "tax"),)
            package.set_code_rules("claim", [TAX, CUTS])
        report = merge(lead, [tmp_path / "ana.annot"])
        assert [(c.code, c.outcome) for c in report.codes] == [("claim", "applied")]
        assert "rules changed" in report.codes[0].detail
        assert [r.kind for r in lead.code_rules("claim")] == ["keyword", "regex"]


# ----------------------------------------------------------------------------- suggest --method rules
def _spans(project, coder):
    return sorted((s.document, project.document(s.document).text[s.start:s.end], s.code, s.model_version)
                  for s in project.suggestions(coder))


def test_suggest_rules_offers_each_code_its_hits_extended_once_for_one_coder(rules_study):
    with Project.open(rules_study) as project:
        project.set_code_rules("claim", [TAX, UNFAIR])
        project.set_code_rules("attack", [CUTS])
        version = f"codebook {project.scheme_version}"
        speech = project.document("speech.txt")
        start = SPEECH.index("Tax cuts")
        project.annotate(speech, start, start + 3, "claim", "Ana")          # coded already: not offered
        added = project.suggest("rules", "Ana")
        assert _spans(project, "Ana") == sorted([
            ("speech.txt", "tax", "claim", version),                         # keyword: the hit
            ("speech.txt", "The unfair  tax again.", "claim", version),      # phrase: its sentence
            ("other.txt", "TAX", "claim", version),                          # any case
            ("speech.txt", "The tax is unfair. Tax cuts are coming, they said.", "attack", version),
            ("other.txt", OTHER, "attack", version),                         # regex: the paragraph
        ])
        assert added.added == 5 and added.offered == 6
        assert project.suggest("rules", "Ana").added == 0                   # twice adds nothing
        assert project.suggestions("Ben") == []                             # for one coder only
        assert project.annotations(coder="Ana") and len(project.annotations()) == 1


def test_a_stored_rule_that_matches_empty_text_is_named_with_its_code_at_suggest_time(rules_study):
    with Project.open(rules_study) as project:     # stored before such rules were refused when set
        project.set_code_rules("attack", [CUTS])
        project.store.conn.execute("UPDATE codes SET rules = ? WHERE name = 'claim'",
                                   (json.dumps([TAX, {**TAX, "kind": "regex", "pattern": r"\b"}]),))
        project.store.conn.commit()
    before = dump(rules_study)
    with Project.open(rules_study) as project:
        with pytest.raises(AnnotatorError) as caught:
            project.suggest("rules", "Ana")
    assert "Rule 2 of code 'claim'" in str(caught.value) and "can match empty text" in str(caught.value)
    assert dump(rules_study) == before


@pytest.fixture
def backtracking_study(tmp_path):
    path = tmp_path / "backtracking_study.annot"
    with Project.create(path) as project:
        project.import_text("a" * 40 + "!", "ev.txt")
        project.add_coder("Ana")
    return path


@pytest.mark.timeout(60)
def test_a_rule_that_backtracks_for_ever_is_stopped_and_named_with_its_code(backtracking_study, capsys, monkeypatch):
    from annotator.assist import rules
    run(capsys, "rules", backtracking_study, "--code", "claim", "--add", r"regex: (a+)+$")   # as the finding had it
    assert run(capsys, "suggest", backtracking_study, "--coder", "Ana", "--method", "rules")[0] == 0
    run(capsys, "rules", backtracking_study, "--code", "attack", "--add", r"regex: (a|a)+$")   # slow for regex too
    monkeypatch.setattr(rules, "BUDGET", 0.3)
    before = dump(backtracking_study)
    status, out, err = run(capsys, "suggest", backtracking_study, "--coder", "Ana", "--method", "rules")
    assert status == 1 and len(err) == 1
    assert "The rule \"regex: (a|a)+$\" of code 'attack' took more than 0.3 seconds on 'ev.txt'" in err[0]
    assert dump(backtracking_study) == before


def test_suggest_rules_without_any_rule_says_how_to_add_some(rules_study):
    before = dump(rules_study)
    with Project.open(rules_study) as project:
        with pytest.raises(AnnotatorError, match="annotator rules PROJECT --code NAME --add"):
            project.suggest("rules", "Ana")
    assert dump(rules_study) == before


# ----------------------------------------------------------------------------- annotator rules
def test_the_rules_command_adds_lists_and_removes(rules_study, capsys):
    status, out, _ = run(capsys, "rules", rules_study, "--code", "claim", "--add", "keyword:tax",
                         "--add", "phrase: unfair tax", "--add", r"regex, paragraph: \bcuts?\b", "--extend", "sentence")
    assert status == 0 and out.startswith("claim: 3 rules (codebook version ")
    status, out, _ = run(capsys, "rules", rules_study)
    assert out.splitlines() == ["claim:", "  1  keyword, sentence: tax", "  2  phrase, sentence: unfair tax",
                                r"  3  regex, paragraph: \bcuts?\b", "3 rules."]
    status, out, _ = run(capsys, "info", rules_study, "--json")
    assert {c["name"]: c["rules"] for c in json.loads(out)["codes"]}["claim"] == 3
    assert "claim  #0072B2  (3 rules)" in run(capsys, "info", rules_study)[1]
    assert run(capsys, "rules", rules_study, "--code", "claim", "--remove", "1", "3")[0] == 0
    status, out, _ = run(capsys, "rules", rules_study, "--code", "claim", "--json")
    assert json.loads(out) == [{"code": "claim", "rules": [UNFAIR]}]
    assert run(capsys, "rules", rules_study, "--code", "claim", "--clear")[0] == 0
    with Project.open(rules_study) as project:
        assert project.code_rules("claim") == ()
    status, out, _ = run(capsys, "suggest", rules_study, "--coder", "Ana", "--method", "rules")
    assert status == 1


def test_one_add_takes_several_rules_as_the_readme_writes_it(rules_study, capsys):
    status, out, _ = run(capsys, "rules", rules_study, "--code", "claim", "--add", "keyword: tax",
                         r"regex, sentence: \bcuts?\b", "--add", "phrase: unfair tax")
    assert status == 0 and out.startswith("claim: 3 rules (codebook version ")
    with Project.open(rules_study) as project:
        assert [rule_line(rule) for rule in project.code_rules("claim")] == [
            "keyword: tax", r"regex, sentence: \bcuts?\b", "phrase: unfair tax"]


@pytest.mark.parametrize("args, words", [
    (["--code", "claim", "--add", "regex: a*"], "can match empty text"),
    (["--code", "claim", "--add", r"regex: \b"], "can match empty text"),
    (["--code", "claim", "--add", "regex: (?=x)"], "can match empty text"),
    (["--code", "claim", "--add", "regex: (a"], "is not a valid regular expression"),
    (["--code", "claim", "--add", "word: a"], "KIND keyword, phrase or regex"),
    (["--code", "claim", "--add", "keyword, page: a"], "not 'page'"),
    (["--code", "claim", "--remove", "4"], "there is no rule 4"),
    (["--code", "claim", "--remove", "0"], "--remove takes rule numbers"),
    (["--add", "keyword: a"], "--code NAME"),
    (["--extend", "sentence"], "go with --add"),
    (["--code", "clam", "--add", "keyword: a"], "claim"),
])
def test_the_rules_command_refuses_bad_input_in_one_sentence(rules_study, capsys, args, words):
    before = dump(rules_study)
    status, out, err = run(capsys, "rules", rules_study, *args)
    assert status == 1 and len(err) == 1 and words in err[0]
    assert dump(rules_study) == before
