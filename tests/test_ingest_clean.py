"""Cleaning sets aside non-prose lines and keeps offsets into the original text."""

from __future__ import annotations

from precis.ingest.clean import find_removed
from precis.model import Article

ARTICLE = (
    "Story highlights\n"
    "  • The council says the bridge will close.\n"
    "  • Repairs will cost $2 million.\n"
    "\n"
    "Springfield (CNN) -- The town council voted on Monday to close the old bridge.\n"
    "\n"
    "Safety first\n"
    "\n"
    "The mayor said the decision was overdue.\n"
    "RELATED: Ten bridges that fell down\n"
    "OPINION: Why we need new bridges\n"
    "Photo: The bridge at dusk.\n"
    "CLICK HERE for our traffic map\n"
    "Source: Reuters and agencies\n"
    "Engineers will inspect the river bed next month.\n"
)


def kinds(text: str) -> dict[str, str]:
    return {r.text: r.kind for r in find_removed(text)}


def test_each_kind_of_line_is_set_aside() -> None:
    found = kinds(ARTICLE)
    assert found["Story highlights"] == "highlights_block"
    assert found["• Repairs will cost $2 million."] == "highlights_block"
    assert found["Springfield (CNN) --"] == "dateline"
    assert found["Safety first"] == "header"
    assert found["RELATED: Ten bridges that fell down"] == "related"
    assert found["OPINION: Why we need new bridges"] == "related"
    assert found["Photo: The bridge at dusk."] == "credit"
    assert found["CLICK HERE for our traffic map"] == "teaser"
    assert found["Source: Reuters and agencies"] == "credit"


def test_prose_is_kept() -> None:
    removed = " ".join(r.text for r in find_removed(ARTICLE))
    for sentence in (
        "The town council voted on Monday to close the old bridge.",
        "The mayor said the decision was overdue.",
        "Engineers will inspect the river bed next month.",
    ):
        assert sentence not in removed


def test_offsets_point_at_what_they_claim() -> None:
    for r in find_removed(ARTICLE):
        assert ARTICLE[r.span[0] : r.span[1]] == r.text


def test_prose_mask_keeps_length_and_blanks_removed() -> None:
    article = Article(text=ARTICLE, removed=find_removed(ARTICLE))
    mask = article.prose_mask()
    assert len(mask) == len(ARTICLE)
    assert "RELATED" not in mask and "(CNN)" not in mask
    assert mask.index("The mayor said") == ARTICLE.index("The mayor said")


def test_one_paragraph_article_is_not_swallowed_by_line_rules() -> None:
    text = "Scroll down for video. " + "The minister said the plan would work. " * 20
    removed = find_removed(text)
    assert [r.text for r in removed] == ["Scroll down for video."]


def test_dateline_without_place() -> None:
    text = "(CNN)The storm hit the coast on Sunday, officials said."
    assert kinds(text) == {"(CNN)": "dateline"}


def test_short_single_line_is_not_a_header() -> None:
    # A one-line text is the article, even when short and unpunctuated.
    assert find_removed("Prices rose again in March") == []


# In-line captions and subheads of one-paragraph texts: set aside before sentence selection,
# with offsets into the original text (issue 12, "clean input").
def test_photo_references_inside_a_sentence_are_set_aside() -> None:
    text = "The former boss Fred Goodwin (pictured left) was among those courted by the bank."
    (removed,) = find_removed(text)
    assert removed.kind == "caption" and removed.text == "(pictured left)"
    assert text[removed.span[0] : removed.span[1]] == removed.text
    text = "The bride, pictured, has been married ten times."
    (removed,) = find_removed(text)
    assert removed.text == ", pictured," and text[slice(*removed.span)] == removed.text


def test_caption_label_before_a_sentence_is_set_aside() -> None:
    text = "He was shot twice. On duty: Sgt Jeremy Daniels was shot in the leg."
    (removed,) = find_removed(text)
    assert removed.kind == "caption" and removed.text == "On duty:"
    assert text[slice(*removed.span)] == "On duty:"
    # A label that is not a caption's: a note to the reader stays.
    assert find_removed("He left. Note: A garbage can is not a cup.") == []
    # Dev row 261: the label after the inline "Scroll down for video" teaser went into a bullet.
    text = "It was built in Seoul. Scroll down for video Almost human: Known as Rex, it talks."
    assert [(r.kind, r.text) for r in find_removed(text)] == [
        ("teaser", "Scroll down for video"),
        ("caption", "Almost human:"),
    ]


def test_all_caps_subhead_run_into_a_sentence_is_set_aside() -> None:
    text = "He was a legend. BALL OF THE CENTURY Benaud was on hand to talk viewers through it."
    (removed,) = find_removed(text)
    assert removed.kind == "header" and removed.text == "BALL OF THE CENTURY"
    assert text[slice(*removed.span)] == removed.text
    # Dev row 202: the subhead's list number glued to the sentence before it goes too; the full
    # stop stays, so the sentence still ends.
    text = "He died after a long illness 1. THE GREATEST CATCH Smith was on hand."
    assert [(r.kind, r.text) for r in find_removed(text)] == [
        ("header", "1"),
        ("header", "THE GREATEST CATCH"),
    ]
    assert find_removed("He won by 3 to 1. Then he left.") == []
    # Acronyms before a name are not a subhead.
    assert find_removed("US FBI Director James Comey said the inquiry was over.") == []
    assert find_removed("The NATO summit ended. UN officials said nothing.") == []


def test_prose_mask_blanks_captions_and_keeps_length() -> None:
    text = "He was a legend. BALL OF THE CENTURY Benaud was on hand (pictured) to talk."
    article = Article(text=text)
    article.removed = find_removed(text)
    masked = article.prose_mask()
    assert len(masked) == len(text)
    assert "CENTURY" not in masked and "pictured" not in masked
    assert masked.index("Benaud") == text.index("Benaud")


def test_pictured_with_any_description_up_to_the_comma_is_set_aside() -> None:
    text = "Gordon Brown, pictured campaigning this week, has warned that the SNP want chaos."
    (removed,) = find_removed(text)
    assert removed.kind == "caption" and removed.text == ", pictured campaigning this week,"
    assert text[slice(*removed.span)] == removed.text
    # A decimal point is not the sentence's end: nothing after "pictured" is taken to it.
    assert find_removed("The man, pictured Mr Boase said he slept at around 12.30am.") == []


def test_a_match_previews_template_opening_is_set_aside() -> None:
    # Dev row 246: the template was the first highlight ("Sportsmail will be providing you ...").
    opening = (
        "Ahead of this weekend's Championship action, Sportsmail will be providing you with all "
        "you need to know about every fixture, with team news and betting odds. Here is all the "
        "information you need for Derby's home clash with Hull..."
    )
    body = " Derby's captain is fit again after missing two games with a knee injury."
    text = opening + body
    teasers = [r for r in find_removed(text) if r.kind == "teaser"]
    assert [text[r.span[0] : r.span[1]] for r in teasers] == [opening]
    # The words alone are no template: a report that quotes them keeps them.
    prose = "The editor said Sportsmail will be providing you with all you need to know."
    assert not [r for r in find_removed(prose) if r.kind == "teaser"]
