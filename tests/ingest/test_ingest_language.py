"""The offline language check: English (also lower-cased, noisy, short) vs. other languages."""
import json
from pathlib import Path

import pytest

from protestwatch.ingest.language import detect_language, guess_language

IPE = Path(__file__).resolve().parents[3] / "shared" / "eval" / "indiapoliceevents" / "docs.jsonl"


@pytest.mark.parametrize("text", [
    "lucknow: the all-india babri masjid action committee (aibmac) has sought a ban on vhp-sponsored "
    "march 15 programme at the acquired land in ayodhya. holding a state-level meeting on saturday, "
    "aibmac convenor jafrayab jilani said the proposed â€˜bhoomi pujanâ€™ would be in violation.",
    "Police in Almaty detained activist Serik Azhibai on August 3 after he staged a one-man protest "
    "outside the Chinese consulate, his lawyer said.",
    "POLICE DETAIN 12 ACTIVISTS IN MINSK AS PROTESTS ENTER THIRD WEEK",
    "Activist Серик Ажибай was fined 50,000 tenge by a court in Almaty on Tuesday, his lawyer said.",
    "Protesters rally in the capital",
])
def test_detect_language_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("text", "code", "label"), [
    ("Полиция задержала активиста в Алматы в понедельник. Суд оштрафовал его на 50 тысяч тенге, "
     "сообщил его адвокат.", "ru", "Russian/Cyrillic"),
    ("Поліція затримала активіста в Києві. Його оштрафували, повідомив адвокат, і він не погодився з "
     "рішенням суду, яке є незаконним.", "uk", "Ukrainian/Cyrillic"),
    ("警方周一在北京拘留了三名抗议者，他们的律师说。", "zh", "Chinese"),
    ("اعتقلت الشرطة ثلاثة متظاهرين في القاهرة يوم الاثنين", "ar", "Arabic-script"),
    ("La police a arrêté le militant lundi dans la ville, selon les témoins qui étaient sur place "
     "pour la manifestation contre le gouvernement.", "fr", "French"),
    ("La policía detuvo a los manifestantes en la capital el lunes, según los testigos que estaban "
     "en la plaza para la protesta contra el gobierno.", "es", "Spanish"),
    ("Die Polizei hat am Montag in der Hauptstadt mehrere Demonstranten festgenommen, die gegen die "
     "Regierung protestiert hatten, wie ein Sprecher sagte.", "de", "German"),
])
def test_guess_language_other(text, code, label):
    guess = guess_language(text)
    assert (guess.code, guess.label) == (code, label)
    assert not guess.is_english


@pytest.mark.parametrize("text", ["Kazakh police detain activist", "12345 ---", "Serik Azhibai"])
def test_detect_language_unknown_for_too_little_evidence(text):
    assert detect_language(text) == "unknown"


@pytest.mark.skipif(not IPE.exists(), reason="../shared/eval/indiapoliceevents is absent")
def test_detect_language_indiapoliceevents_all_english():
    codes = {}
    with IPE.open(encoding="utf-8") as handle:
        for line in handle:
            code = detect_language(json.loads(line)["doc_text"])
            codes[code] = codes.get(code, 0) + 1
    assert set(codes) == {"en"}, codes
