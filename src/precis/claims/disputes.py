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

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from precis.facts.figures import quantities
from precis.lexicon import TOPIC_STOPWORDS
from precis.model import Claim, Dispute

#: Which word rule fired (a feature of the conflict model, and its explanation).
RuleReason = Literal["denial", "negation", "figure"]

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
#: Function words left out of topic words (precis.lexicon, shared with the conflict model).
STOPWORDS = TOPIC_STOPWORDS
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


def figures(text: str) -> list[Count]:
    """Counts of things in ``text``; "14 people died", "14 deaths", "14 bodies" all count deaths."""
    out: list[Count] = []
    for q in quantities(text):
        if q.noun.lower() in STOPWORDS:
            continue  # "one of the ...": no counted thing
        noun = stem(q.noun)
        tail = {w.lower() for w in q.tail.split()}
        if noun in DEATH_NOUNS or (noun in ANYONE and tail & DEATH_VERBS):
            noun = "deaths"
        elif tail & DEATH_VERBS:
            noun += " deaths"  # "36 civilians killed" is not a count of everyone
        out.append(Count(noun, q.low, q.high, text[q.span[0] : q.span[1]].strip()))
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
    #: Where the content lies in the article (first to last character), when it came from one.
    extent: tuple[int, int] | None = None
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
    extent = (claim.content[0][0], claim.content[-1][1]) if claim.content else None
    return Statement(
        content, side, claim.cue_lemma, claim.negated, article, name=who or "", extent=extent
    )


def statements(text: str, claims: Sequence[Claim], article: str | None = None) -> list[Statement]:
    return [statement(text, c, article) for c in claims]


def conflict(
    a: Statement, b: Statement, common: frozenset[str] = frozenset(), cover: float = 0.0
) -> tuple[RuleReason, tuple[str, ...], str] | None:
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


def same_matter(a: Statement, b: Statement) -> bool:
    """Whether ``a`` and ``b`` are candidates: different sides on the same matter.

    Same matter: ``MIN_SHARED`` topic words in common, or a count of the same kind of thing.
    Story-wide words count here (the model weighs them): "ISIL was not present" against strikes
    on "exclusively ISIL targets" share only the story's words. Only candidates are scored, so
    the model's cost stays small.
    """
    if a.side == b.side or a.negated_cue or b.negated_cue:
        return False
    if len(a.topic & b.topic) >= MIN_SHARED:
        return True
    return any(fa.key == fb.key for fa in a.counts for fb in b.counts)


def crowded(found: Sequence[Dispute], per_statement: int = MAX_PER_STATEMENT) -> int:
    """How many statements reached the ``per_statement`` cap (their other disputes are unlisted)."""
    counts = Counter(i for d in found for i in d.claims)
    return sum(1 for n in counts.values() if n >= per_statement)
