"""Photo captions in the article's prose, for the highlights stage (issue 12, item 3).

Cleaning (:mod:`precis.ingest.clean`) sets aside caption lines and labels of two or three words;
what it must leave (a one-word label, which is also a speaker's colon, and a caption run into
the lede without its full stop) is told apart here, where the parse is at hand.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from precis import nlp
from precis.highlighter.compress import SUBJECT_DEPS
from precis.highlighter.cuts import FINITE_TAGS
from precis.lexicon import PERSON_RELATIVES, PREPOSITIONS, SAID_LEMMAS, TITLES
from precis.model import Article

#: Words that open a sentence far more often than they follow a name or a noun unpunctuated
#: (capitalised connectives too: "... against South Africa But Stewart made clear ...").
_OPENERS = frozenset(
    "The They He She It This These Those We There But However Meanwhile And".split()
)
_ARTICLES = frozenset({"A", "An"})
#: A caption's label: one to three words and a colon at the start of a sentence ("Shooter:").
_CAPTION_LABEL = re.compile(r"[A-Z][a-z]+(?: [a-z]+){0,2}:\s")
#: A word these stand after is the start of a title or a clause, not the end of a sentence.
_JOINING_POS = frozenset({"ADP", "DET", "VERB", "AUX", "PART", "CCONJ", "SCONJ", "PRON"})


def run_on(sent: Span) -> int | None:
    """Where the last of several sentences the source ran together starts (a token index), if any.

    A caption without its full stop before the body ("... in Liverpool The amount of drugs ...")
    reads as one broken sentence; a highlight may use the part after the last join.
    """
    doc = sent.doc  # not doc.text: it joins every token, once per call (quadratic, issue 16)
    # A labelled caption ("Shooter: Terry Martin shot ... his winnings A man who won ...") also
    # runs into a lede opening with "A"/"An". The caption stays in the prose the claims stage
    # reads (its cues are judged in the disputes annotations); only the highlight leaves it.
    openers = _OPENERS | _ARTICLES if _CAPTION_LABEL.match(sent.text) else _OPENERS
    start = None
    for tok in sent[1:]:
        if (tok.text in openers or tok.text in TITLES) and not tok.is_sent_start:
            prev = doc[tok.i - 1]
            # A quote mark counts only when it closes a quotation ("... action' The next").
            before = doc[prev.i - 1] if prev.i > 0 else None
            closing = (
                prev.is_quote
                and before is not None
                and not before.whitespace_
                and not before.text[-1:].isspace()
            )
            if tok.text in TITLES:
                # "... are 'all evasion' Mr Brown urged": a quotation closed on a word, and no
                # "'...,' Mr Brown said" (the speaker of the quote), nor "told Mr Brown".
                said = any(nlp.lemma(t) in SAID_LEMMAS for t in doc[tok.i + 1 : tok.i + 4])
                if closing and before is not None and before.is_alpha and not said:
                    start = tok.i
                continue
            if tok.text == "And" and not doc[tok.i + 1 : tok.i + 2].text[:1].islower():
                continue  # "Suncare Lotion And Sun Drink": a name's "And", not a new sentence
            if (
                prev.whitespace_
                and prev.pos_ not in _JOINING_POS
                and (prev.is_alpha or prev.is_digit or closing)
            ):
                start = tok.i
                continue
        if _glued_opener(tok):
            start = tok.i
    return start


#: Capitalised short words that stand mid-sentence in prose: "I", a month, "No 1", "US".
_MIDSENTENCE_CAPITALS = frozenset({"I", "May", "No", "US"})


def _glued_opener(tok: Token) -> bool:
    """A capitalised function word between two lower-case words ("... possession charge A serving
    prisoner ...", "... banned from driving The brother of ..."): a sentence the source ran on.
    Mid-sentence, prose capitalises one only in a title, whose next word is capitalised too."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or tok.is_sent_start:
        return False
    prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
    return (
        tok.is_stop
        and tok.is_title
        and tok.text not in _MIDSENTENCE_CAPITALS
        and tok.pos_ not in {"VERB", "AUX"}
        and bool(prev.whitespace_)
        and prev.is_alpha
        and prev.is_lower
        and prev.lower_ != "to"  # "Who Wants to Be a Millionaire"
        and prev.pos_ != "DET"  # "the Under 21 side"
        and ((nxt.is_alpha and nxt.is_lower) or nxt.is_digit)
        and nxt.pos_ not in {"ADP", "CCONJ", "PART", "AUX"}  # "All of Me", "A and B"
        # "A"/"An" may be a letter ("class A drug", "a category A prison", "infra-red A rays"):
        # as an opener it is the article of the new sentence's subject.
        and (tok.lower_ not in {"a", "an"} or (tok.dep_ == "det" and tok.head.dep_ in SUBJECT_DEPS))
    )


_TERMINATED = re.compile(r"""[.!?…]["'”’)\]]*\s*$""")
#: Words of a photo caption's stage directions ("pictured", "(left)", "poses", "in action").
_CAPTION_CUES = re.compile(
    r"\b(?:pictured|poses?|posing|in action|looks on)\b"
    r"|\((?:left|right|centre|center|above|below|top|bottom|inset|far left|far right)\)"
)
#: Present-tense roots that prose uses as often as captions do ("says", "is", "has").
_PROSE_PRESENT = frozenset({"say", "be", "have"})


def unterminated_caption(sent: Span, raw: str | None = None) -> bool:
    """Whether a sentence without a full stop reads as a photo caption.

    Tabloid captions stand among the paragraphs without a full stop, in the present tense
    ("Alec Stewart stands at the KIA Oval ahead of a Surrey team photo shoot"), or with stage
    directions ("pictured", "(left)"). A sentence without its stop that reports in the past
    ("... was strong under Margaret Thatcher") may be prose cut short by a list: kept. ``raw``
    is the sentence's stretch of the article as published: cleaning blanks "(left)" in the
    parsed text, and the blanked cue still marks the caption.
    """
    if _TERMINATED.search(sent.text):
        return False
    if _CAPTION_CUES.search(sent.text if raw is None else raw):
        return True
    return _reads_as_caption(sent)


#: CNN's related-story links end with a full stop after a space ("Kanye West apologizes to
#: Beck, Bruno Mars ."); so do some of its paragraphs, which report in the past.
_SPACED_STOP = re.compile(r"\s\.\s*$")
#: A link's headline is short.
LINK_MAX_WORDS = 14


def link_line(sent: Span) -> bool:
    """Whether a sentence is a related-story link or a teaser line ("'Star Wars' universe gets
    its first gay character .", "See the full winners list ."): a spaced full stop after a
    short headline in the present tense or without a tensed verb."""
    if not _SPACED_STOP.search(sent.text):
        return False
    if sum(1 for t in sent if t.is_alpha or t.like_num) > LINK_MAX_WORDS:
        return False
    return _reads_as_caption(sent)


def _reads_as_caption(sent: Span) -> bool:
    """A headline's or caption's grammar: a present-tense main verb other than "says" / "is" /
    "has", or no tensed main verb at all."""
    root = sent.root
    if (
        root.tag_ in {"VBZ", "VBP"}
        and not any(c.dep_ in {"aux", "auxpass"} for c in root.children)
        and nlp.lemma(root) not in _PROSE_PRESENT
    ):
        return True
    # No finite main verb: a name and its description ("Summer Robertson, 21, who died ...").
    return root.tag_ not in FINITE_TAGS and not any(
        c.tag_ in FINITE_TAGS for c in root.children if c.dep_ in {"aux", "auxpass"}
    )


#: A one-word caption label ("Terrified: Emma Jackson, 28, was ...", "CLAIM: MP Jesse Norman is
#: ..."); cleaning removes labels of two or three words only, since one word is also a speaker's
#: colon ("Siham: We've been ...").
_ONE_WORD_LABEL = re.compile(r"(?:[A-Z][a-z]+|[A-Z]{2,}):\s")
#: A fact box's capitalised label run into the prose ("... dr-skins.com CLAIMS: SPF 30 ...",
#: "... move to Porto AGE: 27 CLUBS: ...").
_INLINE_LABEL = re.compile(r"(\S+)\s[A-Z]{3,}(?: [A-Z]{2,})*:\s+(?![\"“'‘])")
#: Words that open speech after a speaker's name and colon.
_SPEECH_OPENERS = frozenset("i we you our my your me us".split())


def caption_label_ends(article: Article) -> set[int]:
    """Where the text after each caption label cleaning removed ("On duty: ") starts."""
    text = article.text
    ends: set[int] = set()
    for r in article.removed:
        if r.kind == "caption" and r.text.rstrip().endswith(":"):
            end = r.span[1]
            while end < len(text) and text[end].isspace():
                end += 1
            ends.add(end)
    return ends


def _fact_label(text: str) -> bool:
    """A fact box's label inside ``text``; not a body named after a preposition ("sent this
    statement to CNN: ...") nor one introducing a quotation."""
    return any(m.group(1).lower() not in PREPOSITIONS for m in _INLINE_LABEL.finditer(text))


#: A sentence that opens on "Pictured" points at a photo ("Pictured is the party's leader.").
_PICTURED = re.compile(r"\s*Pictured\b")

#: A caption's label run into the text: a capitalised word or three, a colon, a capital
#: ("... is an example of a Mirrey Purchasing power: Mirreyes might ..."); not speech's colon,
#: which a quote mark follows ("Janine Gamblen wrote: 'Some people ...").
_RUN_IN_LABEL = re.compile(r"(?<![\w'’])[A-Z][\w'’-]*(?: [\w'’-]+){0,2}: [A-Z]")


#: Words that point at a picture on the page: "these images", "this photo", "the map above".
_ON_PAGE = re.compile(
    r"\b(?:(?:this|these)(?:\s+\w+)?\s+(?:images?|pictures?|photos?|photographs?|snaps?"
    r"|graphics?|charts?|plots?|maps?|videos?|clips?)|(?:images?|pictures?|photos?|photographs?"
    r"|graphics?|charts?|plots?|maps?|videos?|clips?|footage|pictured|shown|seen)\s+(?:above"
    r"|below))\b",
    re.IGNORECASE,
)


def points_at_page(span: Span) -> bool:
    """Whether a sentence's subject points at a picture or video on the page ("these images
    will have ...", "The plot above is based on ...", "The child ... in this photo was born"):
    a bullet read on its own shows none. After the main verb ("shocked fans with this photo")
    the sentence still tells its news."""
    m = _ON_PAGE.search(span.text)
    return m is not None and span.start_char + m.start() < span.root.idx


def caption_chain(span: Span) -> bool:
    """Whether ``span`` is photo captions run together without full stops, the splitter taking
    them for one sentence: two or more labels inside it ("Violent: The video captures ...
    Chaos: During ..."). The 26 sentences of CNN/DM dev it flags are all such runs."""
    return len(_RUN_IN_LABEL.findall(span.text)) >= 2


def is_caption(span: Span, label_ends: set[int]) -> bool:
    """Whether a sentence is a photo caption: a "Label:" heads it (``label_ends``, from
    :func:`caption_label_ends`), a fact box's "CLAIMS:" runs inside it, a label cleaning could
    not see heads it (:func:`inline_label`), it is built on a name (:func:`captioned_name`), or
    it opens on "Pictured", or it opens with a one-word label that names no one and is not
    followed by speech.
    """
    if span.start_char in label_ends or _fact_label(span.text) or inline_label(span):
        return True
    if captioned_name(span) or _PICTURED.match(span.text):
        return True
    if not _ONE_WORD_LABEL.match(span.text):
        return False
    after = next((t for t in span[2:] if not t.is_space), None)
    if after is not None and (after.lower_ in _SPEECH_OPENERS or after.is_quote):
        return False
    # A name before the colon is a speaker ("Obama: The plan ..."); only a label match pays for
    # the entity recogniser, over this sentence alone.
    label_end = span[0].idx + len(span[0].text)
    ents = nlp.entities(span.doc, span.start_char, span.end_char)
    return not any(s == span.start_char and e <= label_end for s, e, _ in ents)


def captioned_name(sent: Span) -> bool:
    """Whether a sentence is a photo caption built on a name: its root a noun with no subject,
    followed by "with ..." or a relative clause ("David with his wife Ann, who was ...", "Baby
    Evan Summerfield, who died ..."), or heading a label's colon ("Farm fresh: the field where
    ...", a label cleaning left because the text had no line break before it)."""
    root = sent.root
    if root.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ in SUBJECT_DEPS for c in root.children):
        return False
    colon = next((t for t in sent[:6] if t.text == ":"), None)
    if colon is not None and root.i < colon.i:
        # a label heading words after it; "OBAMA:" alone is a speaker's name the splitter cut
        return any(t.is_alpha for t in sent.doc[colon.i + 1 : sent.end])
    if not any(
        (c.dep_ == "relcl" and c.doc[c.left_edge.i].lower_ in PERSON_RELATIVES)
        or (c.dep_ == "prep" and c.lower_ == "with" and c.i > root.i)
        for c in root.children
    ):
        return False
    # A tensed verb outside a relative clause is prose the parser lost ("The 19-year-old Scot
    # carded rounds of 78 ...", "carded" hung on "rounds").
    relative = {t.i for c in sent if c.dep_ == "relcl" for t in c.subtree}
    return not any(t.tag_ in FINITE_TAGS and t.i not in relative for t in sent)


#: Longest caption label kept inline ("Went in search of black men to assault:" is 8 words).
LABEL_MAX_WORDS = 8
#: A label's last word that makes it a speaker's or a document's colon ("... newspaper read:").
_QUOTING = frozenset(
    "read reads said says wrote writes added adds stated states tweeted posted".split()
)


def inline_label(sent: Span) -> bool:
    """Whether a sentence opens with a caption's label of two words or more that cleaning could
    not see, the text having no line break before it ("Key man: Mark Wood ...", "Ditching Wall
    Street: Mary Pat Christie has quit ..."): the label says nothing of its own (no subject and
    tensed verb, no quotation, no reporting verb before the colon) and a sentence with its own
    subject and tensed verb follows it. Like a label cleaning removed, it makes the sentence a
    photo caption (:func:`is_caption`)."""
    colon = next((t for t in sent[: LABEL_MAX_WORDS + 2] if t.text == ":"), None)
    if colon is None:
        return False
    label = sent[: colon.i - sent.start]
    words = [t for t in label if t.is_alpha]
    if len(words) < 2 or not label.text[:1].isupper() or any(t.is_quote for t in label):
        return False
    if words[-1].lower_ in _QUOTING or any(nlp.lemma(t) in SAID_LEMMAS for t in label):
        return False  # "Mr McLachlan said: ...", "A death notice ... read: ..."
    if any(t.tag_ in FINITE_TAGS and _has_own_subject(t) for t in label):
        return False  # a clause introducing what follows ("One thing is clear: ...")
    body = sent.doc[colon.i + 1 : sent.end]
    return any(
        t.tag_ in FINITE_TAGS and _has_own_subject(t.head if t.dep_.startswith("aux") else t)
        for t in body
    )


def _has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _trailing_number(sent: Span) -> int | None:
    """The token index of a bare number ending ``sent`` right after a lower-case word ("... the
    mega fight 1."), or None."""
    words = [t for t in sent if not t.is_space]
    if len(words) < 4 or words[-1].text != ".":
        return None
    number, before = words[-2], words[-3]
    if not (number.is_digit and len(number.text) <= 2 and before.is_alpha and before.is_lower):
        return None
    return number.i if before.whitespace_ else None


def without_item_numbers(spans: list[Span]) -> list[Span]:
    """``spans`` with the number of a numbered list's next item cut from the sentence the source
    ran it onto ("... favourite snacks 2. Ramen noodle soup is ..."): a sentence ends on a bare
    number k after a lower-case word and the sentence before or after ends on k - 1 or k + 1 (a
    lone "reached stage 3." is no list)."""
    ends = [_trailing_number(s) for s in spans]
    # -9 where a sentence ends on no number: no item's number is one more or one less.
    values = (
        [-9]
        + [int(s.doc[e].text) if e is not None else -9 for s, e in zip(spans, ends, strict=True)]
        + [-9]
    )
    out = list(spans)
    for i, (span, end) in enumerate(zip(spans, ends, strict=True)):
        k = values[i + 1]
        if end is not None and (values[i] == k - 1 or values[i + 2] == k + 1):
            out[i] = span.doc[span.start : end]
    return out
