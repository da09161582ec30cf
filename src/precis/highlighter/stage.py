"""The ``highlights`` stage: score, compress, attribute and select story highlights.

Only the best-scoring sentences are compressed (compression needs the parse of one sentence;
scoring needs only its tokens), so the stage costs a few milliseconds on top of the parse.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from spacy.tokens import Doc, Span, Token

from precis import nlp
from precis.claims.quotes import speech_spans
from precis.facts import gazetteer
from precis.highlighter import scorer, words
from precis.highlighter.captions import (
    caption_chain,
    caption_label_ends,
    is_caption,
    link_line,
    points_at_page,
    run_on,
    unterminated_caption,
    without_item_numbers,
)
from precis.highlighter.compress import (
    DANGLING_STARTS,
    LEARNED_UP_TO,
    SUBJECT_DEPS,
    TARGET_WORDS,
    Compression,
    balanced,
    compress,
    compress_rules,
    cutter,
    max_words,
    shorten_framed,
)
from precis.highlighter.cut_model import load_model as load_deletion_model
from precis.highlighter.cuts import FINITE_TAGS, REPORTING, quote_mask
from precis.highlighter.disputed import Guard
from precis.highlighter.frame import QUOTE, attribute, unnamed_pronoun
from precis.highlighter.naming import antecedent, full_names, named
from precis.highlighter.select import Candidate, expected_select, rescore, select
from precis.lexicon import (
    CONNECTIVES,
    PERSON_PRONOUNS,
    SAID_LEMMAS,
    SUBJECT_PRONOUNS,
    TITLES,
)
from precis.model import Analysis, Highlight, Piece
from precis.settings import StageSettings, setting
from precis.stages import register

#: Highlights per article unless the caller asks otherwise (3 scores best on CNN/DM dev).
DEFAULT_COUNT = 3
#: Pronouns that, as a speaker, leave a highlight's quotation unattributed.
SPEAKER_PRONOUNS = SUBJECT_PRONOUNS - {"it"}


@dataclass(frozen=True)
class HighlightsSettings(StageSettings):
    max_highlights: int = setting(
        DEFAULT_COUNT, minimum=1, maximum=100, help="at most N highlights"
    )
    target_words: int = setting(
        TARGET_WORDS,
        minimum=8,
        maximum=500,
        help="compress each highlight toward at most this many words "
        "(25 or less: learned cuts, none over 25 words; more: rule-based cuts, longer bullets)",
    )
    selection: Literal["auto", "expected", "mmr"] = setting(
        "auto",
        help="'expected': the candidates with the highest expected ROUGE-1/2 F under the "
        "learned word model (a repeat gains nothing; between min_highlights and max_highlights); "
        "'mmr': best scores with redundancy control, always max_highlights; 'auto': expected "
        "at target_words 25 or less, mmr above (what editors' reads of dev preferred)",
    )
    min_highlights: int = setting(
        2, minimum=1, maximum=100, help="with selection 'expected': at least N highlights"
    )


def expected_selection(settings: HighlightsSettings) -> bool:
    """Whether these settings choose highlights by expected F (see ``selection``)."""
    if settings.selection == "auto":
        return settings.target_words <= LEARNED_UP_TO
    return settings.selection == "expected"


#: Weight of the 1/(1+position) lead prior added to the scorer's log-odds.
POSITION_PRIOR = 3.0
#: Weight of the lead prior added when the compressed candidates are rescored (scorer_cut.json has
#: its own position features). The best rescored candidate is always chosen, so this decides how
#: often the lede is forced in; 0 against 3.0 at --words 20: dev +0.09 R-2, 400 held-out train
#: +0.55, 102 train rows no model saw +0.40 (session 10, scripts/tune_highlights.py).
RESCORE_PRIOR = 0.0
#: Longer cuts each candidate sentence also offers to the expected-F selection (none: -0.36 /
#: -0.33 R-1 / R-2 on 400 held-out train articles at --words 20, 18.9 words per highlight against
#: 19.9; scripts/tune_highlights.py).
ALTERNATE_TARGETS: tuple[int, ...] = (25,)
#: Sentences scored lower than the best ``CANDIDATES`` are never compressed (with selection
#: "expected" ``EXPECTED_CANDIDATES``: 8 scored as 10 on held-out train and dev, in less time).
EXPECTED_CANDIDATES = 8
CANDIDATES = 10
MIN_WORDS = 5
#: A sentence that is all quotation is someone's words: a highlight only with its source's frame
#: (dev --words 20 R-2 +0.08, 102 unseen train rows +0.23, 400 held-out +0.00; session 12).
SKIP_QUOTED = True
#: A sentence longer than this cannot be cut down to a highlight.
MAX_SENTENCE_WORDS = 90
_END = re.compile(r"""[.!?]["'”’)]*$""")
#: A piece that joins the one before without a space: punctuation, or a possessive "'s" after a
#: name put in for a surname ("Emmanuel Adebayor's").
_PUNCT_START = re.compile(r"^(?:[,.;:!?)\]]|['’]s\b)")
_WORDS = re.compile(r"\w")


def render(pieces: list[Piece]) -> str:
    """Join pieces into a highlight: single spaces, first letter capitalised, closing period.

    Letter case is the only change to the article's words: the first letter of the highlight is
    capitalised and a piece flagged ``lower`` starts in lower case.
    """
    text = ""
    open_quote = False
    glue = True  # no space before the first piece, after an opening quote, before punctuation
    for piece in pieces:
        part = " ".join(piece.text.split())
        if not part:
            continue
        if piece.lower:
            part = part[0].lower() + part[1:]
        if piece.span is None and part == QUOTE:
            open_quote = not open_quote
            if open_quote:
                text = f"{text} {part}" if text else part
                glue = True
            else:
                text = text.rstrip(",;: ") + part
            continue
        text = f"{text}{part}" if glue or _PUNCT_START.match(part) else f"{text} {part}"
        glue = False
    text = text.rstrip(",;:–—- ")
    for i, ch in enumerate(text):
        if ch.isalpha():
            text = text[:i] + ch.upper() + text[i + 1 :]
            break
        if ch not in "\"'“‘(":
            break
    if text and not _END.search(text):
        text += "."
    return text


#: A single quote that opens a quotation ('glowing) and one that closes it (glowing'), told apart
#: from apostrophes ("it's", "Sinfield's") by what stands on either side.
_SQ_OPEN = re.compile(r"(?:^|(?<=[\s(\[]))['‘](?=\w)")
_SQ_CLOSE = re.compile(r"(?<=[\w.!?])['’](?=$|[\s.,;:!?)])")
_SQ_PUNCT_CLOSE = re.compile(r"(?<=[,.!?])['’](?=$|\s)")
#: What may stand between a highlight's last word and the quote mark that closes it.
_CLOSING = re.compile(r"[.!?]{0,3}['’]")


def close_single_quote(pieces: list[Piece], text: str) -> list[Piece] | None:
    """``pieces`` with an open single quote closed from the article, or None if it cannot be.

    British-style quotes close after the sentence's last word ("... 'all evasion'."), so the
    sentence span often stops just before the mark: the last piece then takes in the article's
    own closing mark (and the "." or "?" before it). A highlight never opens a quote it does not
    close.
    """
    joined = " ".join(p.text for p in pieces)
    if len(_SQ_OPEN.findall(joined)) <= len(_SQ_CLOSE.findall(joined)):
        return pieces
    last = pieces[-1]
    if last.span is None:
        return None
    start, end = last.span
    m = _CLOSING.match(text, end)
    if m is None:
        return None
    return [*pieces[:-1], Piece(text[start : m.end()], (start, m.end()), last.lower)]


def open_single_quote(pieces: list[Piece], text: str) -> list[Piece] | None:
    """``pieces`` with the article's opening single quote put back, or None if it is not there.

    A sentence that opens a quotation ("'Hillary Clinton has gotten ...,' Julia explained.")
    can lose its opening mark at the sentence's edge; a highlight never closes a quote it did
    not open.
    """
    joined = " ".join(p.text for p in pieces)
    # Only a mark after the quotation's own punctuation ("years,'") closes for sure; one after
    # a word may be a plural possessive ("Bates' training").
    if len(_SQ_PUNCT_CLOSE.findall(joined)) <= len(_SQ_OPEN.findall(joined)):
        return pieces
    first = pieces[0]
    if first.span is None:
        return None
    start, end = first.span
    if start == 0 or text[start - 1] not in "'‘":
        return None
    return [Piece(text[start - 1 : end], (start - 1, end), first.lower), *pieces[1:]]


def _word_count(span: Span) -> int:
    return sum(1 for t in span if not (t.is_punct or t.is_space))


#: A sentence whose main verb hangs on one of these is half a sentence ("Because ...": the
#: answer to a question the highlights leave out).
_SUBORDINATORS = frozenset({"because", "although", "though", "whereas", "unless"})
_FIRST_LETTER = re.compile(r"[^\W\d_]")


def _has_subject(tok: Token) -> bool:
    """A verb with a subject, whatever its tag says ("Syrians *wait*" tagged VB)."""
    return tok.pos_ in {"VERB", "AUX"} and any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def _continues(span: Span) -> bool:
    """Whether a sentence opens in lower case, or right after an ellipsis inside a quotation its
    paragraph opened: the rest of one the splitter cut, or of a quote ("... wrote: 'Once
    again... *#WalterScott' and added a broken heart.*")."""
    m = _FIRST_LETTER.search(span.text)
    if m is not None and m.group().islower():
        return True
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        if "\n" in doc[i].text:
            return False
        i -= 1
    if i < 0 or "\n" in doc[i].whitespace_ or not doc[i].text.endswith(("...", "…")):
        return False
    start = i
    floor = max(0, i - _QUOTE_LOOKBACK)  # bounded: one paragraph can be a whole 5 MB text
    while start > floor and "\n" not in doc[start - 1].text + doc[start - 1].whitespace_:
        start -= 1
    return _open_quote(doc[start : i + 1].text)


#: How many tokens before an ellipsis :func:`_continues` reads for a quotation left open.
_QUOTE_LOOKBACK = 300
#: A quotation mark that opens (after a space, a colon or the start) or closes one.
_QUOTE_OPENS = re.compile(r"(?:^|(?<=[\s:(]))['‘\"“](?=\w)")
_QUOTE_CLOSES = re.compile(r"(?<=[\w.,!?…])['’\"”](?=[\s.,;:!?)]|$)")


def _open_quote(paragraph: str) -> bool:
    """Whether ``paragraph`` leaves a quotation open at its end."""
    return len(_QUOTE_OPENS.findall(paragraph)) > len(_QUOTE_CLOSES.findall(paragraph))


def _unnamed_speaker(doc: Doc, kept: list[int]) -> bool:
    """Whether the kept words report speech by a pronoun ('"...," *she* said', "he told me")
    with no name before it in the highlight to say who (not "after he posted")."""
    for i in kept:
        tok = doc[i]
        if tok.pos_ == "PROPN":
            return False  # a name comes first: the pronoun may stand for it
        if (
            tok.lower_ in SPEAKER_PRONOUNS
            and tok.dep_ == "nsubj"
            and nlp.lemma(tok.head) in SAID_LEMMAS
        ):
            return True
    return False


def _ends_on_title(span: Span) -> bool:
    """Whether a sentence ends on a title's full stop ("..., said Capt.")."""
    words = [t for t in span if not (t.is_space or t.is_punct)]
    return bool(words) and words[-1].text.rstrip(".") in TITLES


#: Marks that open a quotation at a sentence's start, and the marks that may close each.
_OPENERS = {"'": "'’", "‘": "’'", '"': '"', "“": "”"}


def _opens_running_quote(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` opens with a quote mark that nothing in it
    closes: one sentence of a quotation that runs on ("'I know I feel very powerful ...",
    the Mail's style of opening each quoted sentence with a mark and closing only the last)."""
    at = start if text[start] in _OPENERS else start - 1
    if at < 0 or text[at] not in _OPENERS or not text[at + 1 : at + 2].isalpha():
        return False
    if at == start - 1 and at > 0 and not text[at - 1].isspace():
        return False  # an apostrophe ("rock 'n' roll"), not an opening mark
    closers = _OPENERS[text[at]]
    for k in range(at + 1, end):
        if text[k] in closers and (k + 1 >= end or not text[k + 1].isalpha()):
            if text[k - 1] in "sSzZ" and text[k] in "'’":
                continue  # a plural possessive ("the players' bus")
            return False
    return True


#: A sentence that hands the one before it to its source ("Or so says actress Patsy Kensit",
#: "That's according to a survey from Visa"): that one is someone's claim, not the writer's.
_ATTRIBUTES_PREVIOUS = re.compile(
    r"""["'‘“]?(?:Or so (?:says|say|claims|claim)\b|So (?:says|say|claims)\b"""
    r"|That(?:'|’)?s according to\b|That is according to\b"
    r"|(?:That|This) is the (?:verdict|view|claim|conclusion|finding|warning) of\b"
    r"|That(?:'|’)s the (?:verdict|view|claim|conclusion|finding|warning) of\b)",
    re.IGNORECASE,
)


def _quoted(speech: list[tuple[int, int]], text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is all quotation: it opens inside one that runs
    to its end ("'Mentally we will have no problems ...'"), not "'...,' she said"."""
    k = bisect.bisect_right(speech, start, key=lambda q: q[0]) - 1
    if k < 0 or not speech[k][0] <= start < speech[k][1]:
        return False
    return _WORDS.search(text, speech[k][1], end) is None


def _pieces(comp: Compression, text: str) -> list[Piece]:
    return [Piece(text[s:e], (s, e)) for s, e in comp.runs()]


def _candidate(
    doc: Doc,
    analysis: Analysis,
    guard: Guard,
    index: int,
    span: Span,
    score: float,
    target: int,
    framed: tuple[list[Piece], str | None] | None,
    names: dict[int, Piece | None],
) -> Candidate | None:
    """Compressed, attributed, self-contained version of one sentence, or None if unusable.

    ``framed`` is the sentence's attribution frame (:func:`attribute`), the same for every
    target; ``names`` caches each sentence's antecedent (:func:`antecedent` runs the entity
    recogniser over the sentences before).
    """
    text = analysis.article.text
    learned = target <= LEARNED_UP_TO
    if framed is not None:
        pieces, source = framed
        # Long targets keep a frame's content whole, up to max_words (the measured default).
        if learned and sum(len(p.text.split()) for p in pieces) > target:
            # The cuts count the sentence's own attribution ("..., an alarming report found");
            # the bullet has the frame instead ("A report by the United Nations says"): the
            # target and the cap move by the difference (dev 208: the lede lost, over the cap).
            frame = sum(len(p.text.split()) for p in pieces[:2])
            content = sum(len(p.text.split()) for p in pieces[2:] if p.span is not None)
            extra = frame - (_word_count(span) - content)
            pieces = shorten_framed(
                pieces, compress(span, target - extra, cap=max_words(target) - extra)
            )
    else:
        comp = cutter(target)(span, target)
        if learned and comp.words > target:
            # The learned cuts stopped short of the target: the rules' cuts (a denial's second
            # conjunct, a trailing clause) may reach it.
            ruled = compress_rules(span, target)
            if ruled.kept and ruled.words <= target:
                comp = ruled
        if not comp.kept:
            return None
        pieces, source = _pieces(comp, text), None
        first = next((doc[i] for i in comp.kept if not doc[i].is_punct), None)
        if first is None:
            return None
        quoted = first.i != comp.kept[0]
        pronoun: Token | None = None
        if first.lower_ in PERSON_PRONOUNS and first.dep_.startswith("nsubj") and not quoted:
            pronoun = first
        elif first.lower_ in DANGLING_STARTS | PERSON_PRONOUNS | CONNECTIVES:
            return None
        else:
            # "In a report this week she criticised ...": who? The name, if the article has one.
            pronoun = unnamed_pronoun(doc, comp.kept)
            if pronoun is not None and quote_mask(span, single=True)[pronoun.i - span.start]:
                return None  # a quotation keeps its own words
        if pronoun is not None:
            if index not in names:
                names[index] = antecedent(doc, analysis, index)
            name = names[index]
            swapped = None if name is None else named(pieces, pronoun, name, text)
            if swapped is None:
                return None
            pieces = swapped
        if _unnamed_speaker(doc, comp.kept):
            return None  # '"All the investigators have left the site," he said.': who did?
        # A point another source disputes is shown with its source, or not at all.
        reviewed = guard.review(span, pieces, source)
        if reviewed is None:
            return None
        pieces, source = reviewed
    closed = close_single_quote(pieces, text)
    if closed is None:
        return None
    opened = open_single_quote(closed, text)
    if opened is None:
        return None
    pieces = opened
    words = sum(len(p.text.split()) for p in pieces)
    if words > max_words(target) or words < 4 or not balanced(" ".join(p.text for p in pieces)):
        return None
    # With the learned cuts the stage rescores every candidate as it reads (scorer_cut.json), which
    # replaces this score; a penalty for the share of words cut had no effect there (session 12).
    return Candidate(index, score, pieces, words, source)


def _event(span: Span) -> tuple[str, str, str] | None:
    """Who did what to what in a sentence's main clause: (subject, verb lemma, object), lower
    case, when all three are there and the verb is no saying verb.

    Two highlights with the same triple tell one fact twice, whatever their other words
    ("Paul Downton has left his role as managing director ..." and a caption's "Downton leaves
    his role as ECB managing director following ...", dev row 238).
    """
    root = span.root
    if root.pos_ != "VERB" or root.lower_ in REPORTING:
        return None
    kids = list(root.children)
    if any(c.dep_ == "ccomp" for c in kids):
        return None  # "..., an inquest has heard": what was said is the fact, not the saying
    subject = [c for c in kids if c.dep_ in {"nsubj", "nsubjpass"}]
    thing = [c for c in kids if c.dep_ in {"dobj", "attr"}]
    if not subject or not thing or subject[0].pos_ not in {"NOUN", "PROPN"}:
        return None  # "She left her job": a pronoun may be two people
    return (subject[0].lower_, nlp.lemma(root).lower(), thing[0].lower_)


def _load_highlights() -> None:
    scorer.load_model()
    scorer.load_model(name=scorer.CUT)
    load_deletion_model()
    words.word_model()
    gazetteer.place_words()  # naming: whether a surname the recogniser calls a place is one


@register(
    "highlights",
    requires=("claims", "disputes"),
    assigns=("highlights",),
    settings=HighlightsSettings,
    profile="parse",
    load=_load_highlights,
)
def highlights_stage(analysis: Analysis, doc: Doc, settings: HighlightsSettings) -> None:
    """Story highlights: scored sentences, compressed, attributed when disputed, then selected."""
    k = settings.max_highlights
    target = settings.target_words
    sentences = analysis.sentences
    if not sentences:
        return
    spans: list[Span] = []
    for s in sentences:
        span = doc.char_span(s.span[0], s.span[1], alignment_mode="expand")
        assert span is not None  # sentence offsets come from this doc's own tokens
        spans.append(span)
    spans = without_item_numbers(spans)
    tokens = [[t.lower_ for t in sp if not t.is_space] for sp in spans]
    title = None
    if analysis.article.title:
        title = [t.lower_ for t in nlp.load().tokenizer(analysis.article.title)]
    # The learned scorer plus a lead prior (news puts the point first; weight tuned on dev).
    scores = scorer.score(tokens, title) + POSITION_PRIOR / (1.0 + np.arange(len(tokens)))
    order = sorted(range(len(sentences)), key=lambda i: -scores[i])
    # The claims and disputes stages ran first (declared requirements): read, never re-extract.
    claims = analysis.claims
    guard = Guard(analysis)
    candidates: list[Candidate] = []
    # With the expected-F selection each sentence may also offer a longer cut (the search
    # weighs what its words add against their length); MMR takes one version per sentence.
    alternates: list[Candidate] = []
    names: dict[int, Piece | None] = {}
    label_ends = caption_label_ends(analysis.article)
    targets = [target]
    expected = expected_selection(settings)
    if expected and target <= LEARNED_UP_TO:
        targets += [t for t in ALTERNATE_TARGETS if target < t <= LEARNED_UP_TO]
    most = EXPECTED_CANDIDATES if expected else CANDIDATES
    speech = speech_spans(analysis.article.text) if SKIP_QUOTED else []
    for i in order:
        if len(candidates) >= most:
            break
        span = spans[i]
        n = _word_count(span)
        if n < MIN_WORDS or n > MAX_SENTENCE_WORDS or span.text.rstrip().endswith(("?", "!")):
            continue  # a question, or an exclamation ("Eiffel Tower touches Van De Ven!")
        if _continues(span) or _ends_on_title(span):
            # "on the April 1 edition of ... encountered", "..., said Capt.": the splitter cut
            # a sentence (at a title's full stop)
            continue
        joined = run_on(span)
        if joined is None and is_caption(span, label_ends):
            continue  # a photo caption is no highlight (issue 12: cleaned before selection)
        if joined is not None:  # a caption run into the body: only the body's sentence
            span = doc[joined : span.end]
            if _word_count(span) < MIN_WORDS:
                continue
        if caption_chain(span):
            continue  # "... a Mirrey Purchasing power: Mirreyes ... Selfie star: López ..."
        if points_at_page(span):
            continue  # "these images will have ...", "The plot above is based on ..."
        if unterminated_caption(span, analysis.article.text[span.start_char : span.end_char]):
            continue  # "Alec Stewart stands at the KIA Oval ahead of a team photo shoot"
        if link_line(span):
            continue  # "'Star Wars' universe gets its first gay character ."
        if span.root.pos_ not in {"VERB", "AUX"} and not any(t.dep_ in SUBJECT_DEPS for t in span):
            continue  # a fragment: no verb at its root and no subject anywhere
        if not any(t.tag_ in FINITE_TAGS or _has_subject(t) for t in span):
            continue  # no clause: "One side Bradford with a 3-0 replay win", "Check out ..."
        if any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in span.root.children):
            continue  # half a sentence: "Because, according to her, she is ill." (why what?)
        made: list[Candidate] = []
        framed = attribute(analysis, claims, i, span)
        if framed is None and (
            _quoted(speech, analysis.article.text, span.start_char, span.end_char)
            or _opens_running_quote(analysis.article.text, span.start_char, span.end_char)
            or (i + 1 < len(sentences) and _ATTRIBUTES_PREVIOUS.match(sentences[i + 1].text))
        ):
            continue  # someone's words without their name ("'Mentally we will have no problems")
        for t in targets:
            if made and made[0].words >= _word_count(span):
                break  # the sentence stands whole: a longer cut is the same text
            cand = _candidate(doc, analysis, guard, i, span, float(scores[i]), t, framed, names)
            if cand is not None and all(cand.text != m.text for m in made):
                made.append(cand)
        if made:
            candidates.append(made[0])
            alternates.extend(made[1:])
    if not candidates:
        analysis.warnings.append(
            "no sentence could be made into a highlight "
            "(too short, too long, or not self-contained)"
        )
        return
    if target <= LEARNED_UP_TO:
        # Rank the compressed candidates as they read (scorer_cut.json), not as their sentences
        # did: +0.2 ROUGE-1/2 at --words 25 on dev; at 30 (rule cuts, ~23 words) it cost 0.5.
        tokenizer = nlp.load().tokenizer
        rescore(
            candidates,
            tokens,
            lambda text: [t.lower_ for t in tokenizer(text) if not t.is_space],
            lambda i: RESCORE_PRIOR / (1.0 + i),
            title,
        )
        # An alternate is its sentence's longer cut: its sentence's score (rescoring it too
        # changed held-out train ROUGE by 0.01 and cost 10 ms an article).
        primary = {c.sentence: c.score for c in candidates}
        for alt in alternates:
            alt.score = primary[alt.sentence]
    model = words.word_model() if expected else None
    if model is not None:
        pool = candidates + alternates
        most = min(k, len(candidates))  # one version of each sentence at most
        chosen = expected_select(
            [sp.text for sp in spans],
            pool,
            [render(c.pieces) for c in pool],
            model,
            min(settings.min_highlights, most),
            most,
            [_event(spans[c.sentence]) for c in pool],
        )
    else:
        chosen = select(candidates, k)
    # "Maslany told reporters": the highlights are read without the article, so a person's
    # first mention there gets the full name the article introduced them by.
    pieces = full_names(doc, analysis, [(c.sentence, c.pieces) for c in chosen], max_words(target))
    for cand, kept in zip(chosen, pieces, strict=True):
        analysis.highlights.append(
            Highlight(render(kept), kept, cand.sentence, cand.score, cand.source)
        )
