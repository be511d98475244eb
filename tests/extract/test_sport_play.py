"""The sense step's sport-play rule (nlp/sense.py: sport_play_step) on texts of its own, no model."""
from protestwatch.nlp.sense import article_evidence, sport_play_step

PAGE = ("Kovac beat Lindqvist 6-4, 3-6, 7-5 in the quarter-finals of the tennis tournament in Madrid on Tuesday. "
        "{sentence} The seed next meets the champion in the semi-final of the tournament on Friday.")


def _step(sentence: str, word: str) -> bool:
    text = PAGE.format(sentence=sentence)
    art = article_evidence(text)
    start = text.index(word)
    u0, u1 = next((a, b) for a, b in art.units if a <= start < b)
    return sport_play_step(art, art.low[u0:u1], start, start + len(word), word)


def test_a_players_protest_to_the_umpire_is_play():
    assert _step("At 5-5 Lindqvist protested to the umpire about a line call.", "protested")


def test_rallying_from_a_score_down_is_play():
    assert _step("Kovac trailed by a set and 5-3 before rallying to win four straight games.", "rallying")


def test_a_protest_outside_the_ground_with_the_score_far_off_is_not_play():
    assert not _step("Outside the stadium, about 200 local residents protested against the organisers over "
                     "ticket prices before a match that the home favourite later won 6-1, 6-2.", "protested")


def test_off_a_sports_page_nothing_is_play():
    text = "Police said 300 people protested to the governor in Almaty on Monday over a 5-3 vote in the council."
    art = article_evidence(text)
    start = text.index("protested")
    assert not sport_play_step(art, art.low, start, start + len("protested"), "protested")


def test_a_round_up_heading_is_no_event_of_its_own():
    from protestwatch.nlp.sense import judge
    text = ("MARKETS: Shares rose.\n\nRALLY: The Himalayan Rally, a motorsport event, starts on Friday with 42 cars.\n\n"
            "PROTEST: Teachers staged a sit-in outside the ministry on Wednesday.")
    heads = [h for h in judge(text).hits if text[h.start:h.end].isupper()]
    assert heads and not any(h.keep for h in heads)
    assert any(h.keep for h in judge(text).hits if text[h.start:h.end] == "sit-in")
