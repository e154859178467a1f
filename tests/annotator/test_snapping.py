"""Snapping joins what is written attached to a span (annotator/attached.py): a table of texts,
selections and the spans they snap to, in several languages and scripts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.nlp import get_services

# (language, text, the selected characters, what the selection snaps to); both are found by their
# first occurrence in the text.
CASES = [
    # numbers and their signs
    ("en", "Arrests are up 50% this year.", "up 50", "up 50%"),
    ("en", "Arrests are up 50% this year.", "5", "50%"),
    ("en", "It costs $4.2bn in all.", "4.2", "$4.2bn"),
    ("en", "A credit of €180 a year.", "180", "€180"),
    ("en", "Fares cost £3,000 now.", "3,0", "£3,000"),
    ("en", "It was 5°C outside.", "5", "5°C"),
    ("en", "Only 10km away.", "10", "10km"),
    ("en", "A budget of $50m for it.", "50", "$50m"),
    ("en", "Thirty 30 € coins.", "30", "30"),                       # an ordinary space separates
    ("fr", "Une hausse de 20\u202f% cette année.", "20", "20\u202f%"),  # a narrow no-break space binds
    ("de", "Es kostet 30\u00a0€ im Monat.", "30", "30\u00a0€"),
    ("de", "Die Quote stieg auf 12,5%.", "12", "12,5%"),
    ("ar", "ارتفعت الاعتقالات بنسبة 50٪ في المدينة", "50", "50٪"),
    ("he", "המחיר עלה ב-50% השנה", "50", "ב-50%"),
    ("hi", "कीमत 50% बढ़ी और ₹200 हुई", "200", "₹200"),
    ("zh", "价格上涨了50%，在东京。", "5", "50%"),
    ("zh", "价格上涨了50%，在东京。", "了", "了"),                     # a letter before a number stays apart
    # hyphenated words; dashes separate
    ("en", "A well-known fact.", "known", "well-known"),
    ("en", "The by-election result.", "by", "by-election"),
    ("ru", "Говорит по-русски хорошо.", "русски", "по-русски"),
    ("fr", "C’est-à-dire rien.", "est", "C’est-à-dire"),
    ("en", "The Kessbury–Dunmore line.", "Kessbury", "Kessbury"),
    # apostrophes
    ("en", "They don't care.", "do", "don't"),
    ("en", "The people's plan.", "people", "people's"),
    ("en", "Well, it’s over.", "it", "it’s"),
    ("fr", "Voilà l’État moderne.", "État", "l’État"),
    ("en", "The teachers’ union met.", "teachers", "teachers’"),
    ("en", "She called it ‘a tax’ again.", "a tax", "a tax"),        # here ’ closes a quote
    ("en", "She called it ‘a tax’ again.", "‘a tax", "‘a tax’"),
    # quotes and brackets: the partner joins, an unpaired one does not
    ("en", "A “tax on the countryside”.", "“tax on the countr", "“tax on the countryside”"),
    ("en", "A “tax on the countryside”.", "tax on the countryside”", "“tax on the countryside”"),
    ("en", "A “tax on the countryside”.", "countryside", "countryside"),
    ("en", "A “tax on the countryside”.", "“tax on the", "“tax on the"),        # the partner is not at the edge
    ("en", "It never (see above.) did.", "(see above", "(see above.)"),
    ("en", "It never (see above) did.", "see above)", "(see above)"),
    ("en", "He said \"no way\" twice.", "\"no wa", "\"no way\""),
    ("en", "Up (50%) now.", "(50", "(50%)"),
    ("de", "Das ist „gut“, sagt er.", "„gut", "„gut“"),
    ("de", "»Nein«, sagte er.", "»Nein", "»Nein«"),
    ("fr", "Il a dit « non » hier.", "« non", "« non"),                # spaced guillemets do not touch
    ("fr", "Il a dit «non» hier.", "«non", "«non»"),
    ("es", "¿Qué pasa? Nada.", "¿Qué pa", "¿Qué pasa?"),
    ("es", "¡Sí! Claro.", "Sí!", "¡Sí!"),
    ("ar", "قال «المدينة» أمس", "«المدينة", "«المدينة»"),
    # hashtags
    ("en", "Posted with #MeToo today.", "MeToo", "#MeToo"),
]


def _find(text, fragment):
    start = text.index(fragment)
    return start, start + len(fragment)


@pytest.mark.parametrize("language, text, selected, expected", CASES,
                         ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_snapping_joins_what_is_written_attached(language, text, selected, expected):
    services = get_services(language)
    snapped = services.snap(text, *_find(text, selected))
    assert text[slice(*snapped)] == expected
    assert snapped == _find(text, expected)
    assert services.snap(text, *snapped) == snapped     # snapping a snapped span changes nothing


SIGNS = st.sampled_from(["ab", "5", "50", " ", "\n", "%", "$", "-", "–", "'", "’", "‘", "(", ")", "“", "”", "„",
                         "«", "»", "\"", ".", "?", "¿", "#", "\u00a0", "°", "km"])


@settings(max_examples=400, deadline=None)
@given(st.lists(SIGNS, max_size=30).map("".join), st.data())
def test_snapping_with_attached_signs_is_stable_and_never_crosses_a_space(text, data):
    services = get_services("en")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    snapped = services.snap(text, start, end)
    assert services.snap(text, *snapped) == snapped
    if text[start:end].strip():
        assert snapped[0] <= start + (len(text[start:end]) - len(text[start:end].lstrip()))
        assert text[slice(*snapped)] == text[slice(*snapped)].strip()
        outside = text[snapped[0]:start] + text[end:snapped[1]]
        assert not any(c.isspace() and c != "\u00a0" for c in outside)


def test_a_quote_partner_inside_a_token_widens_to_that_token_at_once():
    # Found by the property test above: spaCy keeps '."ab' as one token, so taking the partner of
    # the opening quote ended the span inside a token and snapping it again widened it.
    services = get_services("en")
    text = '"."ab'
    snapped = services.snap(text, 0, 1)
    assert snapped == (0, 5)
    assert services.snap(text, *snapped) == snapped
