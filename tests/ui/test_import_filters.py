"""The app's import dialog lists what the core reads: its filters come from the formats registry."""
from annotator.formats.registry import READERS
from ui.coding.column_dialog import is_spreadsheet
from ui.shared.dialogs import TEXT_FILTER


def test_the_import_dialog_offers_every_registered_reader():
    assert all(f"*{suffix}" in TEXT_FILTER for reader in READERS for suffix in reader.suffixes)
    assert TEXT_FILTER.startswith("Texts and corpora (") and TEXT_FILTER.endswith(";;All files (*)")


def test_only_corpus_files_ask_for_columns(tmp_path):
    for name in ("a.csv", "b.XLSX", "c.txt", "d.qdpx"):
        (tmp_path / name).write_bytes(b"x")
    assert [is_spreadsheet(tmp_path / n) for n in ("a.csv", "b.XLSX", "c.txt", "d.qdpx")] == [True, True, False, False]
    assert not is_spreadsheet(tmp_path / "missing.csv")
