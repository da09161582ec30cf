"""Shared word lists: stopwords, pronouns, connectives and demonyms, in one place.

Lists that differ on purpose keep their own named entry and say why. Those marked *model feature*
feed a trained model (the sentence scorer ``data/scorer.json`` or the attribution tagger
``data/attribution.json``): their exact content is part of what the model learned, so they must
not be merged or edited without retraining.
"""

from __future__ import annotations

from dataclasses import dataclass


def word_set(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


# --- Stopwords --------------------------------------------------------------------------------

#: Function words and newsroom verbs left out when comparing the content of two highlights
#: (redundancy control in ``highlighter.select``).
STOPWORDS = word_set(
    """a an the and or but of to in on at for from by with as is are was were be been being has
    have had do does did not no that this these those it its he she they them his her their we our
    you your i me my mr mrs ms said says say told will would could should can may might also than
    then there here who whom which what when where why how after before over under about into out
    up down more most some any all one two new"""
)

#: Model feature (sentence scorer): stopwords for the content-word and stop-fraction features of
#: ``highlighter.features``; tokens as CNN/DM's lower-cased PTB text writes them (``-lrb-``).
SCORER_STOPWORDS = word_set(
    """a an the and or but if then so of to in on at by for with from as into onto about over under
    after before between through during against without within than that this these those
    there here is are was were be been being am do does did done have has had having will would
    shall should can
    could may might must 's n't not no nor it its he him his she her hers they them their theirs we
    us our you your i me my mine who whom whose which what when where why how all any both each
    few more most other some such only own same too very just also up down out off again further
    once said says say told mr mrs ms one two new -lrb- -rrb- cnn"""
)

#: Model feature (conflict model): function words left out of a statement's topic words when
#: two statements are compared (``claims.disputes``, ``conflicts.text``); "s"/"t" are the
#: leftovers of "it's"/"don't" once split into words.
TOPIC_STOPWORDS = word_set(
    """a an the and or but of to in on at for from by with as is are was were be been being has
    have had do does did that this these those it its he she they them his her their we our you
    your i me my s t said says say told will would could should can may might must also than then
    there here who whom which what when where why how after before over under about into out up
    down more most some any all one very just only even such so if because while against
    today yesterday per cent percent"""
)

#: Small words inside a name that an acronym skips ("Islamic State of Iraq" -> "ISI").
NAME_PARTICLES = word_set("of and the for in on de al")

# --- Pronouns ---------------------------------------------------------------------------------

#: Subject pronouns: a speaker mention that names nobody by itself.
SUBJECT_PRONOUNS = word_set("he she they it i we")
#: Subject pronouns that dangle when a sentence about a person is lifted out of the article.
PERSON_PRONOUNS = word_set("he she")
#: Relative pronouns that say the noun before them is a person ("a farmer who said he ...").
PERSON_RELATIVES = word_set("who whom whose")
#: Pronouns and determiners that cannot open a frame label ("He says ..." names nobody).
LABEL_PRONOUNS = word_set("he she they it we i you his her their its this that who")
#: Model feature (attribution tagger): pronoun heads kept as words in ``claims.features``.
TAGGER_PRONOUNS = word_set("he she they i we you it who which that this")
#: Model feature (sentence scorer): a sentence opening with one of these leans on context.
SCORER_PRONOUNS = word_set(
    "he she it they this that these those his her its their him them we i you there"
)
#: Nouns that take a plural verb in the singular form ("police say", "staff say").
PLURAL_NOUNS = word_set("police people staff personnel clergy cattle")
#: Words that open a relative or interrogative clause ("what", "on *which*").
WH_WORDS = word_set("what which who whom whose where how why")
#: Prepositions that may stand before a relative word ("*on* which", "*of* whom").
PREPOSITIONS = word_set("about at by for from in into of on over to under upon with")
#: Names of days and months: capitalised, tagged as names, but no one a pronoun stands for.
CALENDAR_NAMES = word_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december"
)
#: One-word times a clause may end on ("... ahead of their meeting *today*").
TIME_WORDS = word_set("today yesterday tomorrow tonight now recently earlier later overnight")
#: Lemmas of verbs that attribute words to a speaker ('"...," she *said*', "Mr Brown *told*").
SAID_LEMMAS = word_set("say tell add claim insist explain write reply recall")
#: Titles before a name, as written without their full stop ("Capt", "Mr"): no name alone.
TITLES = word_set("Mr Mrs Ms Dr Capt Sgt Lt Col Gen Maj Cpl Spc Gov Sen Rep Rev Prof Insp Det Supt")

# --- Verbs ------------------------------------------------------------------------------------

#: Words that say how sure a statement is: a cut that drops one turns a guess or an accusation
#: into a fact ("will *likely* be named", "*allegedly* stole"), so no cut takes one.
HEDGES = word_set(
    """likely unlikely probably possibly perhaps maybe allegedly reportedly apparently supposedly
    seemingly purportedly presumably"""
)

#: Subordinators of a condition, a bound or a reason: a cut that drops the clause they head
#: states as plain fact what holds only under it ("will be relegated *if they lose*"), or keeps
#: a decision without its reason ("will escape prosecution *because he has dementia*").
CONDITIONALS = word_set("if unless until provided providing because")

#: Nouns that name a part, a side or a set of something, which their "of" phrase names ("a group
#: *of pedestrians*", "at the base *of lit beacons*"): without it they say nothing.
PART_NOUNS = word_set(
    "group groups number couple pair series bunch handful dozens hundreds thousands millions "
    "majority minority rest part parts member members base top bottom middle edge heart section "
    "sections piece pieces portion fragment fragments"
)


#: Linking verbs: what follows them ("sounds *like a good idea*") is what the clause says.
LINKING_VERBS = word_set("sound seem look feel smell taste appear become remain")

# --- Connectives ------------------------------------------------------------------------------

#: Sentence-opening connectives that the compressor drops ("But", "Meanwhile", ...).
CONNECTIVES = word_set(
    """but however meanwhile and also still yet so now instead moreover furthermore nevertheless
    nonetheless besides additionally separately similarly likewise indeed then thus therefore
    otherwise plus or though although while"""
)
#: Model feature (sentence scorer): a sentence opening with one of these continues another.
SCORER_CONNECTIVES = word_set(
    """but however meanwhile and so also still yet instead moreover furthermore besides then
    thus therefore nevertheless nonetheless although though while"""
)

# --- Demonyms ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Nationality:
    """What a demonym points to: the name a reader uses and the ISO 3166-1 alpha-2 code.

    The two differ for the UK: a frame says "UK says" while GeoNames files Britain under "GB".
    ``iso`` is None for a bloc or party ("European", "Republican").
    """

    country: str
    iso: str | None


def _n(country: str, iso: str | None) -> Nationality:
    return Nationality(country, iso)


#: Demonyms and short forms (lower case) to the country they name: "Russian" -> Russia, RU.
#: Claims read ``country`` (a speaker's affiliation); facts read ``iso`` (place disambiguation).
DEMONYMS: dict[str, Nationality] = {
    "russian": _n("Russia", "RU"), "syrian": _n("Syria", "SY"), "american": _n("US", "US"),
    "us": _n("US", "US"), "u.s.": _n("US", "US"), "british": _n("UK", "GB"),
    "uk": _n("UK", "GB"), "french": _n("France", "FR"), "german": _n("Germany", "DE"),
    "chinese": _n("China", "CN"), "iranian": _n("Iran", "IR"), "iraqi": _n("Iraq", "IQ"),
    "saudi": _n("Saudi Arabia", "SA"), "turkish": _n("Turkey", "TR"),
    "israeli": _n("Israel", "IL"), "palestinian": _n("Palestine", "PS"),
    "egyptian": _n("Egypt", "EG"), "japanese": _n("Japan", "JP"), "indian": _n("India", "IN"),
    "pakistani": _n("Pakistan", "PK"), "afghan": _n("Afghanistan", "AF"),
    "ukrainian": _n("Ukraine", "UA"), "italian": _n("Italy", "IT"), "spanish": _n("Spain", "ES"),
    "canadian": _n("Canada", "CA"), "australian": _n("Australia", "AU"),
    "mexican": _n("Mexico", "MX"), "korean": _n("Korea", "KR"),
    "north korean": _n("North Korea", "KP"), "south korean": _n("South Korea", "KR"),
    "jordanian": _n("Jordan", "JO"), "lebanese": _n("Lebanon", "LB"), "libyan": _n("Libya", "LY"),
    "yemeni": _n("Yemen", "YE"), "qatari": _n("Qatar", "QA"), "european": _n("EU", None),
    "nigerian": _n("Nigeria", "NG"), "kenyan": _n("Kenya", "KE"), "greek": _n("Greece", "GR"),
    "polish": _n("Poland", "PL"), "dutch": _n("Netherlands", "NL"), "swedish": _n("Sweden", "SE"),
    "irish": _n("Ireland", "IE"), "scottish": _n("Scotland", "GB"), "english": _n("England", "GB"),
    "welsh": _n("Wales", "GB"), "brazilian": _n("Brazil", "BR"),
    "venezuelan": _n("Venezuela", "VE"), "cuban": _n("Cuba", "CU"),
    "kurdish": _n("Kurdistan", "IQ"), "south african": _n("South Africa", "ZA"),
    "texan": _n("Texas", "US"), "californian": _n("California", "US"),
    "somali": _n("Somalia", "SO"), "sudanese": _n("Sudan", "SD"), "tunisian": _n("Tunisia", "TN"),
    "emirati": _n("UAE", "AE"), "indonesian": _n("Indonesia", "ID"),
    "filipino": _n("Philippines", "PH"), "thai": _n("Thailand", "TH"),
    "vietnamese": _n("Vietnam", "VN"),
    # Party adjectives read like demonyms before a title ("Republican Senator X").
    "republican": _n("Republican", None), "democratic": _n("Democratic", None),
}  # fmt: skip

#: The country names of :data:`DEMONYMS` ("UK", "Russia"): an affiliation that is a country.
DEMONYM_COUNTRIES = frozenset(n.country for n in DEMONYMS.values())
