"""Attribution frames: "<label> says <content>" for a sentence whose point is someone's claim.

Used when a sentence opens with the quote and names its source only at the end
('"…," the Russian defence ministry said on its website'): the highlight then leads with who
said it. The label and the content are article spans; only the frame verb "says" is not.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from precis import nlp
from precis.claims import cues
from precis.highlighter.compress import SUBJECT_DEPS
from precis.lexicon import (
    CALENDAR_NAMES,
    CONNECTIVES,
    DEMONYMS,
    LABEL_PRONOUNS,
    PERSON_PRONOUNS,
    PERSON_RELATIVES,
    PLURAL_NOUNS,
    PREPOSITIONS,
    TITLES,
    WH_WORDS,
)
from precis.model import Analysis, Claim, Offsets, Piece

FRAME_VERB = "says"
PLURAL_FRAME_VERB = "say"
#: Cues whose content the source does not assert: "X says <content>" would invert them.
NOT_ASSERTED = frozenset(
    "deny reject dismiss dispute refute rebut doubt question wonder ask".split()
)
#: Cues that report speech or findings, so "says" is faithful; not wishes, plans or beliefs.
SAYING = (cues.SPEECH | cues.EVIDENCE | {"according to", ":"}) - NOT_ASSERTED
QUOTE = '"'
_EDGE_PUNCT = " \t\n,;:.\"'“”‘’"


#: Entity types that are names: their capital stays after "says" (numbers, dates do not).
_NAME_ENTITIES = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split()
)
#: A framed content that opens with one of these dangles without its sentence ("says it ...").
_DANGLING = frozenset(
    "it its they them their he she his her this that these those there such".split()
)
#: A framed content that opens with one of these continues a sentence the reader never saw
#: ('NASA says "And so I think ..."'); "though", "instead" open a clause that stands.
_JOINING = frozenset("and but or so yet plus also".split())
#: A source longer than this reads badly as a frame label ("X, the association's president").
MAX_LABEL_WORDS = 5
MIN_CONTENT_WORDS = 4


def _nameable(label: str) -> bool:
    """A label a reader can place: not a pronoun, nor led by one ("His family")."""
    words = label.split()
    if any(len(w) > 4 and w.isupper() for w in words):
        return False  # a caption's label ("EXPERT VERDICT"), not a source
    if len(words) == 1 and words[0].rstrip(".") in TITLES:
        return False  # "Capt says": the splitter cut "Capt. Yves Naffrechoux" at its stop
    return bool(words) and words[0].lower() not in LABEL_PRONOUNS


def _find(text: str, label: str, near: int) -> Piece | None:
    """``label`` as an article span: the occurrence nearest before ``near`` (else the first)."""
    before = text.rfind(label, 0, near)
    pos = before if before >= 0 else text.find(label)
    return Piece(label, (pos, pos + len(label))) if pos >= 0 else None


def _with_article(doc: Doc, piece: Piece) -> Piece:
    """``piece`` with the article's own "a"/"an"/"the" before an unnamed source ("an official").

    Without it a common noun reads as a headline fragment ("Official says ...").
    """
    assert piece.span is not None
    start, end = piece.span
    named = doc.char_span(start, end, alignment_mode="expand")
    if named is None or len(named) == 0 or named[0].pos_ in {"DET", "NUM", "PRON"}:
        return piece
    prev = doc[named[0].i - 1] if named[0].i > 0 else None
    if prev is None or prev.lower_ not in {"a", "an", "the"} or prev.dep_ != "det":
        return piece
    if not named.start <= prev.head.i < named.end:
        return piece  # the determiner of a larger phrase ("the *Kremlin's* spokesman")
    # A name keeps the article's "the" before a body ("The Centers for Disease Control says")
    # and its "a" before a common noun it heads ("A Twitter user says"); a person takes none.
    name = named[0].pos_ == "PROPN" or (named[0].ent_type_ and named[0].text[:1].isupper())
    if name and (
        named[-1].ent_type_ == "PERSON" or (prev.lower_ != "the" and named[-1].pos_ != "NOUN")
    ):
        return piece
    text = nlp.text_of(doc)
    return Piece(text[prev.idx : end], (prev.idx, end))


#: The writer's judgement on a source ("an alarming report"): never part of the reader's label.
EVALUATIVE = frozenset(
    """alarming shocking damning startling worrying explosive devastating scathing disturbing
    chilling bombshell dramatic extraordinary remarkable astonishing staggering stunning
    troubling sobering grim controversial landmark hard-hitting""".split()
)
_NAME_WORD = r"(?!(?:The|A|An)\b)[A-Z][\w'’&-]*"


def _plain_source(text: str, label: Piece) -> Piece:
    """``label`` without the writer's judgement, as the article names the same source elsewhere.

    "an alarming report" becomes "a report by the United Nations" (or "a report", "the report")
    when the article has it; otherwise the label stays as it is. Every word is an article span.
    """
    words = label.text.split()
    if len(words) < 3 or words[0].lower() not in {"a", "an", "the"}:
        return label
    if not any(w.lower() in EVALUATIVE for w in words[1:-1]):
        return label
    noun = re.escape(words[-1])
    for pattern, most in (
        # The named body may take the label one word past the usual limit.
        (rf"\b[Aa]n? {noun} by (?:the )?{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}", MAX_LABEL_WORDS + 1),
        (rf"\b[Aa]n? {noun}\b", MAX_LABEL_WORDS),
        (rf"\b[Tt]he {noun}\b", MAX_LABEL_WORDS),
    ):
        m = re.search(pattern, text)
        if m is not None and len(m.group().split()) <= most:
            return Piece(m.group(), (m.start(), m.end()))
    return label


def _with_role(text: str, label: Piece) -> Piece:
    """A role label with the body the article gives it elsewhere ("Blackburn manager Gary Bowyer").

    "manager Gary Bowyer" names a role without saying whose: the article's fuller mention (the
    same words after one to three capitalised words) tells the reader.
    """
    words = label.text.split()
    if len(words) < 2 or not words[0][:1].islower() or not words[-1][:1].isupper():
        return label
    pattern = rf"\b{_NAME_WORD}(?: {_NAME_WORD}){{0,2}} {re.escape(label.text)}\b"
    for m in re.finditer(pattern, text):
        head = m.group()[: -len(label.text)].split()
        if head[0].lower() in {"the", "a", "an", "former", "but", "and"}:
            continue
        if len(m.group().split()) <= MAX_LABEL_WORDS:
            return Piece(m.group(), (m.start(), m.end()))
    return label


def _source_phrase(doc: Doc, claim: Claim, name: str | None) -> Piece | None:
    """The whole source phrase when it says more than the short name and stays short.

    A role before a person ("Blackburn manager Gary Bowyer") or the named body behind a common
    noun ("research by the United Nations") is what a reader needs to place the source.
    """
    if claim.source is None:
        return None
    text = nlp.text_of(doc)
    start, end = _trimmed(text, *claim.source)
    phrase = text[start:end]
    words = phrase.split()
    if not (1 < len(words) <= MAX_LABEL_WORDS) or not _nameable(phrase):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or any(t.text in {",", "(", ")", '"', "“", "”"} for t in span):
        return None
    if name is None:
        return Piece(phrase, (start, end))
    if not phrase.endswith(name) and not phrase.startswith(name):
        return None  # the phrase is not this speaker's (a pronoun resolved elsewhere)
    rest = phrase.replace(name, " ").split()
    if not rest:
        return None
    propn = any(t.pos_ == "PROPN" for t in span)
    # The label is the person's name or surname (not an affiliation such as "Russia").
    name_is_person = claim.label is None or bool(
        claim.speaker and claim.speaker.endswith(claim.label)
    )
    # The person's role, or a named body behind a common-noun label.
    if (name_is_person and phrase.endswith(name)) or (propn and not name[:1].isupper()):
        return Piece(phrase, (start, end))
    return None


def _label(analysis: Analysis, claim: Claim, content: str, doc: Doc) -> Piece | None:
    """The reader's name for the source (claim label, speaker name, or a short source span).

    A name the content itself starts with is passed over ("Saudi Arabia says Saudi Arabia ...").
    """
    found = _label_as_found(analysis, claim, content, doc)
    if found is None:
        return None
    text = analysis.article.text
    return _with_role(text, _plain_source(text, found))


def _full_name(label: str | None, speaker: str | None) -> bool:
    """Whether ``speaker`` is the person's full name (two or three capitalised words) and
    ``label`` only its surname."""
    if not label or not speaker or len(label.split()) != 1:
        return False
    words = speaker.split()
    return (
        2 <= len(words) <= 3
        and words[-1] == label
        and all(w[:1].isupper() for w in words)
        and words[0].rstrip(".") not in TITLES
    )


def _label_as_found(analysis: Analysis, claim: Claim, content: str, doc: Doc) -> Piece | None:
    text = analysis.article.text
    near = claim.cue[0]
    names = (claim.label, claim.speaker)
    if _full_name(claim.label, claim.speaker):
        names = (claim.speaker, claim.label)  # "Annemarie Kuhns says", not a bare "Kuhns says"
    for name in names:
        if name and _nameable(name) and name.lower() not in content.lower():
            phrase = _source_phrase(doc, claim, name)
            if phrase is not None and phrase.text.lower() not in content.lower():
                return _with_article(doc, phrase)
            found = _find(text, name, near)
            if found is not None:
                return _with_article(doc, found)
    if claim.source is not None:
        start, end = _trimmed(text, *claim.source)
        words = text[start:end].split()
        if 0 < len(words) <= MAX_LABEL_WORDS and _nameable(text[start:end]):
            return _with_article(doc, Piece(text[start:end], (start, end)))
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def _body_of(the: Token) -> bool:
    """Whether "The" opens a body's name of the form "X of Y" ("The Department of Homeland
    Security", "The Bank of England"): an article the name takes in running text, lower-case
    after "says". A publication's "The" ("The New York Times") has no "of" and keeps its capital."""
    doc = the.doc
    words = doc[the.i + 1 : the.i + 5]
    of = next((t for t in words if t.lower_ == "of"), None)
    return (
        of is not None
        and of.i > the.i + 1
        and all(t.pos_ == "PROPN" for t in doc[the.i + 1 : of.i])
        and of.i + 1 < len(doc)
        and doc[of.i + 1].pos_ == "PROPN"
    )


def _lower_first(span: Span, start: int) -> bool:
    """Whether the content word at ``start`` reads lower-case after "says" ("says a storm ...").

    Only a sentence-initial capital on a common word is lowered: never a proper noun, "I", an
    acronym or a named entity.
    """
    tok = next((t for t in span if t.idx == start), None)
    if tok is not None and tok.text == "The" and _body_of(tok):
        return True  # "says the Department of Homeland Security ..." ("The Times" stays)
    if tok is None or not tok.text[:1].isupper() or tok.ent_type_ in _NAME_ENTITIES:
        return False
    if tok.pos_ == "PROPN" or tok.text == "I" or (len(tok) > 1 and tok.text.isupper()):
        return False
    if tok.lower_ in DEMONYMS:
        return False  # "Chinese police ...": a nationality keeps its capital, entity or not
    if tok.pos_ == "DET" and tok.i + 1 < len(span.doc) and span.doc[tok.i + 1].pos_ != "PROPN":
        return True  # "says the person responsible"; "The Times" stays a name
    nxt = span.doc[tok.i + 1] if tok.i + 1 < len(span.doc) else None
    if tok.tag_ in {"MD", "VB"} and nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title:
        return False  # "May Pat Christie", "Will Smith": a first name the tagger took for a verb
    # A sentence's first word is often mis-tagged ("Blackburn should brace ..."): a word the
    # article uses as a name anywhere else keeps its capital.
    doc = span.doc
    return not any(
        t.text == tok.text and (t.pos_ == "PROPN" or (t.i > 0 and doc[t.i - 1].is_alpha))
        for t in doc
        if t.i != tok.i
    )


def _outside_removed(analysis: Analysis, spans: list[Offsets]) -> list[Offsets]:
    """``spans`` without the stretches the cleaner set aside (a "(pictured)" inside a quote)."""
    holes = [r.span for r in analysis.article.removed]
    out: list[Offsets] = []
    for start, end in spans:
        pos = start
        for s, e in sorted(h for h in holes if h[0] < end and start < h[1]):
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < end:
            out.append((pos, end))
    return out


#: "I", "I'm", "I've": words only a quotation holds; reported speech says "he" or "she".
_FIRST_PERSON = re.compile(r"(?<![\w'’])I(?:['’](?:m|ve|d|ll))?(?![\w'’])")
#: A condition opening the sentence before a claim's content ("If your name is Nigel ").
_CONDITION_LEAD = re.compile(r"(?:If|Unless)\b[^.;:!?\"“”]*?,?\s+", re.IGNORECASE)


def frame(analysis: Analysis, claim: Claim, span: Span) -> list[Piece] | None:
    """Pieces of "<label> says <content>" for ``claim``'s content inside ``span``, else None."""
    if claim.negated or claim.source is None or not claim.content:
        return None
    if claim.cue_lemma not in SAYING:
        return None
    text = analysis.article.text
    lo, hi = span.start_char, span.end_char
    parts = []
    for start, end in _outside_removed(analysis, sorted(claim.content)):
        start, end = _trimmed(text, max(start, lo), min(end, hi))
        if end > start:
            parts.append(Piece(text[start:end], (start, end)))
    if parts and parts[0].span is not None and claim.kind != "direct":
        # "If your name is Nigel you are twice as likely ..., according to research": the claim
        # holds under the condition its content left out; "says Nigel you are" would garble it.
        start = parts[0].span[0]
        if _CONDITION_LEAD.fullmatch(text[lo:start]):
            parts[0] = Piece(text[lo : parts[0].span[1]], (lo, parts[0].span[1]))
    if sum(len(p.text.split()) for p in parts) < MIN_CONTENT_WORDS:
        return None
    if claim.kind != "direct" and any(_FIRST_PERSON.search(p.text) for p in parts):
        return None  # "Beth says I died Thursday": someone's own words, not reported speech
    # "They've" and "She's" dangle as "They" and "She" do.
    first_word = re.split(r"['’]", parts[0].text.split()[0].strip("\"'“‘").lower())[0]
    if first_word in _DANGLING or first_word in _JOINING:
        return None  # "X says it ...": the reader cannot tell what "it" is
    if first_word.rstrip(",") in CONNECTIVES:
        return None  # "Experts say nonetheless, ...": a link to a sentence left out
    opening = [w.strip("\"'“‘,").lower() for w in parts[0].text.split()[:2]]
    if opening[0] == "instead" and opening[1:] != ["of"]:
        return None  # "says instead, they ...": instead of what the sentence before said
    # A quotation may open with "What" ('"What the players have done is ..."'); reported
    # content that does is what a cue inside a relative clause left.
    if claim.kind != "direct" and (
        opening[0] in WH_WORDS
        or (len(opening) > 1 and opening[1] in WH_WORDS and opening[0] in PREPOSITIONS)
    ):
        return None  # "Historians say *what* as the genocide"
    # "Washington believes ..., according to the document": the content holds another
    # source's claim or belief, and "the document says ..." would hand it to the wrong source.
    # A direct quote keeps its marks: the speaker's own words, whatever cues they hold.
    if claim.kind != "direct":
        for other in analysis.claims:
            if other is not claim and any(s <= other.cue[0] < e for s, e in claim.content):
                return None
    if parts[-1].text.split()[-1].lower() in _JOINING:
        # "..., and Jackie told the university": the content is the writer's clause before the
        # cue's, not what the source said.
        return None
    if not _has_verb(span.doc, parts):
        return None  # 'X says "off the charts historically"': a phrase, not a statement
    label = _label(analysis, claim, " ".join(p.text for p in parts), span.doc)
    if label is None:
        return None
    if first_word == label.text.split()[-1].lower():
        return None  # "Philadelphia police say Police added ...": the content names its source
    verb = _verb(span, label)
    if claim.kind != "direct" and verb == PLURAL_FRAME_VERB and _pronoun_in(span.doc, parts):
        return None  # "Police say when she lands, she ...": who is "she"?
    if claim.kind == "direct":
        # The article's words inside our quote marks: a quote stays a quote.
        parts = [Piece(QUOTE, None), *parts, Piece(QUOTE, None)]
    else:
        first = parts[0]
        assert first.span is not None
        # Rendering lowers the letter; the piece keeps the article's text (offsets stay honest).
        # A word the label writes with its capital is a name ("Blackburn manager ... says
        # Blackburn should ..."), whatever the parse of the sentence's first word says.
        named = first.text.split()[0] in label.text.split()
        first.lower = not named and _lower_first(span, first.span[0])
    return [label, Piece(verb, None), *parts]


def _has_verb(doc: Doc, parts: list[Piece]) -> bool:
    """Whether the content holds a verb: a frame's content is a statement, not a phrase."""
    for piece in parts:
        assert piece.span is not None
        content = doc.char_span(*piece.span, alignment_mode="expand")
        if content is not None and any(t.pos_ in {"VERB", "AUX"} for t in content):
            return True
    return False


def _verb(span: Span, label: Piece) -> str:
    """ "says", or "say" after a plural common noun ("Prosecutors say ...")."""
    named = span.doc.char_span(*label.span, alignment_mode="expand") if label.span else None
    # "Philadelphia police": two compounds of a noun outside the label; the last is the head.
    plural = named is not None and (
        named.root.tag_ == "NNS"
        or named.root.lower_ in PLURAL_NOUNS
        or named[-1].lower_ in PLURAL_NOUNS
    )
    return PLURAL_FRAME_VERB if plural else FRAME_VERB


def attribute(
    analysis: Analysis, claims: list[Claim], index: int, span: Span
) -> tuple[list[Piece], str | None] | None:
    """Pieces of a framed highlight for sentence ``index``, with its speaker; None if no frame."""
    for claim in (c for c in claims if c.sentence == index):
        if claim.source is None or not claim.content:
            continue
        # Only content-first sentences need a frame; "X said ..." already leads with X.
        if claim.source[0] < min(s for s, _ in claim.content):
            continue
        pieces = frame(analysis, claim, span)
        if pieces is not None:
            return pieces, claim.speaker
    return None


def unnamed_pronoun(doc: Doc, kept: list[int]) -> Token | None:
    """The first person pronoun that is a subject before the words at ``kept`` name anyone it
    could be ("When *she* lands, she will be charged"; not "A man admitted ... after *he*"), or
    None. One in an adverbial clause may be named after it ("When she returned, Walsh was
    ..."): the scan goes on past that clause, and returns it if no name follows."""
    skipped: set[int] = set()
    pending: Token | None = None  # a pronoun in an adverbial clause, not yet named
    for i in kept:
        tok = doc[i]
        if i in skipped:
            continue
        if (tok.pos_ == "PROPN" and tok.lower_ not in CALENDAR_NAMES) or (
            tok.pos_ == "NOUN" and tok.dep_ in SUBJECT_DEPS
        ):
            return None
        if tok.lower_ in PERSON_RELATIVES and tok.head.dep_ == "relcl":
            return None  # "A farmer *who* said he ...": whatever the parse made of "farmer"
        if tok.lower_ in PERSON_PRONOUNS and tok.dep_ in SUBJECT_DEPS:
            clause = next((a for a in tok.ancestors if a.dep_ == "advcl"), None)
            if clause is None:
                return tok
            skipped |= {t.i for t in clause.subtree}
            pending = pending or tok
    return pending


def _pronoun_in(doc: Doc, parts: list[Piece]) -> bool:
    """Whether the content names a person by pronoun first (:func:`unnamed_pronoun`)."""
    kept: list[int] = []
    for piece in parts:
        assert piece.span is not None
        content = doc.char_span(*piece.span, alignment_mode="expand")
        if content is not None:
            kept.extend(range(content.start, content.end))
    return unnamed_pronoun(doc, kept) is not None
