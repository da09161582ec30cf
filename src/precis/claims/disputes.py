"""Disputed claims: which statements in an article (or a story of several) contradict each other.

Word rules over the statements' text, no model, so every finding can be explained. Two statements
from different *sides* dispute each other when they are about the same thing (they share at least
``MIN_SHARED`` topic words) and:

* ``denial``: exactly one of them denies: its cue is deny/dispute/refute/rebut, or reject/dismiss
  with a proposition ("rejected accusations that ...", not "dismissed one count"), or its content
  calls something unfounded, groundless, untrue ... (not "false": "a false instrument")
  ("Lavrov rejected accusations that the strikes hit civilians" against "Khoja said the strikes
  killed civilians");
* ``negation``: neither denies, one negates a shared word ("did not hit civilians": "not", "no",
  "never", "without" govern the next few words) and the other negates nothing; or
* ``figure``: they give different counts of the same kind of thing ("14 people had died" against
  "31 bodies": a count of anyone dead is one kind); qualified counts ("more than 30", "about 30")
  are ranges and only disagree when the ranges do not meet. Death counts need no other shared
  word; other counts need ``MIN_SHARED`` shared topic words besides the counted noun.

The writer's own sentences (side :data:`WRITER`) are held to less: the writer never denies, and
only a denial or a differing death count by a source disputes them (negation and other counts
match too much that is merely on the same subject in a news article).

A side is the speaker's label (case-insensitive), so "Lavrov" and "the Russian defence ministry"
(both "Russia") never dispute each other; :data:`WRITER` is the article's own voice.
Topic words are lower-cased, crudely stemmed content words without stopwords, negations, framing
nouns ("accusations", "reports") and, when ``common`` is given, the words that name the whole
story rather than the point at issue ("Russian", "strikes" in an article about Russian strikes;
see :func:`common_words`).

Nothing here reads a parse: statements are plain text plus a side, so statements of several
articles can be pooled (``Statement.article`` tells them apart) to find the disputes of a story.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from precis.facts.figures import UNITS_WORDS, parse_number
from precis.model import Claim, Dispute, DisputeReason

#: Side of a sentence the article states on its own authority.
WRITER = "(article)"
MIN_SHARED = 2
#: A word in more than this share of the background texts names the story, not the point.
COMMON_SHARE = 0.25
#: Below this many background texts every word looks common; do not filter then.
MIN_BACKGROUND = 8


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
NEGATIONS = frozenset("not no never neither nor without none nobody nothing".split())
#: Words after a negation that it denies ("did not hit civilians"), up to the next punctuation.
NEGATION_SCOPE = 6
_CLAUSE = re.compile(r"[^\w\s'’-]")
DENIAL_CUES = frozenset("deny dispute refute rebut".split())
#: Cues that deny only when their object is a proposition ("rejected the claims that ...").
REJECT_CUES = frozenset("reject dismiss".split())
DENIAL_WORDS = frozenset(
    """unfounded groundless baseless untrue fabricated fabrication fiction nonsense absurd
    incorrect inaccurate misleading""".split()
)
#: Nouns that frame a proposition without being its topic ("accusations that ...").
FRAMING = frozenset(
    """accusation accusations charge charges claim claims allegation allegations rumour rumours
    rumor rumors report reports suggestion suggestions assertion assertions statement
    statements idea notion""".split()
)
STOPWORDS = frozenset(
    """a an the and or but of to in on at for from by with as is are was were be been being has
    have had do does did that this these those it its he she they them his her their we our you
    your i me my s t said says say told will would could should can may might must also than then
    there here who whom which what when where why how after before over under about into out up
    down more most some any all one very just only even such so if because while against
    today yesterday per cent percent""".split()
)
_SPELT = "|".join(UNITS_WORDS)
_NUMBER = rf"\d[\d,]*(?:\.\d+)?|(?:{_SPELT})(?:-(?:{_SPELT}))?"
_FIGURE = re.compile(
    r"(?:\b(?P<qual>more than|over|at least|nearly|almost|up to|fewer than|less than|under|"
    r"about|around|roughly|approximately|some|an estimated)\s+)?"
    rf"(?<![\w-])(?P<num>(?:{_NUMBER})(?:\s+(?:hundred|thousand|million|billion))?)"
    r"\s+(?P<noun>[^\W\d_][\w'-]*)(?=(?P<tail>(?:\s+[\w'-]+){0,4}))",
    re.IGNORECASE,
)
_LOWER = {"more than", "over", "at least"}
_UPPER = {"nearly", "almost", "up to", "fewer than", "less than", "under"}
#: Stems of nouns that are themselves a death count ("14 deaths", "31 bodies").
DEATH_NOUNS = frozenset("death dead body fatality victim casualty".split())
DEATH_VERBS = frozenset("died killed dead perished drowned murdered slain".split())
#: Stems of nouns counting anyone at all: "14 people died" is the same count as "14 deaths".
ANYONE = frozenset("peopl person".split())


def stem(word: str) -> str:
    """Crude suffix stripping so "targets"/"targeted" and "strike"/"strikes" meet."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "slz":  # "stopped" -> "stop"
        w = w[:-1]
    return w


_NOT_TOPIC = STOPWORDS | FRAMING | DENIAL_WORDS | NEGATIONS


def _words(text: str) -> list[str]:
    """Lower-cased words, "didn't" read as "did not"."""
    return _WORD.findall(re.sub(r"n['’]t\b", " not", text.lower()))


def topic_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _words(text) if len(w) > 1 and w not in _NOT_TOPIC)


def negated_words(text: str) -> frozenset[str]:
    """Topic words a negation governs: the few words after "not"/"n't"/"no"/"never"/"without"."""
    out: set[str] = set()
    for clause in _CLAUSE.split(text):
        words = _words(clause)
        for i, w in enumerate(words):
            if w in NEGATIONS:
                out |= topic_words(" ".join(words[i + 1 : i + 1 + NEGATION_SCOPE]))
    return frozenset(out)


def common_words(background: Iterable[str]) -> frozenset[str]:
    """Topic words found in more than ``COMMON_SHARE`` of ``background`` (e.g. the sentences)."""
    texts = list(background)
    if len(texts) < MIN_BACKGROUND:
        return frozenset()
    df = Counter(w for t in texts for w in topic_words(t))
    limit = COMMON_SHARE * len(texts)
    return frozenset(w for w, n in df.items() if n > limit)


@dataclass(frozen=True, slots=True)
class Count:
    """A count in a statement: what is counted (``key``) and the range the wording allows."""

    key: str
    low: float
    high: float
    text: str


def _value(num: str) -> float | None:
    value = parse_number(num.split())
    if value is not None and re.fullmatch(r"1[89]\d\d|20\d\d", num):
        return None  # a year, not a count
    return value


def figures(text: str) -> list[Count]:
    """Counts of things in ``text``; "14 people died", "14 deaths", "14 bodies" all count deaths."""
    out: list[Count] = []
    for m in _FIGURE.finditer(text):
        value = _value(m["num"])
        if value is None:
            continue
        if m["noun"].lower() in STOPWORDS:
            continue  # "one of the ...": no counted thing
        noun = stem(m["noun"])
        tail = {w.lower() for w in m["tail"].split()}
        if noun in DEATH_NOUNS or (noun in ANYONE and tail & DEATH_VERBS):
            noun = "deaths"
        elif tail & DEATH_VERBS:
            noun += " deaths"  # "36 civilians killed" is not a count of everyone
        qual = (m["qual"] or "").lower()
        if qual in _LOWER:
            low, high = value, math.inf
        elif qual in _UPPER:
            low, high = 0.0, value
        elif qual:
            low, high = value * 0.8, value * 1.2
        else:
            low = high = value
        out.append(Count(noun, low, high, text[m.start() : m.end("noun")].strip()))
    return out


@dataclass(frozen=True, slots=True)
class Statement:
    """What one side says: the claim's content (or a sentence in the writer's voice)."""

    text: str
    side: str
    cue: str = "say"
    #: "X did not say Y" neither asserts nor denies Y: such statements never dispute.
    negated_cue: bool = False
    article: str | None = None
    #: How the side reads in an explanation ("Russia"); ``side`` is its lower-cased key.
    name: str = ""
    topic: frozenset[str] = field(init=False)
    denial: bool = field(init=False)
    #: Topic words under a negation (empty when nothing is negated).
    negated: frozenset[str] = field(init=False)
    counts: tuple[Count, ...] = field(init=False)
    #: The statement's own word for each topic stem, to show readers ("killed", not "kill").
    surface: dict[str, str] = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        # Derived once: the pairwise test runs n² times.
        words = set(_words(self.text))
        object.__setattr__(self, "topic", topic_words(self.text))
        surface: dict[str, str] = {}
        for w in _words(self.text):
            surface.setdefault(stem(w), w)
        object.__setattr__(self, "surface", surface)
        proposition = bool(words & FRAMING) or self.text.lower().startswith("that ")
        denial = (
            self.cue in DENIAL_CUES
            or (self.cue in REJECT_CUES and proposition)
            or bool(words & DENIAL_WORDS)
        )
        object.__setattr__(self, "denial", denial and self.side != WRITER)
        object.__setattr__(self, "negated", negated_words(self.text))
        object.__setattr__(self, "counts", tuple(figures(self.text)))


def statement(text: str, claim: Claim, article: str | None = None) -> Statement:
    """``claim`` (offsets into ``text``) as a Statement; its side is the speaker's label."""
    content = " ".join(text[s:e] for s, e in claim.content)
    who = claim.label or claim.speaker
    if who is None and claim.source is not None:
        who = text[claim.source[0] : claim.source[1]]
    # An unnamed source is a side of its own: it agrees with no one.
    side = (who or f"(unknown {article}:{claim.cue[0]})").lower()
    return Statement(content, side, claim.cue_lemma, claim.negated, article, name=who or "")


def statements(text: str, claims: Sequence[Claim], article: str | None = None) -> list[Statement]:
    return [statement(text, c, article) for c in claims]


def conflict(
    a: Statement, b: Statement, common: frozenset[str] = frozenset(), cover: float = 0.0
) -> tuple[DisputeReason, tuple[str, ...], str] | None:
    """(reason, shared topic words, explanation) when ``a`` and ``b`` dispute each other.

    ``cover`` > 0 also asks the shared words to be that share of the shorter statement's topic
    words: one statement then (mostly) restates the other's point.
    """
    if a.side == b.side or a.negated_cue or b.negated_cue:
        return None
    shared_all = a.topic & b.topic
    # Story-wide words alone ("Russian air strikes") do not make two statements one topic.
    shared = tuple(sorted(shared_all - common))
    shown = tuple(a.surface.get(w) or b.surface.get(w) or w for w in shared)
    smaller = min(len(a.topic), len(b.topic))
    writer = WRITER in (a.side, b.side)
    if len(shared_all) >= MIN_SHARED and shared and len(shared_all) >= cover * smaller:
        if a.denial != b.denial:
            denier = a if a.denial else b
            return "denial", shown, f"{denier.name or denier.side} denies what the other asserts"
        # One side negates a shared word ("did not hit civilians"), the other negates nothing.
        rare = frozenset(shared)
        negator = a if not b.negated else b if not a.negated else None
        if not (writer or a.denial) and negator is not None and negator.negated & rare:
            return "negation", shown, f"{negator.name or negator.side} says it is not so"
    for fa in a.counts:
        for fb in b.counts:
            if fa.key != fb.key or (fa.low <= fb.high and fb.low <= fa.high):
                continue
            deaths = fa.key.endswith("deaths")
            if deaths or (not writer and len(set(shared) - {fa.key}) >= MIN_SHARED):
                topic = tuple(dict.fromkeys((fa.key, *(w for w in shown if w != fa.key))))
                return "figure", topic, f"{fa.text!r} against {fb.text!r}"
    return None


#: At most this many disputes are listed for one statement (see :func:`disputes`).
MAX_PER_STATEMENT = 10


def disputes(
    stmts: Sequence[Statement],
    common: frozenset[str] = frozenset(),
    per_statement: int = MAX_PER_STATEMENT,
) -> list[Dispute]:
    """The disputing pairs of ``stmts`` (indices in ascending order), in input order.

    A pair is listed while either statement has fewer than ``per_statement`` disputes listed, so
    every disputed statement appears at least once and the list stays under
    ``per_statement × len(stmts)``: a text made of one claim repeated a thousand times does not
    produce half a million disputes (nor spend the time to find them).
    """
    out: list[Dispute] = []
    listed = [0] * len(stmts)
    for i, a in enumerate(stmts):
        for j in range(i + 1, len(stmts)):
            if listed[i] >= per_statement and listed[j] >= per_statement:
                continue
            found = conflict(a, stmts[j], common)
            if found is not None:
                out.append(Dispute((i, j), *found))
                listed[i] += 1
                listed[j] += 1
    return out


def crowded(found: Sequence[Dispute], per_statement: int = MAX_PER_STATEMENT) -> int:
    """How many statements reached the ``per_statement`` cap (their other disputes are unlisted)."""
    counts = Counter(i for d in found for i in d.claims)
    return sum(1 for n in counts.values() if n >= per_statement)


def disputed_by(
    stmt: Statement,
    stmts: Sequence[Statement],
    common: frozenset[str] = frozenset(),
    cover: float = 0.0,
) -> list[int]:
    """Indices of ``stmts`` that dispute ``stmt`` (e.g. a sentence the writer states as fact)."""
    return [i for i, o in enumerate(stmts) if conflict(stmt, o, common, cover) is not None]


def article_disputes(
    text: str, claims: Sequence[Claim], sentences: Iterable[str] = ()
) -> list[Dispute]:
    """Disputes among one article's ``claims``; ``sentences`` (its prose) tell story-wide words."""
    return disputes(statements(text, claims), common_words(sentences))
