"""Attribution frames: "<label> says <content>" for a sentence whose point is someone's claim.

Used when a sentence opens with the quote and names its source only at the end
('"…," the Russian defence ministry said on its website'): the highlight then leads with who
said it. The label and the content are article spans; only the frame verb "says" is not.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from precis.claims import cues
from precis.claims.extract import claims_in
from precis.model import Analysis, Claim, Piece

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


def _lower_first(span: Span, start: int) -> bool:
    """Whether the content word at ``start`` reads lower-case after "says" ("says a storm ...").

    Only a sentence-initial capital on a common word is lowered: never a proper noun, "I", an
    acronym or a named entity.
    """
    tok = next((t for t in span if t.idx == start), None)
    if tok is None or not tok.text[:1].isupper() or tok.ent_type_:
        return False
    return tok.pos_ != "PROPN" and tok.text != "I" and not (len(tok) > 1 and tok.text.isupper())


def frame(analysis: Analysis, claim: Claim, span: Span) -> list[Piece] | None:
    """Pieces of "<label> says <content>" for ``claim``'s content inside ``span``, else None."""
    if claim.negated or claim.source is None or not claim.content:
        return None
    if claim.cue_lemma not in SAYING:
        return None
    text = analysis.article.text
    lo, hi = span.start_char, span.end_char
    parts = []
    for start, end in sorted(claim.content):
        start, end = _trimmed(text, max(start, lo), min(end, hi))
        if end > start:
            parts.append(Piece(text[start:end], (start, end)))
    if sum(len(p.text.split()) for p in parts) < MIN_CONTENT_WORDS:
        return None
    label = _label(analysis, claim, " ".join(p.text for p in parts))
    if label is None:
        return None
    if claim.kind == "direct":
        # The article's words inside our quote marks: a quote stays a quote.
        parts = [Piece(QUOTE, None), *parts, Piece(QUOTE, None)]
    else:
        first = parts[0]
        assert first.span is not None
        # Rendering lowers the letter; the piece keeps the article's text (offsets stay honest).
        first.lower = _lower_first(span, first.span[0])
    return [label, Piece(_verb(span, label), None), *parts]


def _verb(span: Span, label: Piece) -> str:
    """ "says", or "say" after a plural common noun ("Prosecutors say ...")."""
    named = span.doc.char_span(*label.span, alignment_mode="expand") if label.span else None
    return PLURAL_FRAME_VERB if named is not None and named.root.tag_ == "NNS" else FRAME_VERB


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
