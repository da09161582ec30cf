"""Attribution frames: "<label> says <content>" for a sentence whose point is someone's claim.

Used when a sentence opens with the quote and names its source only at the end
('"…," the Russian defence ministry said on its website'): the highlight then leads with who
said it. The label and the content are article spans; only the frame verb "says" is not.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from precis.claims.extract import claims_in
from precis.model import Analysis, Claim, Piece

FRAME_VERB = "says"
QUOTE = '"'
_EDGE_PUNCT = " \t\n,;:.\"'“”‘’"


def article_claims(doc: Doc, analysis: Analysis) -> list[Claim]:
    """The article's claims: the claims stage's if it ran, else extracted now (once)."""
    if "claims" in analysis.stages:
        return analysis.claims
    return claims_in(doc, analysis)


_PRONOUNS = frozenset("he she they it we i you his her their its this that who".split())
#: A source longer than this reads badly as a frame label ("X, the association's president").
MAX_LABEL_WORDS = 5
MIN_CONTENT_WORDS = 4


def _nameable(label: str) -> bool:
    """A label a reader can place: not a pronoun, nor led by one ("His family")."""
    words = label.split()
    return bool(words) and words[0].lower() not in _PRONOUNS


def _find(text: str, label: str, near: int) -> Piece | None:
    """``label`` as an article span: the occurrence nearest before ``near`` (else the first)."""
    before = text.rfind(label, 0, near)
    pos = before if before >= 0 else text.find(label)
    return Piece(label, (pos, pos + len(label))) if pos >= 0 else None


def _label(analysis: Analysis, claim: Claim, content: str) -> Piece | None:
    """The reader's name for the source (claim label, speaker name, or a short source span).

    A name the content itself starts with is passed over ("Saudi Arabia says Saudi Arabia ...").
    """
    text = analysis.article.text
    near = claim.cue[0]
    for name in (claim.label, claim.speaker):
        if name and _nameable(name) and name.lower() not in content.lower():
            found = _find(text, name, near)
            if found is not None:
                return found
    if claim.source is not None:
        start, end = claim.source
        words = text[start:end].split()
        if 0 < len(words) <= MAX_LABEL_WORDS and _nameable(text[start:end]):
            return Piece(text[start:end], (start, end))
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def attribute(
    analysis: Analysis, claims: list[Claim], index: int, span: Span
) -> tuple[list[Piece], str | None] | None:
    """Pieces of a framed highlight for sentence ``index``, with its speaker; None if no frame."""
    text = analysis.article.text
    for claim in (c for c in claims if c.sentence == index):
        if claim.negated or claim.source is None or not claim.content:
            continue
        content_start = min(s for s, _ in claim.content)
        # Only content-first sentences need a frame; "X said ..." already leads with X.
        if claim.source[0] < content_start:
            continue
        lo, hi = span.start_char, span.end_char
        parts = []
        for start, end in sorted(claim.content):
            start, end = _trimmed(text, max(start, lo), min(end, hi))
            if end > start:
                parts.append(Piece(text[start:end], (start, end)))
        if sum(len(p.text.split()) for p in parts) < MIN_CONTENT_WORDS:
            continue
        label = _label(analysis, claim, " ".join(p.text for p in parts))
        if label is None:
            continue
        if claim.kind == "direct":
            # The article's words inside our quote marks: a quote stays a quote.
            parts = [Piece(QUOTE, None), *parts, Piece(QUOTE, None)]
        return [label, Piece(FRAME_VERB, None), *parts], claim.speaker
    return None
