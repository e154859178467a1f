"""Coding schemes: the JSON shape, validation before writing, merge by UUID."""
import json

import pytest

from annotator import Project
from annotator.codebook.scheme_json import default_scheme, flatten
from annotator.errors import SchemeError


def test_default_scheme_is_valid_and_documented():
    codes = flatten(default_scheme())
    assert [c.name for c in codes] == ["claim", "attack", "appeal to fairness", "boilerplate"]
    assert len({c.color for c in codes}) == 4
    assert all(len(c.description) > 150 for c in codes), "each code needs a one-paragraph definition"


@pytest.mark.parametrize("data,message", [
    ({"codes": []}, "not an annotator coding scheme"),
    ({"format": "annotator-scheme", "version": 99, "codes": []}, "version"),
    ({"format": "annotator-scheme", "version": 1, "codes": [{"name": ""}]}, "non-empty"),
    ({"format": "annotator-scheme", "version": 1, "codes": [{"name": "a", "color": "red"}]}, "#RRGGBB"),
    ({"format": "annotator-scheme", "version": 1, "codes": [{"name": "a", "shortcut": "1"},
                                                            {"name": "b", "shortcut": "1"}]}, "shortcut"),
    ({"format": "annotator-scheme", "version": 1, "codes": [{"name": "a"}, {"name": "A"}]}, "two codes named"),
    ({"format": "annotator-scheme", "version": 1, "codes": [{"name": "a", "uuid": "=HYPERLINK(\"http://x\")"}]},
     "code 'a' has the identifier .*not a UUID"),
    ({"format": "annotator-scheme", "version": 1,
      "codes": [{"name": "a", "children": [{"name": "b", "uuid": "@SUM(1)"}]}]},
     "code 'b' .*not a UUID"),
])
def test_bad_schemes_are_refused(data, message):
    with pytest.raises(SchemeError, match=message):
        flatten(data)


def test_nested_scheme_round_trip(tmp_path):
    scheme = {"format": "annotator-scheme", "version": 1, "name": "nested", "codes": [
        {"name": "stance", "color": "#112233", "codable": False, "children": [
            {"name": "for", "color": "#445566", "shortcut": "f"},
            {"name": "against", "color": "#778899", "shortcut": "a"}]}]}
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(scheme))
    with Project.create(tmp_path / "p.annot", scheme=path) as project:
        assert project.code_path("against") == "stance > against"
        assert not project.code("stance").codable
        exported = project.scheme()
    assert [c["name"] for c in exported["codes"][0]["children"]] == ["for", "against"]
    with Project.create(tmp_path / "q.annot", scheme=exported) as again:
        assert again.scheme()["codes"] == exported["codes"]


def test_import_conflicting_shortcut_changes_nothing(empty_project):
    before = empty_project.codes()
    clash = {"format": "annotator-scheme", "version": 1, "codes": [{"name": "new", "shortcut": "1"}]}
    with pytest.raises(SchemeError, match="already used"):
        empty_project.import_scheme(clash)
    assert empty_project.codes() == before


def test_project_with_a_malformed_scheme_file_is_not_created(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(SchemeError, match="not a JSON coding scheme"):
        Project.create(tmp_path / "p.annot", scheme=bad)
    assert not (tmp_path / "p.annot").exists()


def test_identifiers_from_outside_must_be_uuids(empty_project):
    from annotator.errors import AnnotatorError
    from annotator.uuids import parse_uuid

    canonical = "0f8fad5b-d9cb-469f-a165-70867728950e"
    for form in (canonical, canonical.upper(), "{" + canonical + "}", f" {canonical}\n"):
        assert parse_uuid(form) == canonical
    for bad in ("", "=HYPERLINK(\"http://x\")", "@SUM(1)", canonical + "0", canonical.replace("-", ""), None):
        assert parse_uuid(bad) is None
    with pytest.raises(AnnotatorError, match="Coder 'Ana' has the identifier '@SUM\\(1\\)', which is not a UUID"):
        empty_project.add_coder("Ana", uuid="@SUM(1)")
    assert empty_project.add_coder("Ana", uuid=canonical.upper()).uuid == canonical
