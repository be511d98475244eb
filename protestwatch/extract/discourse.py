"""Discourse passes over all mentions of a document: what one sentence tells about the events of
another (dates and places stated once, a court named in the previous sentence, a denial of the
claim just reported, the client of a lawyer, the crowd of the sentence before)."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..data import load_lexicon, load_table
from ..data.triggers import trigger_index
from ..drafts import Arg, Draft, Mention
from ..nlp.grammar import grammar_for
from .arguments import add_participant
from .syntax import children_in, form, preposition_of, relation, trigger_span


COURT_NOUNS = {"court", "judge", "magistrate", "tribunal", "courts", "judges"}


AT_EVENT_PREPS = {"during", "at", "after", "for"}


def court_fallback(doc: Doc, draft: Draft) -> None:
    """"a Nairobi magistrate fined X" when the parse loses the subject: the court word just before."""
    for m in draft.mentions:
        if m.type not in ("sentence", "conviction", "trial") or any(a.role == "court" for a in m.args):
            continue
        tok = trigger_span(doc, m)
        if tok is None:
            continue
        sent = tok.root.sent
        court = next((t for t in reversed(list(doc[sent.start:tok.start])) if t.lower_ in COURT_NOUNS), None)
        if court is not None:
            add_participant(m.args, "court", court, draft)


DENY_VERBS = {"deny", "reject", "dismiss", "refute"}


DISPUTABLE = {"detention", "police_violence", "ban"}


def denials_of_previous(doc: Doc, draft: Draft, sent_index) -> None:
    """"He said he was beaten. The ministry denied that any officers had been involved.": an
    official denial of a claim reported just before it."""
    authorities = load_lexicon("authorities")
    for sent in doc.sents:
        deny = next((t for t in sent if t.lemma_.lower() in DENY_VERBS and t.pos_ == "VERB"), None)
        if deny is None:
            continue
        subj = next(iter(children_in(deny, "subject")), None)
        if subj is None or not ({t.lower_ for t in subj.subtree} & (authorities | {"ministry", "spokesman", "spokeswoman"})):
            continue
        i = sent_index[sent.start]
        if any(m.sent == i and m.type in DISPUTABLE for m in draft.mentions):
            continue  # it denies something in its own sentence
        for m in draft.mentions:
            if i - 2 <= m.sent < i and m.type in DISPUTABLE and m.modality == "alleged":
                m.modality = "denied"


CLIENT_WORDS = {"client", "clients"}


def victims_from_context(draft: Draft) -> None:
    """"Officers later used tear gas to clear the highway": the crowd of the sentence before."""
    crowd = None
    for m in draft.mentions:
        if m.type == "police_violence" and not any(a.role == "victim" for a in m.args) and crowd is not None \
                and 0 < m.sent - crowd[0] <= 2:
            m.args.append(crowd[1].model_copy(update={"role": "victim"}))
        for a in m.args:
            if a.role in ("protester", "victim") and a.kind == "group":
                crowd = (m.sent, a)


def clients_are_defendants(draft: Draft) -> None:
    """"her lawyer said her client would appeal", "a hearing on a fresh bail petition is set":
    the client, or a court step naming no one, concerns the defendant last named nearby."""
    last, last_para = None, -9
    for m in draft.mentions:
        for i, a in enumerate(m.args):
            if a.role == "defendant" and a.name.lower().split()[-1:] and (
                    a.name.lower().split()[-1] in CLIENT_WORDS or _is_lawyer(a, draft)):
                if last is not None:
                    m.args[i] = last.model_copy()
        if m.type in ("trial", "sentence", "conviction") and not any(a.role == "defendant" for a in m.args):
            client = _client_of_lawyer(draft, m)
            if client is not None:  # "Utepova's lawyer said an appeal hearing was scheduled"
                m.args.append(client)
            elif last is not None and m.para - last_para <= 1:
                m.args.append(last.model_copy())
        for a in m.args:
            if a.role in ("defendant", "detainee") and a.kind == "person":
                last, last_para = a.model_copy(update={"role": "defendant"}), m.para


LAWYER_BEFORE = re.compile(r"\b(?:lawyer|lawyers|attorney|attorneys|counsel|advocate|defender),?\s+$", re.I)


def _is_lawyer(a: Arg, draft: Draft) -> bool:
    """"her lawyer, Yevgeny Malkov, ... Malkov said he would appeal": the lawyer appeals for the
    client; a person introduced as someone's lawyer is no defendant."""
    surname = a.name.split()[-1]
    text = draft.article.text
    return a.kind == "person" and any(n.kind == "person" and n.text.split()[-1] == surname
                                      and LAWYER_BEFORE.search(text[max(0, n.start - 20):n.start])
                                      for n in draft.names)


LAWYER_AFTER = re.compile(r"^\s*(?:'s|’s|')\s+(?:lawyer|lawyers|attorney|attorneys|defence|defense|counsel)\b", re.I)


def _client_of_lawyer(draft: Draft, m) -> Arg | None:
    """The person whose lawyer speaks in the mention's line: "<Name>'s lawyer said ..."."""
    text = draft.article.text
    line_start = text.rfind("\n", 0, m.trigger.start) + 1
    line_end = text.find("\n", m.trigger.start)
    line_end = len(text) if line_end == -1 else line_end
    for n in draft.names:
        if n.kind == "person" and line_start <= n.start < line_end and LAWYER_AFTER.match(text[n.end:n.end + 20]):
            return Arg(role="defendant", name=n.text, kind="person", start=n.start, end=n.end, entity=n.key)
    return None


def reporting_authority(doc: Doc, draft: Draft) -> None:
    """"police said no one was detained": the police speak for the detentions they report."""
    authorities = load_lexicon("authorities")
    for m in draft.mentions:
        if m.type != "detention" or any(a.role == "authority" for a in m.args):
            continue
        span = trigger_span(doc, m)
        if span is None:
            continue
        for anc in span.root.ancestors:
            if anc.lemma_.lower() in ("say", "report", "confirm", "announce", "deny"):
                subj = next(iter(children_in(anc, "subject")), None)
                if subj is not None and subj.lower_ in authorities:
                    add_participant(m.args, "authority", subj, draft)
                break


def protest_of_party(doc: Doc, draft: Draft) -> None:
    """"fined X for ... during a protest", "arrested at the protest": X took part in it."""
    by_sent: dict[int, list[Mention]] = {}
    for m in draft.mentions:
        by_sent.setdefault(m.sent, []).append(m)
    patients = {"detention": "detainee", "sentence": "defendant", "conviction": "defendant", "charge": "defendant",
                "police_violence": "victim"}
    for m in draft.mentions:
        if m.type != "protest" or any(a.role == "protester" for a in m.args):
            continue
        span = trigger_span(doc, m)
        if span is None or grammar_for(doc).preposition_of(span.root) not in AT_EVENT_PREPS:
            continue
        for other in by_sent.get(m.sent, []):
            arg = next((a for a in other.args if a.role == patients.get(other.type)), None)
            if arg is not None:
                m.args.append(arg.model_copy(update={"role": "protester"}))
                break


AMONG = re.compile(r"\b(?:among (?:those|them|the \w+)(?: \w+)?|including|one of (?:them|those \w+))[ ,]+(?:(?:was|were|is|are)\s+)?", re.I)
GROUP_ROLES = {"detention": "detainee", "release": "released"}


def named_among_group(draft: Draft) -> None:
    """"Among those detained was Hanife Yildiz", "... released 290 marchers, including Sadia Baloch":
    the named person is one of the group, a participant of the group's event."""
    text = draft.article.text
    persons = [n for n in draft.names if n.kind == "person" or _personal_organization(n)]
    for m in AMONG.finditer(text):
        members, described_by = _listed_people(text, m.end(), persons)
        if not members or _names_other_group(m.group(0)):
            continue
        events = [x for x in draft.mentions if x.type in GROUP_ROLES and x.trigger.start < members[0].start
                  and any(a.role == GROUP_ROLES[x.type] and a.kind == "group" for a in x.args)]
        if not events:
            continue
        target = events[-1]
        # the parse hangs "sister of the poet X" on the list too: X is named by relation, no member
        target.args = [a for a in target.args if a.kind != "person" or not any(
            a.start == n.start or (a.entity and a.entity == n.key) for n in described_by)]
        for member in members:
            if member.kind != "person":
                member.kind = "person"  # "including Eva Forest, Lidia Falcón, ...": NER's organisations in a list of people
            if any(a.entity == member.key for a in target.args):
                continue
            target.args.append(Arg(role=GROUP_ROLES[target.type], name=member.text, kind="person",
                                   start=member.start, end=member.end, entity=member.key))


# Between two names of one list: separators and the lower-case descriptions of the next item
# ("the theatre director", "and his wife"), or a whole unnamed item ("and her relatives,").
LIST_GAP = re.compile(r"^[\s,]*(?:(?:and|or)\s+)?(?:[a-z][\w'’-]*[\s,]+){0,6}$")
# a word that ends the list: a clause goes on ("..., who were later freed") or a place, a time follows
LIST_END = {"who", "whom", "which", "that", "was", "were", "is", "are", "had", "has", "have", "said", "after",
            "before", "when", "while", "for", "on", "in", "at", "by", "from", "with", "to", "since", "but"}
RELATION_WORDS = {"of", "'s", "’s"}  # "wife of X", "X's lawyer": X is named by relation, not listed


def _listed_people(text: str, start: int, persons: list) -> tuple[list, list]:
    """The people of a list that starts at `start` ("including Eva Forest, wife of X, Mari Luz
    Fernandez and her relatives, the theatre director Vicente Sainz ..."): the first within 40
    characters, the next ones after separators and lower-case descriptions. A name after "of"
    (the wife of X) belongs to the item before it: the members, and the names items are described by."""
    out, described_by, prev_end = [], [], start
    for n in sorted((p for p in persons if p.start >= start), key=lambda p: p.start):
        gap = text[prev_end:n.start]
        words = set(re.findall(r"[a-z’']+", gap.lower()))
        started = bool(out or described_by)
        if started and (words & LIST_END or len(gap) > 60 or any(c in gap for c in ".;:\n()")):
            break
        if words & RELATION_WORDS:
            described_by.append(n)
        elif (not out and not described_by and len(gap) <= 40) or LIST_GAP.match(gap):
            out.append(n)
        else:
            break
        prev_end = n.end
    return out, described_by


def _personal_organization(name) -> bool:
    """An organisation by NER that reads as a person's name: two to four title-case words, none an
    organisation's word ("Eva Forest", not "Amnesty International")."""
    from .names import ORG_WORDS

    words = name.text.split()
    return name.kind == "organization" and 2 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words) \
        and not {w.lower() for w in words} & ORG_WORDS


def _names_other_group(phrase: str) -> bool:
    """"Among the protesters was X": a crowd whose event is no detention or release (a trigger
    word of another type), so X is no detainee."""
    words = re.findall(r"[a-z]+", phrase.lower())
    rows = trigger_index().get(words[-1], []) if words and words[-1] not in ("was", "were", "is", "are") else []
    if not rows and len(words) >= 2:
        rows = trigger_index().get(words[-2], [])
    return bool(rows) and not any(r[2] in GROUP_ROLES for r in rows)


def _charges_of_detainees(draft: Draft) -> None:
    """"arrested 18 people, most of them on charges of ...": the detainees are the defendants."""
    for m in draft.mentions:
        if m.type != "charge" or any(a.role == "defendant" for a in m.args):
            continue
        detainee = next((a for o in draft.mentions if o.sent == m.sent and o.type == "detention"
                         for a in o.args if a.role == "detainee"), None)
        if detainee is not None:
            m.args.append(detainee.model_copy(update={"role": "defendant"}))


def share_legal_parties(draft: Draft) -> None:
    """Court events of one sentence ("found X guilty on charges of ...") share defendant and court."""
    _charges_of_detainees(draft)
    legal = ("charge", "trial", "conviction", "sentence")
    by_sent: dict[int, list[Mention]] = {}
    for m in draft.mentions:
        if m.type in legal:
            by_sent.setdefault(m.sent, []).append(m)
    for group in by_sent.values():
        for role in ("defendant", "court"):
            donor = next((a for m in group for a in m.args if a.role == role), None)
            if donor is None:
                continue
            for m in group:
                if not any(a.role == role for a in m.args) and (role == "defendant" or m.type != "charge"):
                    m.args.append(donor.model_copy())


def inherit_context(draft: Draft) -> None:
    """A mention without a date or place of its own takes those of the previous mention in the
    same paragraph (wire copy states the date once: "X was detained on Monday. He was fined...")."""
    prev: Mention | None = None
    stated: set[str] = set()  # mentions whose date was stated for them or passed on from one that was
    for m in draft.mentions:
        if m.date_phrase is not None and not m.date_inherited:
            stated.add(m.id)
        # within one paragraph: across paragraphs the story has usually moved on
        if prev is not None and m.sent - prev.sent <= 2 and prev.para == m.para:
            weak = m.date_phrase is not None and m.id not in stated
            if (m.date_phrase is None or weak) and prev.date_phrase is not None and (prev.id in stated or not weak):
                m.date_phrase, m.date_inherited, m.tense = prev.date_phrase, True, prev.tense
                if prev.id in stated:
                    stated.add(m.id)
            if m.place_phrase is None and prev.place_phrase is not None and m.type not in ("sanction", "diplomatic_protest"):
                m.place_phrase, m.place_inherited = prev.place_phrase, True
        prev = m


REFERENCE_RELATIONS = ("determiner", "possessor", "adjective_modifier", "predeterminer")


def mark_references(doc: Doc, draft: Draft) -> None:
    """How each event noun refers: "the rally", "their march", "those detained", "the arrested
    marchers" point back to an event already told (definite); "a similar rally", "another protest"
    to a different one (distinct). Link merges by it; verbs keep None. Cues: lexicons/reference.tsv."""
    cues = {row[0]: row[1] for row in load_table("reference")}
    for m in draft.mentions:
        span = trigger_span(doc, m)
        if span is not None:
            m.reference = _reference(span.root, cues)
            if m.secondary and m.reference == "distinct":
                m.reference = None  # "two other protesters", "another demonstrator": other people, not another event


def _reference(head, cues: dict[str, str]) -> str | None:
    if head.pos_ in ("NOUN", "PROPN"):
        mods = [c for c in children_in(head, *REFERENCE_RELATIONS) if c.i < head.i]
        if any(cues.get(c.lower_) == "distinct" or c.ent_type_ == "ORDINAL" for c in mods):
            return "distinct"  # "a similar rally", "their 700th vigil"
        # "the rally" is the one just told; "the protests" is often the whole wave of them
        if form(head) in ("noun", "name") and any(relation(c) == "possessor" or cues.get(c.lower_) == "definite" for c in mods):
            return "definite"
        # "the three detentions", "the two arrests": a count of the events just told
        if children_in(head, "number") and any(
                relation(c) == "determiner" and c.lower_ in ("the", "these", "those") for c in mods):
            return "definite"
        return None
    if form(head) in ("past_participle", "past") and relation(head) in ("adjective_modifier", "clausal_modifier"):
        # "those detained", "the arrested marchers", "one of 38 people detained" (often tagged VBD):
        # the detention already told
        return "definite"
    return None


CONDITION_MARKS = {"if", "unless"}
NON_FACT = {"planned", "threatened", "hypothetical"}


def statements_not_facts(doc: Doc, draft: Draft) -> None:
    """What a sentence only supposes is no event of its own (issue 10, point 3); link lets it add
    evidence to an event told elsewhere ("a second protest" on Thursday) and drops it otherwise:
    - the condition of another event: "would be arrested if they marched" (the march);
    - who a warning is about: "organisers of new protests would be arrested" (the protests),
      "threatened to arrest relatives who continued the vigils" (the vigils).
    A kind of event named by a habit ("a group that monitors arrests") is generic and dropped.
    A warning's act itself stays, as threatened when a warning verb governs it and no condition does."""
    tokens = {}
    for m in draft.mentions:
        span = trigger_span(doc, m)
        if span is not None:
            tokens[m.id] = span.root
    for m in draft.mentions:
        head = tokens.get(m.id)
        if head is None:
            continue
        others = [o for o in draft.mentions if o is not m and o.sent == m.sent and o.id in tokens]
        if _habitual_object(head) or (m.type in TALLIED_TYPES and _statistic(head, draft.article.published)):
            m.generic = True  # "a group that monitors arrests", "has arrested more than 1,100 people since 2021"
        elif _in_condition(head, [tokens[o.id] for o in others]) or _describes_party(m, head, others, doc):
            m.supposed = True
        elif m.modality == "hypothetical" and _warned(head) and not _conditional(head):
            m.modality = "threatened"  # "warned that unauthorised gatherings would be broken up"
        elif m.modality == "planned" and any(a.name.lower() in load_lexicon("generic_parties") for a in m.args):
            m.modality = "threatened"  # "said anyone who took part would face charges": a warning, not a plan


def _habitual_object(head) -> bool:
    """A bare plural event noun as the object of a verb in the simple present names a kind of
    event, not one: "monitors arrests", "bans protests"."""
    if form(head) != "plural_noun" or children_in(head, "determiner", "possessor", "number", "adjective_modifier", "compound"):
        return False
    verb = grammar_for(head.doc).prep_governor(head)
    if (relation(head) != "object" and not preposition_of(head)) or verb.pos_ != "VERB":
        return False
    return form(verb) in ("present_3sg", "present") and not children_in(verb, "aux", "passive_aux")


TALLY_WORDS = {"more", "least", "over", "hundreds", "thousands", "dozens", "some", "nearly", "almost"}


# acts done to people one by one: a count over years is many events, none told (a sanctions list
# extended over years stays one standing policy)
TALLIED_TYPES = {"detention", "charge", "trial", "conviction", "sentence", "investigation", "police_violence", "release"}
TALLY_YEARS = 2  # "since 2021" in a 2024 story: a tally over years; "since the election" is one crackdown


def _statistic(head, published: str | None) -> bool:
    """A tally over years is no event: "The RCMP has arrested more than 1,100 people at blockades
    since 2021". The clause is in the perfect, runs "since" a year at least TALLY_YEARS before the
    story, and counts its people in the hundreds. "More than 300 detained since the vote" stays
    an event: one wave of arrests."""
    if not published:
        return False
    verb = head if head.pos_ in ("VERB", "AUX") else next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or form(verb) != "past_participle" or not any(c.lemma_ == "have" for c in children_in(verb, "aux", "passive_aux")):
        return False
    clause = list(verb.subtree)
    years = [int(p.text) for p in clause if preposition_of(p) == "since" and p.text.isdigit() and len(p.text) == 4]
    if not years or int(published[:4]) - max(years) < TALLY_YEARS:
        return False
    for t in clause:
        if t.like_num and (relation(t) in ("number", "object", "number_modifier") or preposition_of(t)):
            value = t.text.replace(",", "")
            big = value.isdigit() and int(value) >= 100 and not 1900 <= int(value) <= 2100
            if big or (t.lower_ in ("hundreds", "thousands")):
                return True
            if any(c.lower_ in TALLY_WORDS for c in t.children) and value.isdigit() and int(value) >= 20:
                return True
        if t.lower_ in ("hundreds", "thousands", "dozens") and (relation(t) in ("object", "passive_subject") or preposition_of(t)):
            return True
    return False


def _is_condition(tok) -> bool:
    return relation(tok) == "adverbial_clause" and any(c.lower_ in CONDITION_MARKS for c in children_in(tok, "marker"))


def _conditional(head) -> bool:
    """An if/unless clause hangs on the mention's clause: "would be arrested if they marched"."""
    return any(_is_condition(t) or any(_is_condition(c) for c in t.children) for t in [head, *head.ancestors])


def _in_condition(head, others) -> bool:
    """The mention sits in an if/unless clause whose main clause holds another mention."""
    for t in [head, *head.ancestors]:
        if _is_condition(t):
            inside = {x.i for x in t.subtree}
            return any(o.i not in inside for o in others)
    return False


def _describes_party(m: Mention, head, others: list[Mention], doc: Doc) -> bool:
    """A supposed event inside the party of another supposed event: "organisers of new protests
    would be arrested"."""
    generic = load_lexicon("generic_parties")
    for o in others:
        if o.modality not in NON_FACT:
            continue
        for a in o.args:
            if m.modality not in NON_FACT and a.name.lower() not in generic:
                continue  # "anyone who took part in a protest would face charges": whatever "said" makes it
            span = doc.char_span(a.start, a.end, alignment_mode="expand")
            if span is not None and span.root.i != head.i and _clauses_between(head, span.root) <= 1:
                return True
    return False


def _clauses_between(tok, top) -> int:
    """Clause verbs on the way from `tok` up to `top` (99 when `top` does not govern `tok`):
    "relatives who continued the vigils" has one; "anyone who tried to march on Thursday, when
    NUP has called a second protest" two (the protest is no longer about the party)."""
    n = 0
    for anc in tok.ancestors:
        if anc.i == top.i:
            return n
        if relation(anc) in ("relative_clause", "clausal_modifier", "adverbial_clause", "complement") or (
                anc.pos_ == "VERB" and relation(anc) != "open_complement"):
            n += 1
    return 99


def _warned(head) -> bool:
    warn = {cue for cue, modality, where in load_table("modality") if modality == "threatened" and where == "governor"}
    return any(t.lemma_.lower() in warn for t in head.ancestors)
