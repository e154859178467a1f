"""The import report in the app: a project file imported in part (status "warning") is counted
and its details are shown, like a refusal, rather than passing as "imported"."""
from annotator.records import ImportResult
from ui.coding.import_flow import refusals, summarise


def test_a_partial_qdpx_import_is_counted_and_detailed():
    results = [ImportResult("a.txt", "imported", "a.txt: imported (3 characters)."),
               ImportResult("nvivo.qdpx", "warning", "nvivo.qdpx: …; warning: 12 of the file's 20 codings were not "
                                                      "imported")]
    assert summarise(results, cancelled=False) == ("1 imported, 0 already in the project, 0 refused. "
                                                   "1 imported in part (see the details).")
    assert refusals(results) == [results[1].message]
