"""Boilerplate candidates (issue 15, method 4): lines repeated within an outlet or site, and
tails after markers such as "You may also like"; offsets in code points of the stored text."""
from annotator.assist.boilerplate import MARKERS, Page, boilerplate_spans, find_boilerplate, group_of, read_pages

NAV = "Home | Politics | Sport | Weather and more"
FOOTER = "© Daily Post Ltd. All rights reserved."


def article(body: str, nav: str = NAV, footer: str = FOOTER) -> str:
    return f"{nav}\n\n{body}\n\n{footer}\n"


def add(project, text: str, name: str, **attributes) -> int:
    document_id = project.import_text(text, name).document_id
    if attributes:
        project.set_document_attributes(document_id, attributes)
    return document_id


def spans_of(found, document_id):
    return [(start, end) for doc, start, end, _score, _reason in found if doc == document_id]


def test_lines_repeated_within_one_outlet_are_found_not_across_outlets(empty_project):
    daily = [add(empty_project, article(f"Story number {word} about the budget vote."), f"d{word}.txt",
                 outlet="Daily Post") for word in ("one", "two", "three")]
    other = add(empty_project, article("A story in another paper about the budget."), "other.txt",
                outlet="Evening Star")
    found = boilerplate_spans(empty_project.store.conn)
    for document_id in daily:
        text = empty_project.document(document_id).text
        assert [text[s:e] for s, e in spans_of(found, document_id)] == [NAV, FOOTER]
    assert spans_of(found, other) == []           # same lines, but alone in its outlet
    assert {reason for _d, _s, _e, _score, reason in found} == {"line in 3 of 3 documents of outlet 'Daily Post'"}


def test_score_is_the_share_of_the_group_holding_the_line(empty_project):
    first = add(empty_project, article("First story about a strike at the port."), "a.txt", outlet="Daily Post")
    add(empty_project, article("Second story about the harbour master."), "b.txt", outlet="Daily Post")
    add(empty_project, article("Third story without the usual footer.", footer="Printed by the union press."),
        "c.txt", outlet="Daily Post")
    found = boilerplate_spans(empty_project.store.conn, documents=[first])
    text = empty_project.document(first).text
    scores = {text[s:e]: score for _d, s, e, score, _r in found}
    assert scores == {NAV: 1.0, FOOTER: 2 / 3}
    assert all(0 <= score <= 1 for score in scores.values())


def test_short_lines_number_lines_and_lines_in_one_document_only_are_not_boilerplate(empty_project):
    body = "Read on\n12.03.2024 – 14:00\nThe council met on Monday to discuss the new rail line."
    first = add(empty_project, body + "\nOnly this paper prints this long closing line.", "a.txt", outlet="P")
    add(empty_project, body.replace("Monday", "Tuesday"), "b.txt", outlet="P")
    assert boilerplate_spans(empty_project.store.conn, documents=[first]) == []


def test_documents_without_outlet_group_by_site_and_without_either_by_nothing(empty_project):
    by_url = [add(empty_project, article(f"Report {n} on the floods in the valley."), f"u{n}.txt",
                  url=f"https://www.example.org/news/{n}") for n in (1, 2)]
    loose = [add(empty_project, article(f"Loose text {n} with the same navigation."), f"l{n}.txt") for n in (1, 2)]
    found = boilerplate_spans(empty_project.store.conn)
    for document_id in by_url:
        assert len(spans_of(found, document_id)) == 2
        assert "site 'example.org'" in found[0][4]
    assert all(spans_of(found, document_id) == [] for document_id in loose)


def test_group_of_reads_the_attribute_then_url_source_and_source_path():
    assert group_of({"outlet": "Le Monde", "url": "https://a.fr/x"}, None, "outlet") == ("outlet", "Le Monde")
    assert group_of({"outlet": " ", "URL": "https://www.a.fr/x"}, None, "outlet") == ("site", "a.fr")
    assert group_of({"source": "http://B.example/x"}, None, "outlet") == ("site", "b.example")
    assert group_of({}, "https://c.example/page.html", "outlet") == ("site", "c.example")
    assert group_of({"source": "Reuters"}, "texts/page.html", "outlet") is None
    assert group_of({"paper": 7}, None, "paper") == ("paper", "7")


def test_the_tail_after_a_marker_is_found(empty_project):
    body = ("The minister resigned on Tuesday after weeks of pressure from her own party.\n"
            "She said the decision had been hard but necessary.\n"
            "You may also like\n"
            "Ten gardens to visit this spring\n"
            "Why rents keep rising\n")
    document_id = add(empty_project, body, "a.txt")
    found = boilerplate_spans(empty_project.store.conn)
    text = empty_project.document(document_id).text
    ((doc, start, end, score, reason),) = found
    assert text[start:end] == "You may also like\nTen gardens to visit this spring\nWhy rents keep rising"
    assert score == start / len(text.rstrip())
    assert reason == "tail after “You may also like”"


def test_a_marker_early_in_the_text_or_inside_a_long_line_is_not_a_tail():
    early = "Read more\nThe committee heard evidence from twelve witnesses over three long days in May."
    prose = ("The committee heard evidence from twelve witnesses over three long days in May.\n"
             "Read more about the witnesses and their evidence in the full report that the committee "
             "published on its website last week.")
    assert find_boilerplate([Page(1, early, None), Page(2, prose, None)]) == []


def test_markers_in_other_languages_and_after_bullets():
    text = ("Der Bundestag hat am Donnerstag das neue Gesetz zur Grundsteuer beschlossen.\n"
            "» Lesen Sie auch: Was die Reform für Mieter bedeutet\n"
            "Kommentar: Ein Gesetz mit Lücken\n")
    ((_doc, start, _end, _score, _reason),) = find_boilerplate([Page(1, text, None)])
    assert text[start:].startswith("» Lesen Sie auch")
    assert {"lire aussi", "lesen sie auch", "te puede interesar", "related articles"} <= set(MARKERS)


def test_overlapping_and_adjacent_candidates_merge_into_one_span(empty_project):
    tail = "Related articles\nA story you did not ask for at all"
    ids = [add(empty_project, f"Article {n} tells of the long strike at the car plant.\n"
                              f"The union and the firm met again {n} times to talk.\n{FOOTER}\n{tail}",
               f"{n}.txt", outlet="Daily Post") for n in (1, 2)]
    found = boilerplate_spans(empty_project.store.conn)
    text = empty_project.document(ids[0]).text
    (start, end), = spans_of(found, ids[0])
    assert text[start:end] == f"{FOOTER}\n{tail}"
    reason = [r for d, *_rest, r in found if d == ids[0]][0]
    assert reason.split("; ") == ["line in 2 of 2 documents of outlet 'Daily Post'", "tail after “Related articles”"]


def test_offsets_are_code_points_of_the_stored_text_with_emoji_and_crlf(empty_project):
    nav = "🏠 Home 😀 | Politik 🇩🇪 | Sport und Wetter"
    ids = [add(empty_project, f"{nav}\r\n\r\nArtikel {n}: Café\u0301 👩\u200d👩\u200d👧 über die Wahl.\r\n"
                              f"Weitere Artikel\r\nNoch eine Geschichte\r\n", f"{n}.txt", outlet="Taz")
           for n in (1, 2)]
    found = boilerplate_spans(empty_project.store.conn)
    for document_id in ids:
        text = empty_project.document(document_id).text
        assert "\r" not in text
        spans = spans_of(found, document_id)
        assert [text[s:e] for s, e in spans] == [nav, "Weitere Artikel\nNoch eine Geschichte"]
        assert spans[0] == (0, len(nav))


def test_candidates_only_for_the_chosen_documents_but_groups_over_all(empty_project):
    ids = [add(empty_project, article(f"Story {n} about the harbour and its new cranes."), f"{n}.txt",
               outlet="Daily Post") for n in (1, 2, 3)]
    found = boilerplate_spans(empty_project.store.conn, documents=[ids[1]])
    assert {doc for doc, *_ in found} == {ids[1]}
    assert all(score == 1.0 for *_s, score, _r in found)


def test_results_are_in_document_order_and_deterministic(empty_project):
    for n in (3, 1, 2):
        add(empty_project, article(f"Story {n} about the harbour and its new cranes."), f"{n}.txt", outlet="P")
    conn = empty_project.store.conn
    found = boilerplate_spans(conn)
    assert found == sorted(found, key=lambda c: (c[0], c[1])) == boilerplate_spans(conn)
    assert [page.id for page in read_pages(conn)] == sorted(page.id for page in read_pages(conn))
