"""Attribution frames: "<label> says <content>" for a sentence whose point is someone's claim.

Used when a sentence opens with the quote and names its source only at the end
('"…," the Russian defence ministry said on its website'): the highlight then leads with who
said it. The label and the content are article spans; only the frame verb "says" is not.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from precis.model import Analysis, Claim, Piece

FRAME_VERB = "says"
_EDGE_PUNCT = " \t\n,;:.\"'“”‘’"


def _claims_for(doc: Doc, analysis: Analysis, index: int) -> list[Claim]:
    if "claims" in analysis.stages:
        return [c for c in analysis.claims if c.sentence == index]
    try:
        from precis.claims.extract import claims_in
    except ImportError:
        return []
    return claims_in(doc, analysis, [index])


def _label(analysis: Analysis, claim: Claim) -> Piece | None:
    """The reader's name for the source, as an article span (a speaker label or the source)."""
    text = analysis.article.text
    label = None
    if claim.speaker_id:
        speaker = next((s for s in analysis.speakers if s.id == claim.speaker_id), None)
        if speaker is not None:
            label = speaker.label or speaker.name
            for start, end in speaker.mentions:
                if text[start:end] == label:
                    return Piece(label, (start, end))
            pos = text.find(label) if label else -1
            if label and pos >= 0:
                return Piece(label, (pos, pos + len(label)))
    if claim.source is not None:
        start, end = claim.source
        return Piece(text[start:end], (start, end))
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def attribute(
    doc: Doc, analysis: Analysis, index: int, span: Span
) -> tuple[list[Piece], str | None] | None:
    """Pieces of a framed highlight for sentence ``index``, with its speaker; None if no frame."""
    text = analysis.article.text
    for claim in _claims_for(doc, analysis, index):
        if claim.negated or claim.source is None or not claim.content:
            continue
        content_start = min(s for s, _ in claim.content)
        # Only content-first sentences need a frame; "X said ..." already leads with X.
        if claim.source[0] < content_start:
            continue
        label = _label(analysis, claim)
        if label is None:
            continue
        pieces = [label, Piece(FRAME_VERB, None)]
        for start, end in sorted(claim.content):
            start, end = _trimmed(text, start, end)
            if end > start:
                pieces.append(Piece(text[start:end], (start, end)))
        if len(pieces) > 2:
            return pieces, claim.speaker
    return None
