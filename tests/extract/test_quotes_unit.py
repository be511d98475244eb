"""Quote spans: one notion of "inside a quote", computed once per document from quote_marks.tsv."""
from __future__ import annotations

import spacy

from protestwatch.extract.quotes import closed_quotes, in_quote, quote_marks, quote_spans


def make(text: str):
    return spacy.blank("en")(text)


def quoted_texts(doc) -> list[str]:
    return [doc.text[q.start:q.end] for q in closed_quotes(doc)]


def test_a_short_quote_does_not_pair_its_closing_mark_with_the_next_quote():
    # a pattern needing three characters inside used to open a quote at the closing mark of "LA"
    doc = make('Antonio "LA" Reid said: "I can think of no-one more relevant."')
    assert quoted_texts(doc) == ["I can think of no-one more relevant."]
    assert in_quote(doc, doc.text.index("LA"))
    assert not in_quote(doc, doc.text.index("Reid"))


def test_typographic_marks_and_guillemets_pair_like_straight_ones():
    doc = make("“Free them all,” she said. Протестующие скандировали «Свободу политзаключённым».")
    assert quoted_texts(doc) == ["Free them all,", "Свободу политзаключённым"]
    assert "«" in quote_marks("opens") and "»" in quote_marks("closes") and '"' in quote_marks("opens")


def test_a_quote_open_at_the_line_end_runs_to_it_and_no_further():
    doc = make('He said: "We will march again\nPolice detained 20 people.')
    assert in_quote(doc, doc.text.index("march"))
    assert not in_quote(doc, doc.text.index("Police"))
    assert quoted_texts(doc) == []  # not closed: no quote to attribute


def test_spans_are_computed_once_per_document():
    doc = make('"One two three four," he said.')
    first = quote_spans(doc)
    assert quote_spans(doc) is first
    assert doc.user_data["pw_quote_spans"] is first
