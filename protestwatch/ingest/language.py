"""A cheap offline language check: is this text English news?

Two signals: the script of the letters (Cyrillic, CJK, Arabic... share) and the share of words that
are common function words of English or of a few other Latin-script languages. Case-blind, so
lower-cased noisy text (IndiaPoliceEvents) and short headlines pass.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters of a non-Latin script above this share make the text that script's language: an English
# article quoting a Cyrillic name or two stays far below it.
SCRIPT_SHARE = 0.3
# Below this many words a function-word count proves nothing.
MIN_WORDS = 12

ENGLISH = frozenset("""
a about after against all also an and any are as at be been before being but by can could did do
does during for from had has have he her his how i if in into is it its more most my no not of on
one or our out over said says she should since so some such than that the their them then there
these they this those through to under until up was we were what when where which while who whom
why will with would you
""".split())

# Function words frequent in each language and rare as English words.
OTHER = {
    "fr": ("French", frozenset("le la les des du un une et est dans pour que qui sur pas par avec "
                               "au aux ce cette sont ont été il elle ils nous vous leur mais ou".split())),
    "es": ("Spanish", frozenset("el la los las del un una y es en por que con para se su sus al "
                                "lo como pero más fue ha han este esta son muy".split())),
    "pt": ("Portuguese", frozenset("o os as do da dos das um uma e é em por que com para se não "
                                   "mais foi são ao na no nas nos pela pelo".split())),
    "de": ("German", frozenset("der die das und ist nicht ein eine zu den von mit sich des auf für "
                               "im dem wird sie es auch aus bei nach wurde".split())),
    "it": ("Italian", frozenset("il lo gli la le di del della che è e un una per con non sono nel "
                                "alla anche più ma come ha".split())),
    "nl": ("Dutch", frozenset("de het een en van is dat niet op te zijn met voor er maar ook "
                              "als bij nog wordt door naar".split())),
    "tr": ("Turkish", frozenset("ve bir bu da de için ile olarak çok daha gibi olan ama en sonra "
                                "kadar değil".split())),
    "id": ("Indonesian", frozenset("yang dan di ini itu dengan untuk tidak dari dalam akan pada "
                                   "juga ke karena oleh sudah ada".split())),
}

# Unicode name prefix of a letter -> (code, label) of the language it most likely means.
SCRIPTS = {
    "CYRILLIC": ("ru", "Russian/Cyrillic"),
    "CJK": ("zh", "Chinese"),
    "HIRAGANA": ("ja", "Japanese"),
    "KATAKANA": ("ja", "Japanese"),
    "HANGUL": ("ko", "Korean"),
    "ARABIC": ("ar", "Arabic-script"),
    "HEBREW": ("he", "Hebrew"),
    "GREEK": ("el", "Greek"),
    "DEVANAGARI": ("hi", "Devanagari/Hindi"),
    "GEORGIAN": ("ka", "Georgian"),
    "ARMENIAN": ("hy", "Armenian"),
    "THAI": ("th", "Thai"),
    "BENGALI": ("bn", "Bengali"),
    "TAMIL": ("ta", "Tamil"),
}
# Cyrillic letters that Russian lacks; their presence names the language more precisely.
CYRILLIC_HINTS = (("ң", "ұ", "қ", "ә", "ғ", "ө", "һ", "ү"), ("kk", "Kazakh/Cyrillic")), \
                 (("ї", "є", "ґ", "і"), ("uk", "Ukrainian/Cyrillic")), \
                 (("ў",), ("be", "Belarusian/Cyrillic"))

# The languages protestwatch reads (code -> name): each has a pipeline in settings.language_models.
SUPPORTED = {"en": "English", "ru": "Russian"}


def language_label(code: str) -> str:
    """"uk" -> "Ukrainian/Cyrillic (uk)": a code as people read it in a message."""
    labels = {c: label for c, label in SCRIPTS.values()} | {c: label for c, (label, _) in OTHER.items()}
    labels |= {c: label for _, (c, label) in CYRILLIC_HINTS}
    return f"{labels[code]} ({code})" if code in labels else repr(code)


_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SAMPLE_CHARS = 20_000


@dataclass(frozen=True)
class LanguageGuess:
    code: str          # ISO 639-1 code, or "unknown"
    label: str         # for messages: "Russian/Cyrillic"
    english_ratio: float

    @property
    def is_english(self) -> bool:
        return self.code == "en"


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the text's language ("en", "ru"...) or "unknown"."""
    return guess_language(text).code


def guess_language(text: str, *, min_english_ratio: float = 0.05) -> LanguageGuess:
    """Guess the language of a text from its script and its function words.

    1. Letters mostly of one non-Latin script: that script's language.
    2. Enough words: English when its function-word share is at least `min_english_ratio` and
       beats every other language's share; another language when that one clearly wins.
    3. Short texts (headlines): English when an English function word occurs at least as often as
       any other language's, else "unknown" (which callers accept: it is not evidence against).
    """
    sample = text[:SAMPLE_CHARS]
    script = _dominant_script(sample)
    if script is not None:
        code, label = script
        return LanguageGuess(code, label, 0.0)
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(sample)]
    if not words:
        return LanguageGuess("unknown", "unknown", 0.0)
    english = sum(w in ENGLISH for w in words) / len(words)
    others = {code: sum(w in vocab for w in words) / len(words) for code, (_, vocab) in OTHER.items()}
    best = max(others, key=others.get)
    if len(words) >= MIN_WORDS:
        if english >= min_english_ratio and english >= others[best]:
            return LanguageGuess("en", "English", english)
        if others[best] > english and others[best] >= 0.1:
            return LanguageGuess(best, OTHER[best][0], english)
        return LanguageGuess("unknown", "unknown", english)
    if english > 0 and english >= others[best]:
        return LanguageGuess("en", "English", english)
    return LanguageGuess("unknown", "unknown", english)


def _dominant_script(sample: str) -> tuple[str, str] | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        if ch < "\u0250":  # Basic Latin to Latin Extended-B
            continue
        name = unicodedata.name(ch, "")
        prefix = name.split(" ", 1)[0]
        counts[prefix] = counts.get(prefix, 0) + 1
    if not letters or not counts:
        return None
    kana = counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)
    if kana >= SCRIPT_SHARE * letters / 3:  # Japanese mixes kana with CJK ideographs
        counts["HIRAGANA"] = kana + counts.pop("CJK", 0)
    prefix, count = max(counts.items(), key=lambda item: item[1])
    if prefix not in SCRIPTS or count < SCRIPT_SHARE * letters:
        return None
    if prefix == "CYRILLIC":
        low = sample.lower()
        if low.count("і") >= 3 and low.count("ы") >= 3:  # "і" with "ы": Belarusian (Ukrainian has no "ы")
            return CYRILLIC_HINTS[2][1]
        for hints, guess in CYRILLIC_HINTS:
            if sum(low.count(h) for h in hints) >= 3:
                return guess
    return SCRIPTS[prefix]


def article_language(text: str, declared: str | None = None, *, min_english_ratio: float = 0.05) -> str | None:
    """The language an article is read in: the declared one ("ru", "ru-RU") when given, else the
    detected one; None when detection cannot tell (read as English). Raises ValueError with the
    one-line reason for a language protestwatch does not read."""
    code = (declared or "").strip().lower().replace("_", "-").split("-")[0] or None
    if code is not None:
        if code not in SUPPORTED:
            raise ValueError(f"declared language {language_label(code)} is not one protestwatch reads "
                             f"({', '.join(SUPPORTED.values())})")
        return code
    guess = guess_language(text, min_english_ratio=min_english_ratio)
    if guess.code not in SUPPORTED and guess.code != "unknown":
        raise ValueError(f"not English or Russian (looks like {guess.label} text); "
                         f"protestwatch reads {' and '.join(SUPPORTED.values())} news")
    return guess.code if guess.code in SUPPORTED else None
