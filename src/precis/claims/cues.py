"""The cue lexicon: verbs that introduce what someone says, thinks or reports, and speaker words.

Which tokens are cues is learned (:mod:`precis.claims.tagger`); this list says what *kind* of cue
a lemma is: speech ("says" frames and quotations attach only to these), belief or evidence. Lemmas
of these verbs are looked up from the surface form with a small inflection table built here, so
claims never need the (disabled) lemmatizer over the whole document. The rest are the words that
make titles, roles, organisations and countries of speakers.
"""

from __future__ import annotations

from precis.lexicon import word_set

#: Speech and report verbs: their complement (clause or object) is the content.
SPEECH = word_set(
    """say tell add state claim insist argue explain note write tweet post report announce
    declare confirm deny reject dismiss demand warn urge call suggest predict promise vow pledge
    admit acknowledge concede assert allege contend maintain reiterate repeat stress emphasize
    emphasise point complain accuse criticize criticise blame praise describe answer reply
    respond ask question recall estimate testify disclose reveal indicate agree disagree
    object protest propose recommend advise caution threaten boast joke quip muse observe
    remark comment signal support endorse back defend refuse assure attack highlight unveil
    concede counter conclude mention express denounce condemn
    blast slam mock decry tout dispute refute rebut hint imply whisper shout tell"""
)
#: Cognition verbs: PolNeAR counts beliefs and knowledge as attributions.
BELIEF = word_set(
    """believe think know feel hope fear expect doubt suspect assume consider worry wonder
    wish understand realize realise recognize recognise guess imagine"""
)
#: Evidence verbs with a non-human source ("a poll showed ...").
EVIDENCE = word_set("show find suggest indicate reveal")

ALL = SPEECH | BELIEF | EVIDENCE

#: Stance verbs PolNeAR counts ("supported Sanders"), weaker evidence of a claim.
STANCE = word_set("support endorse back defend attack highlight unveil refuse")

_IRREGULAR = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "felt": "feel",
    "found": "find",
    "shown": "show",
    "understood": "understand",
    "saith": "say",
}


def _forms(lemma: str) -> list[str]:
    out = [lemma, lemma + "s", lemma + "ed", lemma + "ing"]
    if lemma.endswith("e"):
        out += [lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        out.append(lemma + "es")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        out += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
    # Doubled final consonant: "admitted", "regretting", "vowed" is regular.
    if (
        len(lemma) > 2
        and lemma[-1] in "tpgmn"
        and lemma[-2] in "aeiou"
        and lemma[-3] not in "aeiou"
    ):
        out += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
    return out


FORMS: dict[str, str] = {}
for _lemma in sorted(ALL):
    for _f in _forms(_lemma):
        FORMS.setdefault(_f, _lemma)
FORMS.update(_IRREGULAR)


def cue_lemma(word: str) -> str | None:
    """Lemma of ``word`` when it is a cue verb form, else None."""
    return FORMS.get(word.lower())


#: Words that make a noun phrase an organisation even without NER ("the defence ministry").
ORG_WORDS = word_set(
    """ministry government office department agency council committee commission party
    coalition army military police embassy administration campaign court parliament congress
    senate house board union alliance organization organisation group company corporation
    network newspaper television channel spokesman spokeswoman spokesperson media agency
    cabinet presidency kremlin pentagon ministry foundation institute university bank"""
)

#: Title words that make a role ("Foreign Minister", "Secretary-General").
ROLE_WORDS = word_set(
    """minister secretary president prime chancellor ambassador envoy spokesman spokeswoman
    spokesperson senator governor mayor general commander chief director chairman chairwoman
    chair leader king queen prince sheikh emir official officer diplomat head deputy foreign
    defense defence interior state vice speaker representative rep. sen. gov. judge justice
    attorney adviser advisor aide analyst professor dr. pope candidate nominee manager
    spokesman chief-of-staff secretary-general ceo founder coach lawyer"""
)
#: Roles whose holder speaks for an institution: the frame names the institution or country.
OFFICIAL_ROLES = word_set(
    """minister secretary spokesman spokeswoman spokesperson ambassador envoy diplomat
    official secretary-general"""
)
