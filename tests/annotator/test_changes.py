"""The declared shape of commands and changes (annotator/changes.py): every command class of
the core applies itself to a connection and returns ``(inverse, Change)``; Group and SetMeta,
the pieces commands share, undo exactly."""
import dataclasses
import importlib
import inspect
import pkgutil

import annotator
from annotator import Project
from annotator.changes import Change, ChangeKind, Command, Group, SetMeta, merge_changes, read_meta


def _core_classes():
    for info in pkgutil.walk_packages(annotator.__path__, "annotator."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                yield cls


def _command_classes():
    """Every class of the core with an ``apply``, except the project (which applies commands)
    and bases whose subclasses are the commands."""
    return [cls for cls in _core_classes() if callable(getattr(cls, "apply", None))
            and cls not in (Project, Command) and not cls.__subclasses__()]


def _instance(cls):
    required = {f.name: "a label" if f.name == "label" else None for f in dataclasses.fields(cls)
                if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    return cls(**required)


def test_every_command_class_honours_the_command_protocol():
    classes = _command_classes()
    names = {cls.__name__ for cls in classes}
    assert {"AddAnnotation", "DeleteAnnotation", "RestoreAnnotation", "UpdateAnnotation", "AddCode", "RenameCode",
            "SchemePatch", "MergeCommand", "RestoreRows", "AcceptAnnotation", "AcceptAllAgreements",
            "RejectSegment", "ReopenSegment", "Group", "SetMeta", "SetMemo", "PutMemo", "AutoCode",
            "DeleteAnnotations", "RestoreAnnotations", "DeleteRound", "RestoreRound"} <= names
    for cls in classes:
        assert list(inspect.signature(cls.apply).parameters) == ["self", "conn"], cls
        command = _instance(cls)
        assert isinstance(command, Command) and isinstance(command.label, str), cls


def test_change_kinds_are_an_enum_not_strings():
    assert {k.name for k in ChangeKind} == {"ANNOTATION", "SCHEME", "ADJUDICATION", "MERGE", "CODERS", "DOCUMENTS",
                                                "MEMOS", "BULK", "SUGGESTIONS", "ROUNDS"}
    assert Change(1, (), ()).kind is ChangeKind.ANNOTATION
    assert ChangeKind.MERGE != "merge"   # a comparison with a string that was missed fails


def test_set_meta_and_its_inverse_restore_the_key_exactly(tmp_path):
    with Project.create(tmp_path / "p.annot") as project:
        inverse, change = project.apply(SetMeta("x.key", "1", ChangeKind.ADJUDICATION, 7))
        assert project.setting("x.key") == "1" and change == Change(7, (), (), ChangeKind.ADJUDICATION)
        redo, _ = project.apply(inverse)
        assert project.setting("x.key") is None and redo == SetMeta("x.key", "1", ChangeKind.ADJUDICATION, 7)
        with project.store.write() as conn:
            assert read_meta(conn, "x.key") is None


def test_a_group_is_one_step_undone_in_reverse_order(tmp_path):
    with Project.create(tmp_path / "p.annot") as project:
        steps = [SetMeta("k", "1", ChangeKind.ADJUDICATION), SetMeta("k", "2", ChangeKind.ADJUDICATION)]
        inverse, change = project.apply(Group(steps, "both", ChangeKind.ADJUDICATION))
        assert project.setting("k") == "2" and change.kind is ChangeKind.ADJUDICATION
        project.apply(inverse)
        assert project.setting("k") is None


def test_merged_changes_report_the_annotation_edits_among_them():
    edit = Change(3, ((0, 4),), ("u",))
    decision = Change(3, ((5, 9),), (), ChangeKind.ADJUDICATION)
    assert merge_changes([decision, edit], ChangeKind.ADJUDICATION) == edit
    assert merge_changes([decision], ChangeKind.ANNOTATION) == decision
    assert merge_changes([], ChangeKind.ADJUDICATION) == Change(0, (), (), ChangeKind.ADJUDICATION)
