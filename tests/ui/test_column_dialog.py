"""Importing a spreadsheet corpus asks which column is the text and which the name."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget

from ui.coding.column_dialog import ColumnDialog, ask_columns

CSV = ('id;headline;body;outlet\n'
       '1;Buses cut;"The council cut two bus lines.\nRiders were not asked.";Daily Post\n'
       '2;Crime down;Crime has fallen by a third.;The Ledger\n')


def write_csv(folder: Path) -> Path:
    path = folder / "news.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_the_dialog_guesses_from_the_header_and_refuses_one_column_for_both(qtbot, tmp_path):
    dialog = ColumnDialog(tmp_path / "x.csv", ["Title", "Content", "date"], [["A", "long text here", "2024"]])
    qtbot.addWidget(dialog)
    assert dialog.columns() == ("Content", "Title")
    assert dialog.findChild(QTableWidget, "columnPreview").item(0, 1).text() == "long text here"
    dialog.choose("Title", "Title")
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled() and "different columns" in dialog.problem.text()
    dialog.choose("Content")
    assert ok.isEnabled() and dialog.columns() == ("Content", None)


def test_the_longest_column_is_the_guess_when_no_name_says_text(qtbot, tmp_path):
    dialog = ColumnDialog(tmp_path / "x.csv", ["a", "b"], [["short", "a much longer cell of text"]])
    qtbot.addWidget(dialog)
    assert dialog.columns() == ("b", None)


def test_importing_a_csv_imports_one_document_per_row_with_the_chosen_columns(qtbot, window, sample_project,
                                                                              monkeypatch, tmp_path):
    path = write_csv(tmp_path)
    asked = []

    def choose_and_accept(dialog):
        asked.append([dialog.text_combo.itemText(i) for i in range(dialog.text_combo.count())])
        dialog.choose("body", "headline")
        return QDialog.Accepted

    monkeypatch.setattr(ColumnDialog, "exec", choose_and_accept)
    job = window.import_paths([str(path)], show_dialog=False)          # as File › Import Files or a drop
    with qtbot.waitSignal(job.done, timeout=30000) as done:
        pass
    assert asked == [["id", "headline", "body", "outlet"]]
    assert [r.status for r in done.args[0]] == ["imported", "imported"]
    buses = next(d for d in sample_project.documents() if d.name == "Buses cut")
    assert buses.text == "The council cut two bus lines.\nRiders were not asked."
    assert sample_project.document_attributes(buses) == {"id": "1", "outlet": "Daily Post", "source_row": 2}
    assert window.document_model.row_of(buses.id) >= 0


def test_cancelling_leaves_the_spreadsheet_out_and_keeps_the_other_files(qtbot, monkeypatch, tmp_path):
    path = write_csv(tmp_path)
    text = tmp_path / "a.txt"
    text.write_text("A text.\n", encoding="utf-8")
    monkeypatch.setattr(ColumnDialog, "exec", lambda dialog: QDialog.Rejected)
    assert ask_columns(None, [str(text), str(path)]) == ([str(text)], {})
    assert ask_columns(None, [str(tmp_path)]) == ([str(tmp_path)], {})      # a folder's .csv is not asked about
