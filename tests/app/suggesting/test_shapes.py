"""The attribution shapes the suggester knows, each on hand-made sentences (not the eval set)."""

from __future__ import annotations

import pytest

from sourcemark.app.suggesting import Suggestion, suggest


def spans(text: str) -> list[tuple[str, str | None, str]]:
    """(claim, source, tag) of every suggestion, for readable assertions."""
    return [
        (
            text[s.start : s.end],
            text[s.source_start : s.source_end] if s.source_start is not None else None,
            s.tag_key,
        )
        for s in suggest(text)
    ]


def only(text: str) -> Suggestion:
    found = suggest(text)
    assert len(found) == 1, [text[s.start : s.end] for s in found]
    return found[0]


# -- subject first ----------------------------------------------------------------------------


def test_subject_said_clause() -> None:
    text = "Health Minister Laura Chen said the vaccine rollout would begin in May."
    s = only(text)
    assert text[s.start : s.end] == "the vaccine rollout would begin in May"
    assert text[s.source_start : s.source_end] == "Health Minister Laura Chen"
    assert (s.tag_key, s.speaker, s.cue, s.quote_form) == (
        "named-official",
        "Laura Chen",
        "said",
        "indirect",
    )


def test_told_reporters_that() -> None:
    text = "Mayor Tom Ruiz told reporters on Monday that the bridge would reopen next week."
    s = only(text)
    assert text[s.start : s.end] == "the bridge would reopen next week"
    assert (s.cue, s.tag_key, s.speaker) == ("told", "named-official", "Tom Ruiz")


def test_told_an_outlet_without_that() -> None:
    text = "The striker told the BBC he had turned down three offers."
    assert spans(text) == [("he had turned down three offers", "The striker", "anonymous-other")]


def test_said_with_colon_and_quotation() -> None:
    text = "Councillor Amy Webb said: “We cannot keep the library open on goodwill alone.”"
    s = only(text)
    assert text[s.start : s.end] == "We cannot keep the library open on goodwill alone."
    assert (s.quote_form, s.tag_key, s.speaker) == ("direct", "named-official", "Amy Webb")


def test_speaker_and_affiliation_from_a_prepositional_phrase() -> None:
    text = (
        "David Schenker from the Washington Institute for Near East Policy said the risk of a "
        "wider war was growing."
    )
    s = only(text)
    assert (s.speaker, s.affiliation, s.tag_key) == (
        "David Schenker",
        "Washington Institute for Near East Policy",
        "expert",
    )


def test_appositive_between_subject_and_verb() -> None:
    text = "Anna Berg, a professor of economics at Lund University, said prices had peaked."
    s = only(text)
    assert text[s.start : s.end] == "prices had peaked"
    assert (s.speaker, s.affiliation, s.tag_key) == ("Anna Berg", "Lund University", "expert")


def test_confirmed_with_a_noun_phrase() -> None:
    text = "The company confirmed the closure of its plant in Leeds."
    assert spans(text) == [
        ("the closure of its plant in Leeds", "The company", "organisation-statement")
    ]


# -- subject after -----------------------------------------------------------------------------


def test_claim_then_subject_and_verb() -> None:
    text = "The plan has been shelved for now, officials said on Tuesday."
    s = only(text)
    assert text[s.start : s.end] == "The plan has been shelved for now"
    assert s.tag_key == "anonymous-official"
    assert s.evidence.startswith("unnamed, no anonymity stated")


def test_inverted_said_then_named_source_with_appositive() -> None:
    text = "“It is a sad day for the town,” said Paula Grant, a nurse who lives nearby."
    s = only(text)
    assert text[s.start : s.end] == "It is a sad day for the town"
    assert text[s.source_start : s.source_end] == "Paula Grant, a nurse who lives nearby"
    assert (s.tag_key, s.speaker, s.quote_form) == ("named-participant", "Paula Grant", "direct")


def test_inverted_indirect_claim() -> None:
    text = "The rollout will start in May, said Laura Chen, the health minister."
    assert spans(text) == [
        (
            "The rollout will start in May",
            "Laura Chen, the health minister",
            "named-official",
        )
    ]


def test_quotation_then_she_said_takes_the_earlier_person() -> None:
    text = (
        "Jane Doe, a professor at Yale University, studies turnout. "
        "“Young voters are staying home,” she said."
    )
    s = only(text)
    assert text[s.start : s.end] == "Young voters are staying home"
    assert (s.speaker, s.tag_key) == ("Jane Doe", "expert")
    assert '"she" = Jane Doe' in s.evidence


def test_surname_takes_the_earlier_description() -> None:
    text = (
        "Foreign Minister Ivan Petrov arrived in Rome on Monday. "
        "Petrov said the talks had been productive."
    )
    s = only(text)
    assert (s.speaker, s.tag_key) == ("Ivan Petrov", "named-official")


def test_multi_sentence_quotation_is_one_claim() -> None:
    text = "“We lost everything. The water took it all,” said Omar Khalil, a farmer."
    s = only(text)
    assert text[s.start : s.end] == "We lost everything. The water took it all"
    assert s.tag_key == "named-participant"


def test_british_single_quotes_with_apostrophes() -> None:
    text = "‘We’re not giving up, and they know it,’ said Sarah Jones, a local resident."
    s = only(text)
    assert text[s.start : s.end] == "We’re not giving up, and they know it"
    assert s.quote_form == "direct"


def test_parenthetical_attribution_takes_the_sentence() -> None:
    text = "The deal, he said, will be signed on Friday."
    assert spans(text)[0][0] == "The deal, he said, will be signed on Friday"


def test_floating_quotation_continues_the_last_speaker() -> None:
    text = (
        "Maria Lopez, a teacher, said the school was unsafe.\n\n"
        "“The roof leaks every winter and nobody fixes it.”"
    )
    found = suggest(text)
    assert len(found) == 2
    assert text[found[1].start : found[1].end] == "The roof leaks every winter and nobody fixes it."
    assert (found[1].speaker, found[1].tag_key) == ("Maria Lopez", "named-participant")


# -- according to ------------------------------------------------------------------------------


def test_according_to_at_the_start() -> None:
    text = "According to the ministry, 40 people were killed in the attack."
    assert spans(text) == [
        ("40 people were killed in the attack", "the ministry", "organisation-statement")
    ]


def test_according_to_at_the_end_with_anonymity_in_the_source() -> None:
    text = (
        "The drone failed to detonate, according to two anonymous U.S. officials familiar with "
        "the matter."
    )
    s = only(text)
    assert text[s.start : s.end] == "The drone failed to detonate"
    assert s.tag_key == "anonymous-official"
    assert s.evidence.startswith('anonymity granted: "anonymous"')


def test_according_to_plan_is_not_a_source() -> None:
    assert suggest("The project was finished on time, according to plan.") == []


# -- anonymity ----------------------------------------------------------------------------------


def test_anonymity_granted_outside_the_subject_phrase() -> None:
    text = (
        "Officials, speaking on condition of anonymity because they were not authorized to "
        "discuss the matter, said the plan had been shelved."
    )
    s = only(text)
    assert text[s.start : s.end] == "the plan had been shelved"
    assert text[s.source_start : s.source_end] == "Officials"
    assert s.tag_key == "anonymous-official"
    assert s.evidence.startswith('anonymity granted: "speaking on condition of anonymity')


def test_relative_clause_asking_not_to_be_named() -> None:
    text = "A diplomat who asked not to be named said the summit had been postponed."
    s = only(text)
    assert s.tag_key == "anonymous-other"
    assert s.evidence.startswith('anonymity granted: "who asked not to be named"')


def test_access_described_is_kept_apart_from_granted_anonymity() -> None:
    text = "People familiar with the matter said the deal could close this week."
    s = only(text)
    assert s.tag_key == "anonymous-other"
    assert s.evidence.startswith("unnamed, no anonymity stated, access described")
    assert "familiar with the matter" in s.evidence


def test_unnamed_officials_without_any_marker() -> None:
    s = only("Officials said the border would stay closed.")
    assert s.evidence.startswith("unnamed, no anonymity stated")
    assert "granted" not in s.evidence


# -- organisations, records, data, media --------------------------------------------------------


def test_in_a_statement_introduction() -> None:
    text = "In a statement, the ministry said it was reviewing the findings."
    s = only(text)
    assert text[s.start : s.end] == "it was reviewing the findings"
    assert (s.tag_key, s.cue) == ("organisation-statement", "said in a statement")


def test_unnamed_spokesperson_speaks_for_the_organisation() -> None:
    s = only("A spokesperson for the ministry said the figures were wrong.")
    assert s.tag_key == "organisation-statement"


def test_court_filings_show() -> None:
    text = "Court filings show that the company paid $3 million in fees."
    assert spans(text) == [("the company paid $3 million in fees", "Court filings", "document")]


def test_documents_seen_by_an_outlet_stay_documents() -> None:
    text = "Emails obtained by The Guardian show the minister knew about the problem."
    assert spans(text)[0][2] == "document"


def test_poll_by_gallup_found() -> None:
    text = "A poll by Gallup found that 54% of Americans support the measure."
    assert spans(text) == [
        ("54% of Americans support the measure", "A poll by Gallup", "data-poll")
    ]


def test_report_by_reuters() -> None:
    text = "The factory had been closed for a month, according to a report by Reuters."
    assert spans(text) == [
        ("The factory had been closed for a month", "a report by Reuters", "other-media")
    ]


def test_outlet_reported_that() -> None:
    text = "The Washington Post reported that the agency had been hacked."
    assert spans(text)[0][2] == "other-media"


def test_capital_city_speaks_for_its_government() -> None:
    text = "Tehran indicated that it would not interfere."
    assert spans(text)[0][2] == "organisation-statement"


# -- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claim", "source"),
    [
        ("The ministry declined to comment.", "declined to comment", "The ministry"),
        (
            "The White House did not respond to a request for comment.",
            "did not respond to a request for comment",
            "The White House",
        ),
        (
            "Smith’s lawyer could not be reached for comment on Friday.",
            "could not be reached for comment on Friday",
            "Smith’s lawyer",
        ),
    ],
)
def test_declined_to_comment(text: str, claim: str, source: str) -> None:
    assert spans(text) == [(claim, source, "declined-to-comment")]


def test_said_it_would_not_comment_is_a_refusal() -> None:
    s = only("The company said it would not comment on ongoing litigation.")
    assert s.tag_key == "declined-to-comment"


def test_confirmed_but_declined_gives_two_claims_with_one_source() -> None:
    text = "A spokesperson confirmed the figures but declined to comment further."
    assert spans(text) == [
        ("the figures", "A spokesperson", "organisation-statement"),
        ("declined to comment further", "A spokesperson", "declined-to-comment"),
    ]


# -- hedges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The suspect reportedly fled to Spain.", "The suspect reportedly fled to Spain"),
        ("The minister is said to be furious.", "The minister is said to be furious"),
        (
            "It is understood that the talks will resume.",
            "It is understood that the talks will resume",
        ),
    ],
)
def test_hedges_are_unattributed(text: str, claim: str) -> None:
    s = only(text)
    assert (text[s.start : s.end], s.tag_key, s.source_start) == (claim, "unattributed", None)


# -- not attributions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That said, the market remains strong.",
        "Rebuilding the port will be easier said than done.",
        "All told, the storm caused $2 billion in damage.",
        "Residents were told to leave their homes.",
        "The said agreement expired in 2019.",
        "Protesters carried banners that said “No war”.",
        "The minister said goodbye to her staff.",
        "Stocks declined 3% on Monday.",
        "He said nothing.",
        "The report will be published next week.",
        "Officials from both countries met in Geneva.",
        "Officers told him to drop the knife.",
        "Outgoing mayor Ana Ruiz conceded defeat shortly after midnight.",
    ],
)
def test_not_an_attribution(text: str) -> None:
    assert suggest(text) == []


def test_said_inside_a_quotation_is_not_a_cue() -> None:
    text = "“My father said the river would flood one day,” said Tom Reed, a fisherman."
    s = only(text)
    assert s.speaker == "Tom Reed"


# -- found while probing with fresh articles ---------------------------------------------------


def test_short_adjunct_after_told_still_puts_the_claim_first() -> None:
    text = "“This is a good day,” Senate leader Karen Ellis told reporters after the vote."
    s = only(text)
    assert (text[s.start : s.end], s.speaker, s.tag_key) == (
        "This is a good day",
        "Karen Ellis",
        "named-official",
    )


def test_participle_after_the_cue_is_not_part_of_the_claim() -> None:
    text = "“Nobody ever knocked on my door,” he said, standing by his cracked wall."
    assert spans(text)[0][0] == "Nobody ever knocked on my door"


def test_coordinated_verbs_share_the_opening_subject() -> None:
    text = "Mr. Alvarez called the decision absurd and said his company would appeal."
    s = only(text)
    assert text[s.start : s.end] == "his company would appeal"
    assert text[s.source_start : s.source_end] == "Mr. Alvarez"


def test_she_refers_to_the_last_unnamed_speaker() -> None:
    text = (
        "Minister Eva Lund arrived on Monday. A spokeswoman for the Commission said the bloc "
        "was studying the rules. She declined to say whether it would follow suit."
    )
    refusal = suggest(text)[-1]
    assert refusal.tag_key == "declined-to-comment"
    assert refusal.speaker == "A spokeswoman for the Commission"


def test_named_person_in_an_appositive_after_an_unlisted_role() -> None:
    text = "Lloyd’s barrister, Simon Evans, argued during the trial that the searches were lawful."
    s = only(text)
    assert (text[s.start : s.end], s.speaker) == ("the searches were lawful", "Simon Evans")


def test_abbreviated_titles_are_official() -> None:
    s = only("Sen. Mark Doyle said the bill had too little oversight.")
    assert (s.speaker, s.tag_key) == ("Mark Doyle", "named-official")


def test_quantifier_subject_is_unnamed_not_an_organisation() -> None:
    assert spans("Some argued the money would make little difference.")[0][2] == "anonymous-other"


def test_name_withheld_counts_as_granted_anonymity() -> None:
    text = "One drummer, who asked that his name not be used, said he was paid late."
    assert only(text).evidence.startswith('anonymity granted: "asked that his name not be used"')


def test_definite_role_refers_back_to_the_named_person() -> None:
    text = (
        "Interior Minister Selma Kaya visited the site on Friday. "
        "The minister said 300 homes had been destroyed."
    )
    s = only(text)
    assert (s.speaker, s.tag_key) == ("Selma Kaya", "named-official")


def test_example_article_from_the_shared_folder_shapes() -> None:
    text = (
        "A drone crashed into the barracks but failed to detonate, according to two anonymous "
        "U.S. officials familiar with the matter.\n"
        "David Schenker from the Washington Institute for Near East Policy expressed concern "
        "about growing risks. He noted, “The possibility of a major strike is a realistic "
        "concern.”"
    )
    found = suggest(text)
    assert [s.tag_key for s in found] == ["anonymous-official", "expert"]
    assert (found[1].speaker, found[1].affiliation, found[1].quote_form) == (
        "David Schenker",
        "Washington Institute for Near East Policy",
        "direct",
    )
