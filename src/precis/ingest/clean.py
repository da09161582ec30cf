"""Set aside what is not article prose, keeping offsets into the original text.

Nothing is deleted: each stretch that is not prose becomes a :class:`~precis.model.Removed` with its
kind, and later stages read ``Article.prose_mask()``, the text with those stretches blanked.
Rules are line-based (headers, "RELATED:" links, captions, credits, an existing highlights block)
plus a few in-line patterns that survive in one-paragraph texts ("(CNN)" datelines, Daily Mail
by-lines, "CLICK HERE" teasers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from precis.model import Article, Removed, RemovedKind

# Whole lines that are never prose.
_LINE_RULES: list[tuple[RemovedKind, re.Pattern[str]]] = [
    (
        "related",
        re.compile(
            r"^\s*(RELATED|OPINION|READ MORE|READ|WATCH|MORE|SEE ALSO|ALSO READ|"
            r"LISTEN|VIDEO|INTERACTIVE|ANALYSIS|INSIDE STORY|EXPLAINER)\s*:",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\s*(Source|Sources|Photo|Photos|Photograph|Picture|Image|Images|"
            r"Credit|Credits|Video|Graphic)\s*:",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\s*(Image copyright|Image caption|Getty Images|AFP/Getty|"
            r"Copyright \d{4}|All rights reserved|Reporting by|Editing by|"
            r"Additional reporting by|Follow (?:us|@)|Share this)",
            re.I,
        ),
    ),
    (
        "caption",
        re.compile(r"^\s*(Caption|Pictured|Above|Below|Left|Right|Top|Bottom)\s*[:\-–—]", re.I),
    ),
    ("caption", re.compile(r"\((?:Photo|Photograph|Picture|Image|Credit)[^()]{0,80}\)\s*$", re.I)),
    (
        "teaser",
        re.compile(r"^\s*(CLICK HERE|Scroll down|Sign up|Subscribe|Click to|Tap here)", re.I),
    ),
]

# In-line stretches (anywhere, mostly at the start of one-paragraph texts).
_INLINE_RULES: list[tuple[RemovedKind, re.Pattern[str]]] = [
    # "Washington (CNN)", "(CNN) -- ", "LONDON, England (Reuters) --"
    (
        "dateline",
        re.compile(
            r"^[^\S\n]*(?:[A-Z][A-Za-z.\-' ]{0,40}(?:, [A-Z][A-Za-z.\- ]{0,30})?\s*)?"
            r"\((?:CNN|AP|Reuters|AFP|EW\.com|CNN Money|CNNMoney|Mashable)\)\s*(?:--|—|–|-)?[ \t]*",
            re.M,
        ),
    ),
    # Daily Mail by-lines: "By . Jane Doe . PUBLISHED: . 12:01 EST, 1 May 2014 . | . UPDATED: ..."
    (
        "boilerplate",
        re.compile(
            r"^\s*(?:By \. [^.]{1,80}\. )?(?:PUBLISHED: \. [^|]{1,60}\|\s*\. UPDATED: \. "
            r"[^.]{1,40}\d{4}\s*\. )",
            re.I,
        ),
    ),
    ("boilerplate", re.compile(r"^\s*By \. [A-Z][^.]{1,60}\. (?:and [^.]{1,60}\. )?")),
    (
        "teaser",
        re.compile(
            r"\b(?:Scroll down for (?:the )?videos?\b\.?|CLICK HERE\b[^.!?\n]{0,160}[.!?])", re.I
        ),
    ),
    # Sportsmail's match previews open on a template: "Ahead of this weekend's Premier League
    # action, Sportsmail will be providing you with all you need to know about every fixture,
    # with ... Here is all the information you need for West Brom's home clash with Leicester..."
    (
        "teaser",
        re.compile(
            r"(?:^|(?<=[.!?]\s))Ahead of [^.!?\n]{0,80}, Sportsmail will be providing you "
            r"with all you need to know\b[^.!?\n]{0,200}[.!?]\s*"
            r"(?:Here is all the information you need for\b[^.!?\n]{0,120}(?:\.\.\.|[.!?]))?"
        ),
    ),
    (
        "credit",
        re.compile(r"(?:Source|Sources): [A-Z][\w ,&]{2,60}(?:agencies|news agencies)\.?\s*$"),
    ),
    # Photo references inside a sentence: "Fred Goodwin (pictured) was ...", "X, pictured, ...".
    (
        "caption",
        re.compile(
            r"\((?:pictured|picture|photo|left|right|above|below|centre|center|inset|top|bottom)"
            r"\b[^()\n]{0,60}\)",
            re.I,
        ),
    ),
    (
        "caption",
        re.compile(
            r",\s*(?:pictured|right|left|above|below|inset)"
            r"(?:\s+(?:left|right|above|below|centre|center|top|bottom|here|inset|today|"
            r"(?:with|in|at|on|during|after|before)\s[^,.;:!?\n]{1,40}))?\s*,"
        ),
    ),
    # "Gordon Brown, pictured campaigning this week, has warned ...": "pictured" marks a photo
    # reference whatever follows it up to the next comma (or the full stop).
    ("caption", re.compile(r",\s*pictured\b[^,.;:!?\n()\"'‘’“”]{0,50}(?:,|(?=\.(?:\s|$)))")),
    # A list number before a sentence ("... in 1993. 2. Benaud was renowned ...").
    ("header", re.compile(r"(?:^|(?<=[.!?\"'”’]\s)|(?<=\n))\d{1,2}[.)](?=\s+[A-Z\"'‘“])", re.M)),
    # A caption's "Label:" glued before the sentence it heads ("On duty: Sgt Jeremy Daniels ..."),
    # or after the "Scroll down for video" teaser that stood before it.
    (
        "caption",
        re.compile(
            r"(?:^|(?<=[.!?\"'”’]\s)|(?<=\n)|(?<=for video )|(?<=for videos ))"
            r"(?!(?:Note|Update|Editor|Photo|Photos|Picture|Image|Source|Sources|Credit|Video|Graphic|"
            r"Caption|Pictured|Related|Opinion|Read|Watch|More|Listen|Analysis|Interactive|"
            r"Explainer)\b)"
            # Not a speaker's colon ("Pence: We ...", "Trump said: 'We ...'"): two or three
            # words, no reporting verb, and the sentence after it starts with a word.
            r"[A-Z][a-z]+(?: (?!(?:said|says|told|tells|added|adds|wrote|writes|asked|asks|"
            r"explained|warned|tweeted|declared|stated|continued|replied)\b)[a-z]+){1,2}"
            r":\s+(?=[A-Z][a-z])",
            re.M,
        ),
    ),
]

#: An ALL-CAPS subhead run into the next sentence ("BALL OF THE CENTURY Benaud was ...").
_CAPS_HEAD = re.compile(
    r"(?:^|(?<=[.!?\"'”’]\s)|(?<=\n))"
    r"((?:[A-Z][A-Z'’\-]{0,40}[ ,:]{1,3}){1,20}[A-Z][A-Z'’\-]{0,40}[A-Z])\s+(?=[A-Z][a-z])",
    re.M,
)


#: The subhead's list number glued to the end of the sentence before it ("... after battling
#: skin cancer 1. BALL OF THE CENTURY Benaud ..."): the number goes, the full stop stays.
_GLUED_NUMBER = re.compile(r"(?<=[a-z] )(\d{1,2})\.\s+$")


def _is_caps_head(words: list[str]) -> bool:
    """Three or more capitalised words, or two long ones: a subhead, not "US FBI Director"."""
    return len(words) >= 3 or (len(words) == 2 and all(len(w) >= 4 for w in words))


_HIGHLIGHTS_HEAD = re.compile(
    r"^\s*(Story highlights|Highlights|Key points|Summary)\s*:?\s*$", re.I
)
_BULLET = re.compile(r"^\s*(?:[•\u2022\u25cf\u25aa*\-–—]|\d+[.)])\s+\S")
_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*\s*$|[:;]\s*$""")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*")

#: A line shorter than this, with no closing punctuation, is a header or a link.
HEADER_MAX_WORDS = 16
#: Line rules (credits, links, captions) apply to lines up to this many words.
LINE_RULE_MAX_WORDS = 60


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _is_header(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _TERMINAL.search(stripped):
        return False
    words = _WORD.findall(stripped)
    return 0 < len(words) <= HEADER_MAX_WORDS


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_removed(text: str) -> list[Removed]:
    """All stretches of ``text`` that are not article prose, sorted, non-overlapping."""
    found: list[tuple[int, int, RemovedKind]] = []
    lines = list(_lines(text))
    multi_line = sum(1 for s, e in lines if text[s:e].strip()) > 1
    in_block = False
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            # A blank line ends a highlights block only once bullets have been seen.
            continue
        if _HIGHLIGHTS_HEAD.match(line):
            in_block = True
            found.append((start, end, "highlights_block"))
            continue
        if in_block:
            if _BULLET.match(line):
                found.append((start, end, "highlights_block"))
                continue
            in_block = False
        # A long line is a paragraph (or a whole one-paragraph article): in-line rules only.
        short = len(_WORD.findall(line)) <= LINE_RULE_MAX_WORDS
        kind = next((k for k, rx in _LINE_RULES if rx.search(line)), None) if short else None
        if kind is not None:
            found.append((start, end, kind))
        elif multi_line and _is_header(line):
            found.append((start, end, "header"))
    for kind, rx in _INLINE_RULES:
        for m in rx.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), kind))
    for m in _CAPS_HEAD.finditer(text):
        if _is_caps_head(re.findall(r"[A-Z'’\-]+", m.group(1))):
            found.append((m.start(1), m.end(1), "header"))
            number = _GLUED_NUMBER.search(text, max(0, m.start(1) - 8), m.start(1))
            if number is not None:
                found.append((number.start(1), number.end(1), "header"))
    return _merge(text, found)


def _merge(text: str, found: list[tuple[int, int, RemovedKind]]) -> list[Removed]:
    spans: list[Removed] = []
    for start, end, kind in sorted(found):
        start, end = _strip_span(text, start, end)
        if end <= start:
            continue
        if spans and start < spans[-1].span[1]:
            prev = spans[-1]
            if end > prev.span[1]:
                spans[-1] = Removed((prev.span[0], end), prev.kind, text[prev.span[0] : end])
            continue
        spans.append(Removed((start, end), kind, text[start:end]))
    return spans


def clean(article: Article) -> Article:
    """Fill ``article.removed`` (idempotent) and return the article."""
    article.removed = find_removed(article.text)
    return article
