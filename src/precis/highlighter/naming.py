"""Who a highlight means: a pronoun or a bare surname given the name the article used.

A reader meets the highlights without the article, so "She criticised ..." and "Maslany told
reporters ..." say nothing about who. :func:`antecedent` finds the one person a pronoun can stand
for; :func:`full_names` gives a person's first mention in the highlights the full name the article
introduced them by ("Tatiana Maslany"). Every replacement is a piece of the article's own text.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from precis import nlp
from precis.facts import gazetteer
from precis.lexicon import TITLES
from precis.model import Analysis, Piece


def named(pieces: list[Piece], pronoun: Token, name: Piece, text: str) -> list[Piece] | None:
    """``pieces`` with ``name`` in place of ``pronoun`` (every piece still points into the
    article), or None where a contraction hangs on the pronoun ("she's")."""
    start, end = pronoun.idx, pronoun.idx + len(pronoun.text)
    if text[end : end + 1] in {"'", "’"}:
        return None
    return replaced(pieces, start, end, name, text)


def replaced(pieces: list[Piece], start: int, end: int, name: Piece, text: str) -> list[Piece]:
    """``pieces`` with ``name`` in place of the words at ``text[start:end]`` (inside one piece)."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.span is None or not piece.span[0] <= start < piece.span[1]:
            out.append(piece)
            continue
        lo, hi = piece.span
        before, after = start, end
        while before > lo and text[before - 1].isspace():
            before -= 1
        while after < hi and text[after].isspace():
            after += 1
        if before > lo:  # a frame's content keeps its lower case ("says the divorce ...")
            out.append(Piece(text[lo:before], (lo, before), piece.lower))
        out.append(name)
        if after < hi:
            out.append(Piece(text[after:hi], (after, hi)))
    return out


def antecedent(doc: Doc, analysis: Analysis, sent_index: int) -> Piece | None:
    """The one person named in the three sentences before ``sent_index``, or None.

    With two people there ("Barrientos ... her husband Rashid Rajput"), the nearest is often not
    the one the pronoun means (an editor's read found "She" made into her husband): no guess.
    People are told apart by their last word ("Terry Martin" and "Martin" are one); a name that
    ends like a claims speaker's full name counts as a person whatever the recogniser's label.
    """
    sentences = analysis.sentences
    window = sentences[max(0, sent_index - 3) : sent_index]
    if not window:
        return None
    text = analysis.article.text
    if any(text[s:e].rstrip(" .\n").endswith(":") for s, e in (w.span for w in window)):
        return None  # "Here are some of the cases: ." The list's own headings were lost.
    lo, hi = window[0].span[0], sentences[sent_index].span[0]
    found = nlp.entities(doc, lo, hi)
    # "told The Inquirer": a name after "the" is a title or a body, whatever the recogniser says.
    # "another Old Bailey case": a name that modifies a noun is no one "She" can stand for.
    named = [e for e in found if e[2] == "PERSON" and not after_the(text, e[0])]
    people = [e for e in named if not modifier(doc, e[0], e[1])]
    # The modifier still counts as a second person: "the Obama administration ... Kerry ... He".
    surnames = {text[s:e].split()[-1].lower() for s, e, _ in named if text[s:e].split()}
    # The recogniser may tag a person it named before as an organisation ("Barrientos", ORG,
    # beside her husband): a name a claims speaker ends with counts as a person too.
    speakers = {
        sp.name.split()[-1].lower()
        for sp in analysis.speakers
        if len(sp.name.split()) >= 2 and all(w[:1].isupper() for w in sp.name.split())
    }
    surnames |= {
        text[s:e].split()[-1].lower()
        for s, e, label in found
        if label != "PERSON" and text[s:e].split() and text[s:e].split()[-1].lower() in speakers
    }
    if len(surnames) != 1 or not people:
        return None
    start, end = max(((s, e) for s, e, _ in people), key=lambda se: se[1] - se[0])
    if text[start:end].endswith(("'s", "’s")):
        end -= 2  # the recogniser's "Abraham Lincoln's": the name stands for "He", not "His"
    return Piece(text[start:end], (start, end))


def modifier(doc: Doc, start: int, end: int) -> bool:
    """Whether the name at ``doc.text[start:end]`` modifies a noun after it ("Old Bailey case")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "compound" and span.root.head.i >= span.end


def after_the(text: str, start: int) -> bool:
    return text[max(0, start - 4) : start].lower() == "the "


#: Words before a surname that its full name replaces ("Ms Ratcliffe" -> "Sarah Ratcliffe").
HONORIFICS = TITLES | {"Miss", "Sir"}


def full_names(
    doc: Doc, analysis: Analysis, bullets: Sequence[tuple[int, list[Piece]]], most_words: int
) -> list[list[Piece]]:
    """Each bullet's ``(sentence index, pieces)`` with every person the highlights first name by
    a bare surname ("Patel screamed at ...", "Ms Ratcliffe") given the full name the article
    used before that sentence ("Devin Patel"), where it used exactly one and the recogniser calls
    it a person; a bullet that would pass ``most_words`` keeps its surname."""
    text = analysis.article.text
    seen: set[str] = set()  # surnames a bullet already carries
    out: list[list[Piece]] = []
    for sentence, pieces in bullets:
        before = analysis.sentences[sentence].span[0]
        for tok in _words(doc, pieces):
            if tok.text in seen or not _bare_surname(tok):
                continue
            name = _full_name(doc, tok, before)
            if name is None or _place(doc, tok):
                continue
            start, end = tok.idx, tok.idx + len(tok.text)
            prev = doc[tok.i - 1] if tok.i > 0 else None
            if prev is not None and prev.text.rstrip(".") in HONORIFICS and _kept(pieces, prev):
                start = prev.idx
            swapped = replaced(pieces, start, end, name, text)
            if sum(len(p.text.split()) for p in swapped) <= most_words:
                pieces = swapped
                seen.add(tok.text)
        seen |= {t.text for t in _words(doc, pieces) if t.pos_ == "PROPN"}
        out.append(pieces)
    return out


def _words(doc: Doc, pieces: list[Piece]) -> list[Token]:
    """The doc's tokens inside the pieces, in order."""
    found: list[Token] = []
    for p in pieces:
        if p.span is None:
            continue
        span = doc.char_span(p.span[0], p.span[1], alignment_mode="contract")
        if span is not None:
            found.extend(t for t in span if not (t.is_punct or t.is_space))
    return found


def _kept(pieces: list[Piece], tok: Token) -> bool:
    return any(p.span is not None and p.span[0] <= tok.idx < p.span[1] for p in pieces)


def _bare_surname(tok: Token) -> bool:
    """A one-word name that is not part of a longer one here ("Patel", not "Devin Patel" or
    "Patel Street")."""
    if tok.pos_ != "PROPN" or tok.dep_ == "compound" or not tok.is_title or len(tok.text) < 3:
        return False
    return not any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and c.text not in HONORIFICS
        for c in tok.children
    )


def _place(doc: Doc, tok: Token) -> bool:
    """Whether ``tok`` names a place here: the recogniser, reading its own sentence, calls it
    one, and a country, region or town of 15,000 people or more bears the name. "his future to
    Tottenham" is the club's town, whatever an earlier "Maverick Tottenham" was labelled;
    "Aduriz pounced" is the striker the small model tags GPE. (It labels a lone surname anything
    from nothing to NORP, so only a place label objects.)"""
    sent = tok.sent
    labelled = any(
        label in _PLACES and s <= tok.idx < e
        for s, e, label in nlp.entities(doc, sent.start_char, sent.end_char)
    )
    return labelled and gazetteer.fold(tok.text) in gazetteer.place_words()


_PLACES = frozenset({"GPE", "LOC", "FAC"})


def _full_name(doc: Doc, tok: Token, before: int) -> Piece | None:
    """The one full name ending in ``tok``'s word that the article used before char ``before``
    ("Tatiana Maslany" for "Maslany"), as the recogniser marks the person at its first use
    ("Mina Castellano" in "Judge Mina Castellano"); None where it found none or two people of
    that surname ("Venus" and "Serena Williams") or calls it no person ("Aston Villa")."""
    text = doc.text
    first_use: dict[str, Token] = {}  # the word before the surname -> the surname's first use
    for u in doc:
        if u.idx >= before:
            break
        if u.text != tok.text or u.pos_ != "PROPN" or u.i == 0:
            continue
        given = doc[u.i - 1]
        if (
            given.pos_ == "PROPN"
            and given.head.i > given.i
            and given.text.rstrip(".") not in HONORIFICS
        ):
            first_use.setdefault(given.text, u)
    if len(first_use) != 1:
        return None
    u = next(iter(first_use.values()))
    end = u.idx + len(u.text)
    sent = u.sent
    people = [
        (s, e)
        for s, e, label in nlp.entities(doc, sent.start_char, sent.end_char)
        if label == "PERSON" and s < u.idx and e in {end, end + 2}  # "Tatiana Maslany's"
    ]
    if not people or after_the(text, people[0][0]):
        return None  # "Aston Villa", "Crystal Palace": a club, not a person
    start = people[0][0]
    return Piece(text[start:end], (start, end))
