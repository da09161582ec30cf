"""Extract attributed claims from a parsed article: direct quotes and reported speech.

Cues and their source and content phrases come from the learned tagger over spaCy's dependency
parse (:mod:`precis.claims.tagger`); quotations are found in the raw text and attached here by rule:
to the cue whose content they are, to a cue of the neighbouring sentence ('Lavrov said:' then the
quote), or to the quote they continue. Works on "full" docs (entities set) and "parse" docs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Literal

from spacy.tokens import Doc, Span, Token

from precis import nlp
from precis.claims import cues, features, tagger
from precis.claims.found import Found
from precis.claims.quotes import find_quotes, long_quotes, with_single_quotes
from precis.claims.speakers import resolve
from precis.model import Analysis, Claim, Offsets, Speaker
from precis.spans import overlaps

#: Parses above this many tokens per sentence are not worth reading (bad input, run-on text).
_MAX_SENT_TOKENS = 400


def _trim(doc: Doc, start: int, end: int) -> Offsets | None:
    """Char span of tokens [start, end) without edge punctuation (quote marks and a number's "%"
    kept)."""
    while start < end and (
        (doc[start].is_punct and not doc[start].is_quote) or doc[start].is_space
    ):
        start += 1
    while end > start and (
        (doc[end - 1].is_punct and not doc[end - 1].is_quote and not nlp.number_mark(doc[end - 1]))
        or doc[end - 1].is_space
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def cue_span(verb: Token) -> Offsets:
    """The cue as PolNeAR marks it: auxiliaries, "not", adverbs and a particle around the verb."""
    lo = hi = verb.i
    for child in verb.lefts:
        near = child.i >= verb.i - 3
        if near and (child.dep_ in ("aux", "auxpass", "neg") or child.lower_ == "also"):
            lo = min(lo, child.i)
    doc = verb.doc
    # Adverbs right before the verb belong to it ("later said", "repeatedly denied").
    while lo > 0 and doc[lo - 1].dep_ == "advmod" and doc[lo - 1].head.i == verb.i:
        if doc[lo - 1].tag_ not in ("RB", "RBR", "RBS"):
            break
        lo -= 1
    phrasal = verb.lower_.startswith("call")  # "called for", "called on"
    for child in verb.rights:
        prep = child.dep_ == "prep" and child.lower_ in ("for", "on") and phrasal
        if (child.dep_ == "prt" or prep) and child.i <= verb.i + 2:
            hi = max(hi, child.i)
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


class _Index:
    """Sentence and quote look-ups over one doc, shared by the extraction passes."""

    def __init__(self, doc: Doc, analysis: Analysis | None) -> None:
        self.doc = doc
        self.text = nlp.text_of(doc)  # Doc.text joins every token: build it once per doc
        #: Every quotation, short ones too ("We lost."): a cue's whole content may be one.
        # British-style speech in single marks too ("'I can't just say yes,' Stewart said.").
        self.all_quotes = with_single_quotes(self.text, find_quotes(self.text))
        self.quotes = long_quotes(self.text, self.all_quotes)
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
        # Quotes are sorted and never overlap: only those opening from the one before ``start``
        # up to ``end`` can touch the stretch (a scan of all of them made this quadratic).
        lo = max(0, bisect_right(self.q_starts, start) - 1)
        hi = bisect_left(self.q_starts, end)
        return [k for k in range(lo, hi) if overlaps(self.quotes[k], (start, end))]

    def sent_no(self, char: int) -> int:
        return max(0, bisect_right(self.s_starts, char) - 1)

    def analysis_sentence(self, char: int) -> int | None:
        if not self.a_starts:
            return None
        return max(0, bisect_right(self.a_starts, char) - 1)


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


_PRO_FORMS = frozenset({"so", "this", "that", "it", "as", "much"})


class _Roles:
    """What the tagger's argument models chose for one cue."""

    __slots__ = ("content", "prep", "source", "src", "taken")

    def __init__(self, model: tagger.Tagger, doc: Doc, cue: Token, lemma: str) -> None:
        src, con = tagger.roles(model, cue, lemma)
        reporter = _reporting_ancestor(cue, lemma)
        if reporter is not None:
            # '..., adding that ...' deep in a clause: the speaker of the reporting verb above.
            src = tagger.source_of(model, reporter, "say") or src
        self.src: Token | None = src[0].head if src is not None else None
        #: Tokens of the chosen source and content: the cue phrase may not run into them.
        self.taken = {
            i for c in (src, con) if c is not None for a, b in c[0].ranges for i in range(a, b)
        }
        self.source = _trim(doc, src[0].start, src[0].end) if src is not None else None
        first = _split_subject(self.src)
        if first is not None and self.src is not None:
            # The parser split one subject in two ("officials in Rio Grande | do Sul said"): the
            # source is the whole stretch, headed by the first part.
            lo, hi = first.left_edge.i, self.src.right_edge.i + 1
            self.source, self.src = _trim(doc, lo, hi), first
            self.taken |= set(range(lo, hi))
        self.content = [r for r in (_trim(doc, s, e) for s, e in con[0].ranges) if r] if con else []
        if self.source and any(overlaps(self.source, c) for c in self.content):
            self.content = []
        if con is not None and con[0].end - con[0].start == 1 and con[0].head.lower_ in _PRO_FORMS:
            self.content = []  # "said so": the words are elsewhere (a neighbouring quotation)
        #: "critical of X", "petitioned for X": the preposition belongs to the cue.
        self.prep: Token | None = None
        if con is not None and con[0].path.startswith("grand:prep>"):
            self.prep = con[0].head.head


def _split_subject(head: Token | None) -> Token | None:
    """The verb's first subject when ``head`` is a second one right after it (a misparse: a
    clause has one subject), else None."""
    if head is None or head.dep_ != "nsubj" or head.pos_ != "PROPN":
        return None
    subjects = [t for t in head.head.children if t.dep_ == "nsubj"]
    first = subjects[0]
    # Spacy makes a new Token object per access: compare positions, not identity.
    if len(subjects) < 2 or first.i >= head.i or first.pos_ not in ("NOUN", "PROPN"):
        return None
    between = head.doc[first.right_edge.i + 1 : head.left_edge.i]
    # Only when nothing but the split name lies between them (no comma, no clause).
    if any(t.is_punct or t.pos_ == "VERB" for t in between):
        return None
    return first


def _reporting_ancestor(cue: Token, lemma: str) -> Token | None:
    """For "adding"/"saying" hanging off a clause, the nearest speech verb above it, if any."""
    if cue.tag_ != "VBG" or cue.dep_ not in ("advcl", "xcomp") or lemma not in cues.SPEECH:
        return None
    for anc in list(cue.ancestors)[1:]:  # its own head is the clause it continues
        if anc.pos_ == "VERB" and cues.cue_lemma(anc.text) in cues.SPEECH:
            return anc
    return None


def _cue_of(model: tagger.Tagger, tok: Token, lemma: str, roles: _Roles) -> Offsets:
    if lemma == "according to":
        to = next((c for c in tok.rights if c.lower_ == "to"), None)
        if to is not None:
            return tok.idx, to.idx + len(to)
    start, end = cue_span(tok)
    if roles.source is not None and roles.source[0] < start < roles.source[1]:
        start = tok.idx  # an auxiliary inside the source is the source's ("do" of "do Sul")
    prep = roles.prep
    if prep is not None and 0 < prep.i - tok.i <= 2 and prep.head.i == tok.i:
        end = max(end, prep.idx + len(prep))
    # "reported by", "went on to say", "released a statement": the learned run-on.
    doc = tok.doc
    last = tagger.cue_end(model, tok, lemma, features.phrase_end(tok, end), roles.taken)
    return start, max(end, doc[last].idx + len(doc[last]))


def _sentence_claims(
    ix: _Index, sent: Span, used: set[int], dangling: dict[int, Found]
) -> list[Found]:
    doc = ix.doc
    model = tagger.load()
    out: list[Found] = []
    qs = ix.quotes_in(sent.start_char, sent.end_char)
    for tok in sent:
        in_quote = ix.quote_at(tok.idx) is not None
        if not model.is_cue(tok, in_quote):
            continue
        lemma = features.cue_lemma_of(tok)
        roles = _Roles(model, doc, tok, lemma)
        src, source, content = roles.src, roles.source, roles.content
        # A cue inside a quotation reports within it: the quotation is not its content.
        free = [
            k
            for k in qs
            if k not in used and not in_quote and not (source and _inside(ix.quotes[k], source, 0))
        ]
        quotes: list[int] = []
        speech = lemma in cues.SPEECH
        if content:
            content = [_close_quote(ix, c) for c in content]
            # The clause is a quotation (or sits inside one): a direct claim.
            quotes = [k for k in free if any(_inside(c, ix.quotes[k], 3) for c in content)]
        elif free and speech and src is not None:
            quotes = free
        negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children)
        cue = _cue_of(model, tok, lemma, roles)
        # "went on to say that ...": the outer cue's phrase took this one in; one claim.
        host = next(
            (f for f in out if f.claim.cue[0] <= tok.idx < f.claim.cue[1] and not f.claim.content),
            None,
        )
        if quotes:
            quotes = _split_quote(ix, quotes, free, tok)
            used.update(quotes)
            spans = [ix.quotes[k] for k in quotes]
            if host is not None:
                _merge(host, spans, "direct", lemma, source, src)
                continue
            claim = Claim(cue, spans, "direct", lemma, source, negated=negated)
            out.append(Found(claim, src))
            continue
        if not content:
            if src is not None and speech:
                dangling[tok.idx] = Found(
                    Claim(cue, [], "direct", lemma, source, negated=negated), src
                )
            elif source is not None:
                out.append(Found(Claim(cue, [], "indirect", lemma, source, negated=negated), src))
            continue
        used.update(k for k in qs if any(_inside(ix.quotes[k], c) for c in content))
        if host is not None:
            _merge(host, content, "indirect", lemma, source, src)
            continue
        kind: Literal["direct", "indirect"] = "indirect"
        quoted = _quoted_whole(ix, content) if speech else None
        if quoted is not None:
            # The cue's content is a quotation, short as it may be ('told reporters "We lost."').
            content, kind = quoted, "direct"
        claim = Claim(cue, content, kind, lemma, source, negated=negated)
        out.append(Found(claim, src))
    return out


def _quoted_whole(ix: _Index, content: list[Offsets]) -> list[Offsets] | None:
    """The quotations (marks included) that ``content`` consists of, or None if it is not one."""
    out = []
    for start, end in content:
        q = next(
            (
                q
                for q in ix.all_quotes
                if q[0] - 2 <= start and end <= q[1] + 2 and (end - start) >= (q[1] - q[0]) - 4
            ),
            None,
        )
        if q is None:
            return None
        out.append(q)
    return out or None


def _merge(
    host: Found,
    content: list[Offsets],
    kind: Literal["direct", "indirect"],
    lemma: str,
    source: Offsets | None,
    src: Token | None,
) -> None:
    """Give an outer cue without content ("went on to say") the inner cue's content."""
    claim = host.claim
    claim.content, claim.kind = list(content), kind
    if lemma in cues.SPEECH:  # "went on to say" reports speech: the frame may say "says"
        claim.cue_lemma = lemma
    if claim.source is None:
        claim.source, host.src = source, src


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
            if f.claim.content
            and f.claim.content[-1][1] <= q[0]
            and (f.claim.kind == "direct" or _ends_quoted(ix, f.claim.content[-1]))
        ]
        if before:
            last_claim = before[-1].claim
            gap = text[last_claim.content[-1][1] : q[0]]
            if len(gap) < 400 and ix.sent_no(q[0]) - ix.sent_no(last_claim.content[-1][1] - 1) <= 2:
                last_claim.content.append(q)
                used.add(k)


def _ends_quoted(ix: _Index, span: Offsets) -> bool:
    """Reported speech that closes on a quotation (he said it "will pass"): a quote may go on."""
    k = ix.quote_at(max(span[0], span[1] - 1))
    return k is not None and ix.quotes[k][1] - span[1] <= 3


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


def find(doc: Doc, analysis: Analysis | None = None) -> tuple[list[Claim], list[Speaker]]:
    """Claims and the speakers they resolve to.

    Works on "full" docs and on "parse" docs without entities. Each claim's ``speaker`` is a
    readable name and ``label`` the short name a highlight frame needs ("Russia", "Lavrov").
    """
    found = extract(doc, analysis)
    speakers = resolve(doc, found)
    return [f.claim for f in found], speakers
