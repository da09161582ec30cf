"""Extract attributed claims from a parsed article: direct quotes and reported speech.

Everything is rules over spaCy's dependency parse (no extra model): a cue verb from
:mod:`precis.claims.cues`, its subject as source, its clausal or object complement as content, and
quotations attached to the cue of their sentence (or of the neighbouring one). Works on "full" docs
(entities set) and "parse" docs (no NER): speakers fall back to the parse there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from precis.claims import cues
from precis.claims.quotes import long_quotes
from precis.model import Analysis, Claim, Offsets, Speaker

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CONTENT_CLAUSE = ("ccomp", "xcomp", "parataxis")
#: Parses above this many tokens per sentence are not worth reading (bad input, run-on text).
_MAX_SENT_TOKENS = 400


def _trim(doc: Doc, start: int, end: int) -> Offsets | None:
    """Char span of tokens [start, end) without edge punctuation (quote marks kept)."""
    while start < end and (
        (doc[start].is_punct and not doc[start].is_quote) or doc[start].is_space
    ):
        start += 1
    while end > start and (
        (doc[end - 1].is_punct and not doc[end - 1].is_quote) or doc[end - 1].is_space
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _subtree(tok: Token, skip: Iterable[Token] = ()) -> tuple[int, int]:
    """Token range of ``tok``'s subtree, cut before any subtree in ``skip`` that ends it."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    for s in skip:
        if s.left_edge.i > tok.i and s.left_edge.i < end:
            end = s.left_edge.i
    return start, end


def cue_span(verb: Token) -> Offsets:
    """The cue as PolNeAR marks it: auxiliaries, "not", "also" and a particle around the verb."""
    lo = hi = verb.i
    for child in verb.lefts:
        near = child.i >= verb.i - 3
        if near and (child.dep_ in ("aux", "auxpass", "neg") or child.lower_ == "also"):
            lo = min(lo, child.i)
    phrasal = verb.lower_.startswith("call")  # "called for", "called on"
    for child in verb.rights:
        prep = child.dep_ == "prep" and child.lower_ in ("for", "on") and phrasal
        if (child.dep_ == "prt" or prep) and child.i <= verb.i + 2:
            hi = max(hi, child.i)
    doc = verb.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def source_token(verb: Token) -> Token | None:
    """Head of the cue's subject, inherited from the governing verb for "..., adding that"."""
    tok: Token | None = verb
    if verb.tag_ == "VBG" and verb.dep_ == "advcl":
        # "..., adding that ...": the speaker is the subject of the nearest reporting verb above.
        for anc in verb.ancestors:
            if anc.tag_.startswith("VB") and cues.cue_lemma(anc.text) is not None:
                tok = anc
                break
    for _ in range(3):
        if tok is None:
            return None
        for child in tok.lefts:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in (
                "there",
                "it",
                "that",
                "which",
                "who",
            ):
                return child
        for child in tok.rights:  # inverted: '"...," said the minister'
            if child.dep_ == "nsubj":
                return child
        if (
            tok.dep_ in ("advcl", "xcomp", "conj", "acl")
            and tok.head is not tok
            and tok.head.pos_ in ("VERB", "AUX")
        ):
            tok = tok.head
        else:
            return None
    return None


def content_tokens(verb: Token, lemma: str) -> tuple[int, int] | None:
    """Token range of what the cue reports: its clause, or its object for "denied the charges"."""
    for child in verb.rights:
        if child.dep_ in _CONTENT_CLAUSE and child.pos_ in ("VERB", "AUX"):
            return _subtree(child)
    for child in verb.lefts:  # inverted: 'Saudi Arabia demanded ..., a diplomat said'
        if child.dep_ in ("ccomp", "parataxis") and child.pos_ in ("VERB", "AUX"):
            return _subtree(child)
    if lemma in cues.NEEDS_CLAUSE:
        return None
    obj = next((c for c in verb.rights if c.dep_ in ("dobj", "attr")), None)
    if lemma == "call":
        oprd = next((c for c in verb.rights if c.dep_ == "oprd"), None)
        if obj is not None and oprd is not None:
            return obj.left_edge.i, oprd.right_edge.i + 1
        prep = next(
            (c for c in verb.rights if c.dep_ == "prep" and c.lower_ in ("for", "on")), None
        )
        if prep is not None:
            pobj = [c for c in prep.rights]
            if pobj:
                return pobj[0].left_edge.i, prep.right_edge.i + 1
        return None
    if obj is not None and (lemma in cues.OBJECT_CONTENT or lemma in cues.EVIDENCE):
        return _subtree(obj)
    return None


class _Index:
    """Sentence and quote look-ups over one doc, shared by the extraction passes."""

    def __init__(self, doc: Doc, analysis: Analysis | None) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: build it once per doc
        self.quotes = long_quotes(self.text)
        self.q_starts = [q[0] for q in self.quotes]
        self.sents = [s for s in doc.sents]
        self.s_starts = [s.start_char for s in self.sents]
        self.a_starts = [s.span[0] for s in analysis.sentences] if analysis else []

    def quote_at(self, char: int) -> int | None:
        k = bisect_right(self.q_starts, char) - 1
        if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1]:
            return k
        return None

    def quotes_in(self, start: int, end: int) -> list[int]:
        return [k for k, q in enumerate(self.quotes) if q[0] < end and q[1] > start]

    def sent_no(self, char: int) -> int:
        return max(0, bisect_right(self.s_starts, char) - 1)

    def analysis_sentence(self, char: int) -> int | None:
        if not self.a_starts:
            return None
        return max(0, bisect_right(self.a_starts, char) - 1)


def _according(tok: Token) -> tuple[Token, Token, tuple[int, int]] | None:
    """("according", source head, content tokens) for "according to X, ..."."""
    to = next((c for c in tok.rights if c.lower_ == "to"), None)
    if to is None:
        return None
    src = next((c for c in to.rights if c.dep_ == "pobj"), None)
    if src is None:
        return None
    # "according to a statement from Assad's office": the office speaks.
    if src.lower_ in (
        "statement",
        "report",
        "reports",
        "spokesman",
        "spokeswoman",
        "source",
        "sources",
    ):
        frm = next((c for c in src.rights if c.lower_ in ("from", "by", "of")), None)
        inner = next((c for c in frm.rights if c.dep_ == "pobj"), None) if frm is not None else None
        if inner is not None:
            src = inner
    head = tok.head if tok.head.pos_ in ("VERB", "AUX") else tok.sent.root
    start, end = head.left_edge.i, head.right_edge.i + 1
    if tok.left_edge.i == start:  # "According to X, content."
        start = tok.right_edge.i + 1
    else:  # "content, according to X."
        end = min(end, tok.left_edge.i)
    return to, src, (start, end)


def _candidates(ix: _Index, sent: Span) -> list[tuple[Token, str]]:
    out = []
    for tok in sent:
        if not tok.tag_.startswith("VB") or ix.quote_at(tok.idx) is not None:
            continue
        lemma = cues.cue_lemma(tok.text)
        if lemma is not None:
            out.append((tok, lemma))
    return out


class Found:
    """A claim plus the parse token its source phrase hangs on (for speaker resolution)."""

    __slots__ = ("claim", "src")

    def __init__(self, claim: Claim, src: Token | None) -> None:
        self.claim = claim
        self.src = src


def _inside(span: Offsets, outer: Offsets, slack: int = 2) -> bool:
    return span[0] >= outer[0] - slack and span[1] <= outer[1] + slack


def _close_quote(ix: _Index, span: Offsets) -> Offsets:
    """Extend a content span over the quotation it opens but the parse cut short."""
    for k in ix.quotes_in(span[0], span[1]):
        q = ix.quotes[k]
        if span[0] <= q[0] < span[1] < q[1] and q[1] - span[1] <= 3:
            return span[0], q[1]
    return span


def _split_quote(ix: _Index, quotes: list[int], free: list[int], cue: Token) -> list[int]:
    """Add the other half of '"...," he said, "..."': a quote separated only by the attribution."""
    text = ix.text
    out = set(quotes)
    for k in free:
        if k in out:
            continue
        for j in list(out):
            a, b = sorted((ix.quotes[j], ix.quotes[k]))
            gap = text[a[1] : b[0]]
            if a[1] <= cue.idx < b[0] and len(gap.split()) <= 10:
                out.add(k)
    return sorted(out)


def _sentence_claims(
    ix: _Index, sent: Span, used: set[int], dangling: dict[int, Found]
) -> list[Found]:
    doc = ix.doc
    out: list[Found] = []
    qs = ix.quotes_in(sent.start_char, sent.end_char)
    for tok in sent:
        if tok.lower_ == "according" and ix.quote_at(tok.idx) is None:
            acc = _according(tok)
            if acc is not None:
                to, acc_src, acc_rng = acc
                acc_content = _trim(doc, *acc_rng)
                acc_source = _trim(doc, *_subtree(acc_src))
                if acc_content is not None and acc_source is not None:
                    cue = (tok.idx, to.idx + len(to))
                    claim = Claim(cue, [acc_content], "indirect", "according to", acc_source)
                    out.append(Found(claim, acc_src))
    for tok, lemma in _candidates(ix, sent):
        src = source_token(tok)
        rng = content_tokens(tok, lemma)
        content = _trim(doc, *rng) if rng else None
        source = _trim(doc, *_subtree(src)) if src is not None else None
        free = [
            k for k in qs if k not in used and not (source and _inside(ix.quotes[k], source, 0))
        ]
        quotes: list[int] = []
        if content is not None:
            content = _close_quote(ix, content)
            # The clause is a quotation (or sits inside one): a direct claim.
            quotes = [k for k in free if _inside(content, ix.quotes[k], 3)]
        elif free and lemma in cues.SPEECH:
            quotes = free
        if quotes and src is None and lemma not in ("say", "tell", "add", "write"):
            quotes = []
        negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children)
        cue = cue_span(tok)
        if quotes:
            quotes = _split_quote(ix, quotes, free, tok)
            used.update(quotes)
            spans = [ix.quotes[k] for k in quotes]
            claim = Claim(cue, spans, "direct", lemma, source, negated=negated)
            out.append(Found(claim, src))
            continue
        if content is None:
            if src is not None and lemma in cues.SPEECH:
                dangling[tok.idx] = Found(
                    Claim(cue, [], "direct", lemma, source, negated=negated), src
                )
            continue
        if src is None or (source and source[0] < content[1] and content[0] < source[1]):
            continue
        if lemma in cues.BELIEF and not (rng and rng[1] - rng[0] >= 2):
            continue
        claim = Claim(cue, [content], "indirect", lemma, source, negated=negated)
        used.update(k for k in qs if _inside(ix.quotes[k], content))
        out.append(Found(claim, src))
    return out


def _attach_orphans(
    ix: _Index, found: list[Found], used: set[int], dangling: dict[int, Found]
) -> None:
    """Give each unattributed quotation the cue of the next or previous sentence."""
    text = ix.text
    by_start = sorted(found, key=lambda f: f.claim.cue[0])
    for k, q in enumerate(ix.quotes):
        if k in used:
            continue
        first = ix.sent_no(q[0])
        last = ix.sent_no(max(q[0], q[1] - 1))
        prev = ix.sents[first - 1] if first > 0 else None
        nxt = ix.sents[last + 1] if last + 1 < len(ix.sents) else None
        host: Found | None = None
        # 'Lavrov said:' then the quotation.
        if prev is not None and text[prev.start_char : prev.end_char].rstrip().endswith(":"):
            host = next(
                (d for d in dangling.values() if prev.start_char <= d.claim.cue[0] < prev.end_char),
                None,
            )
        # A quote opening a paragraph, attributed in the next sentence ('Mouallimi said so.').
        if host is None and nxt is not None:
            host = next(
                (d for d in dangling.values() if nxt.start_char <= d.claim.cue[0] < nxt.end_char),
                None,
            )
        if host is not None:
            if host.claim.content:
                host.claim.content.append(q)
            else:
                host.claim.content = [q]
                found.append(host)
            used.add(k)
            continue
        # A quote continuing the previous one (next sentence or paragraph): same speaker.
        before = [
            f
            for f in by_start
            if f.claim.kind == "direct" and f.claim.content and f.claim.content[-1][1] <= q[0]
        ]
        if before:
            last_claim = before[-1].claim
            gap = text[last_claim.content[-1][1] : q[0]]
            if len(gap) < 400 and ix.sent_no(q[0]) - ix.sent_no(last_claim.content[-1][1] - 1) <= 2:
                last_claim.content.append(q)
                used.add(k)


def extract(doc: Doc, analysis: Analysis | None = None) -> list[Found]:
    """All claims of ``doc`` in reading order, with their source tokens (speakers unresolved)."""
    ix = _Index(doc, analysis)
    used: set[int] = set()
    dangling: dict[int, Found] = {}
    found: list[Found] = []
    for sent in ix.sents:
        if len(sent) > _MAX_SENT_TOKENS:  # run-on or junk text: nothing reliable to read
            continue
        found.extend(_sentence_claims(ix, sent, used, dangling))
    _attach_orphans(ix, found, used, dangling)
    # Stance verbs inside someone's reported words are part of that claim, not a new one.
    spans = [c for f in found for c in f.claim.content]
    found = [
        f
        for f in found
        if f.claim.cue_lemma not in cues.STANCE
        or not any(s <= f.claim.cue[0] < e for s, e in spans)
    ]
    found.sort(key=lambda f: f.claim.cue[0])
    for f in found:
        f.claim.content.sort()
        f.claim.sentence = ix.analysis_sentence(f.claim.cue[0])
    return found


def find(
    doc: Doc, analysis: Analysis | None = None, sentences: list[int] | None = None
) -> tuple[list[Claim], list[Speaker]]:
    """Claims (restricted to ``sentences`` if given) and the speakers they resolve to."""
    from precis.claims.speakers import resolve  # speakers imports this module's helpers

    found = extract(doc, analysis)
    speakers = resolve(doc, found)
    claims = [f.claim for f in found]
    if sentences is not None and analysis is not None:
        wanted = [analysis.sentences[i].span for i in sentences if 0 <= i < len(analysis.sentences)]

        def touches(c: Claim) -> bool:
            spans = [c.cue, *c.content]
            return any(s[0] < w[1] and w[0] < s[1] for s in spans for w in wanted)

        claims = [c for c in claims if touches(c)]
    return claims, speakers


def claims_in(doc: Doc, analysis: Analysis, sentences: list[int] | None = None) -> list[Claim]:
    """Claims whose cue or content lies in ``sentences`` (all when None), speakers resolved.

    Works on "full" docs and on "parse" docs without entities. Each claim's ``speaker`` is a
    readable name and ``label`` the short name a highlight frame needs ("Russia", "Lavrov").
    """
    return find(doc, analysis, sentences)[0]
