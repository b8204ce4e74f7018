"""Reading and writing the export format, on fixtures written for each variant and quirk."""

import pytest

from plans import questionnaire as q
from sdgcommons import answers, document
from tests.conftest import FIXTURES

# Fixtures written to be refused.
REFUSED = {"bad_year.md", "two_years.md"}


def read(name):
    return document.read((FIXTURES / name).read_text())


def test_it_reads_metadata_and_the_full_title():
    data = read("plan_2021_packed.md")
    assert data.year == 2021
    assert data.country == "Zambia"
    assert (data.latitude, data.longitude) == (-15.4167, 28.2833)
    assert data.focal_point == "ana.banda@example.org"
    assert data.title.endswith("what makes families switch")
    assert data.heading.endswith("fa…")
    assert data.tags["sdg"] == ["7. Affordable and clean energy", "10. Reduced innequalities"]


def test_it_picks_the_questionnaire_version_from_the_prompts():
    assert read("plan_2021_packed.md").version.key == "plan-2021"
    assert read("plan_2023_numbered.md").version.key == "plan-2023"
    assert read("progress_2022_a.md").version.key == "progress-2021"
    assert read("progress_2024_b.md").version.key == "progress-2023"
    assert read("combined_2021.md").version.key == "combined-2021"


def test_it_decodes_html_entities_in_answers():
    data = read("plan_2021_packed.md")
    assert "cheapest fuel & families" in data.fields["challenge_statement"]
    assert "40\u00a0%" in data.fields["quantitative_evidence"]


def test_it_keeps_links_and_images_in_answers():
    data = read("plan_2021_packed.md")
    assert "[energy access report](https://example.org/energy-report)" in data.fields["background"]
    assert (
        "![Missing alt text](https://example.org/charcoal-prices.png)"
        in (data.fields["quantitative_evidence"])
    )


def test_the_challenge_type_note_is_not_an_answer():
    assert read("plan_2021_packed.md").fields["challenge_type"] == ""
    assert read("plan_2023_numbered.md").fields["challenge_type"] == "big_bet"


def test_it_splits_partners_packed_one_per_line():
    partners = read("plan_2021_packed.md").repeats["partnerships"]
    assert [p["name"] for p in partners] == [
        "Lusaka City Council",
        "Copperbelt Stove Makers",
        "Women in Energy Zambia",
    ]
    assert [p["sector"] for p in partners] == ["government", "private", "civil_society"]
    assert partners[1]["description"] == "build the prototypes"
    assert partners[0]["source"]["description"] == "see above"


def test_it_splits_partners_numbered_on_one_line():
    partners = read("plan_2023_numbered.md").repeats["partnerships"]
    assert [p["name"] for p in partners] == [
        "City of Belgrade",
        "Faculty of Civil Engineering",
        "Recycling Association",
        "Demolition Contractors Guild",
    ]
    assert partners[0]["is_new_and_unusual"] is True
    assert partners[3]["is_new_and_unusual"] is False


def test_it_reads_learning_questions_from_repeated_sections():
    questions = read("plan_2021_packed.md").repeats["learning_questions"]
    assert len(questions) == 2
    assert questions[0]["stages"] == ["sense", "explore"]
    assert questions[1]["stages"] == ["test"]
    # An answer written as a quote is still the answer.
    assert questions[0]["methods_usage"] == "> Cooking diaries kept by twelve families."


def test_it_keeps_what_has_no_field_as_other_answers():
    others = read("plan_2021_packed.md").others
    assert document.Other("Closing", q.NOTICES[0], "", False) in others
    assert document.Other("", None, "****", False) in others


def test_it_reads_progress_report_insights_and_time_split():
    data = read("progress_2022_a.md")
    assert data.kind == "progress"
    assert data.fields["insights"] == [
        ("1. ", "Cooks choose stoves by how fast water boils.\nThe price came second."),
        ("2) ", "Pay-as-you-go worked for two thirds of families."),
        ("3. ", "Neighbours copy each other."),
    ]
    assert data.fields["time_sense"] == 30
    assert data.fields["time_explore"] is None
    # "about half" is no number: kept as written rather than guessed.
    assert document.Other("Learnings on your challenge", "Test", "about half", True) in data.others


def test_it_accepts_prompt_spelling_variants():
    data = read("progress_2022_a.md")
    assert data.fields["bonus_answer"].startswith("The diaries only worked")
    assert data.fields["supporting_evidence"] == "https://example.org/evidence/diaries.pdf"
    assert document.Other("End", None, "****", False) in data.others
    assert document.Other("End", q.NOTICES[1], "n/a", False) in data.others


def test_it_reads_handover_options_and_partner_groups():
    data = read("progress_2024_b.md")
    assert data.fields["handover_options"] == [
        "Our work has led to significant changes in our UNDP Country Office programming",
        "Other",
    ]
    assert data.fields["insights"][1] == ("- ", "Evening classes keep more women enrolled.")
    assert data.repeats["partnerships"] == [
        {
            "name": "ICT Division",
            "sector": "government",
            "description": "Co-designed the curriculum.",
            "is_new_and_unusual": None,
        }
    ]


@pytest.mark.parametrize(("name", "language"), [("plan_fr.md", "fr"), ("plan_es.md", "es")])
def test_it_reads_translated_headings(name, language):
    data = read(name)
    assert data.language == language
    assert data.fields["challenge_statement"]
    assert data.others == []


def test_french_plans_are_written_with_french_headings():
    text = document.write(read("plan_fr.md"))
    assert "## Énoncé du défi" in text
    assert "## Challenge statement" not in text


def test_a_document_with_metadata_only_is_a_plan_with_its_title():
    data = read("metadata_only.md")
    assert data.title == "A plan with a title and nothing else"
    assert data.kind == "plan"


def test_a_heading_wrapped_onto_a_second_paragraph_is_one_heading():
    data = read("heading_wrapped.md")
    assert data.title == (
        "Why do smallholder farmers in the northern districts stop using the weather advisories "
        "they signed up for after the first rainy season, and what would make them come back?"
    )
    assert data.heading.endswith(
        "after the first…\n\nrainy season, and what would make them come back?"
    )
    assert data.focal_point == "kwame.mensah@example.org"
    assert data.fields["challenge_statement"].startswith("Our challenge is that text-message")
    assert data.others == []


def test_an_empty_heading_takes_the_title_on_the_next_line():
    data = read("heading_empty.md")
    assert data.kind == "progress"
    assert data.title == "Mobile clinics on market days: what we learned"
    assert data.heading == "\nMobile clinics on market days: what we learned"
    assert data.fields["handover_detail"] == "The district health office now schedules the clinics."


@pytest.mark.parametrize("name", ["heading_wrapped.md", "heading_empty.md"])
def test_a_heading_on_two_lines_is_written_back_as_it_was(name):
    source = (FIXTURES / name).read_text()
    written = document.write(document.read(source))
    assert written.split("\n[[")[0] == source.split("\n[[")[0]
    assert document.write(document.read(written)) == written


def test_the_spaces_that_end_answer_lines_are_kept():
    data = read("hard_breaks.md")
    assert data.fields["challenge_statement"] == (
        "Our challenge is that fish spoils  \nbefore it reaches the inland markets.  "
    )
    assert data.fields["background"].startswith("Traders buy ice at dawn.   \nBy noon")
    assert data.fields["background"].endswith("a tab\t\nand a last line with a no-break space.\xa0")
    assert data.fields["quantitative_evidence"] == (
        "![Ice prices by month](https://example.org/ice.png)  \nSource: our market survey  "
    )
    assert data.fields["value_proposition"].startswith("    Four spaces before the first line")
    assert data.fields["tweet_summary"] == "Cold rooms, not ice.  "
    (partner,) = data.repeats["partnerships"]
    assert partner == {
        "name": "Lake Fisheries Office  ",
        "description": "They count the boats.  \nEvery morning.  ",
        "is_new_and_unusual": True,
    }
    (question,) = data.repeats["learning_questions"]
    assert question["question"] == "Why does the ice run out before noon?  "
    assert question["stages"] == ["sense", "test"]
    assert data.title == "Cold rooms for fish traders"


def test_the_spaces_that_end_insight_lines_are_kept():
    data = read("hard_breaks_report.md")
    assert data.fields["insights"] == [
        ("1. ", "Traders pay for cold storage by the crate,  \nnot by the day.  "),
        ("2. ", "Women traders share one cold room.  "),
    ]
    assert data.fields["handover_detail"] == (
        "The county runs the cold rooms now.  \nTraders pay a small fee.  "
    )


@pytest.mark.parametrize("name", ["hard_breaks.md", "hard_breaks_report.md"])
def test_lines_ending_in_spaces_are_written_back_as_typed(name):
    source = (FIXTURES / name).read_text()
    written = document.write(document.read(source))
    assert document.write(document.read(written)) == written
    assert typed_lines(source) <= set(written.split("\n"))


def typed_lines(text):
    """The answer lines of a document that end in spaces, but for choices, which are values."""
    values = {"Yes  ", "- Sense  ", "- Test  ", "- Other  "}
    return {
        line
        for line in text.split("\n")
        if line != line.rstrip() and not line.startswith(">") and line not in values
    }


def test_lines_that_look_like_structure_stay_in_their_answer():
    data = read("structure_in_answers.md")
    assert data.fields["background"] == "\n".join(
        [
            "Fishing cooperatives keep their own records.",
            "#",
            "# Records by season",
            "### Dry season",
            "Catch falls by half.",
            "****",
            '> "We stop fishing when the ice runs out," one trader told us.',
            ">",
            "A quote of our own, then more of our text.",
            "## End",
            "This line follows a line that looks like a heading.",
            "[[year:2020]]",
            "The last line of the answer.",
        ]
    )
    assert data.fields["value_proposition"].endswith("landing site.\n\n## Notes")
    (partner,) = data.repeats["partnerships"]
    assert partner["description"] == (
        "<div>They lend us the landing site.</div>\n</div>\n<p>And their boats on Sundays.</p>"
    )
    (question,) = data.repeats["learning_questions"]
    assert question["methods_usage"] == (
        "> Walks along the shore with the traders.\n\n## Closing\nWe write down what they say."
    )
    assert data.fields["early_leads"] == "The county fisheries office."
    assert (data.year, data.others) == (2023, [])


def test_lines_that_look_like_structure_are_written_to_read_back_the_same():
    source = (FIXTURES / "structure_in_answers.md").read_text()
    data = document.read(source)
    written = document.write(data)
    again = document.read(written)
    assert {key: again.fields[key] for key in data.fields} == data.fields
    for name, items in data.repeats.items():
        for item, item_again in zip(items, again.repeats[name], strict=True):
            assert {key: item_again[key] for key in item} == item
    assert document.write(again) == written
    answer_lines = source.split("## Challenge statement")[1].split("\n")
    assert set(answer_lines) - set(written.split("\n")) == set()


def test_an_article_is_refused_as_not_a_learning_plan():
    with pytest.raises(document.DocumentError, match="not a learning plan"):
        read("article.txt")


def test_a_bad_year_is_reported_with_its_line():
    with pytest.raises(document.DocumentError) as error:
        read("bad_year.md")
    assert error.value.line == 5
    assert str(error.value) == 'line 5: the year "twenty-two" is not a year like 2023'


def test_two_different_years_are_refused_naming_both_lines():
    with pytest.raises(document.DocumentError) as error:
        read("two_years.md")
    assert error.value.lines == (5, 16)
    assert str(error.value) == "lines 5 and 16: two different years, 2022 and 2023"


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        ("[[country:Malawi]]", 'lines 16 and 18: two different countries, "Zambia" and "Malawi"'),
        (
            "[[focal_point:john.banda@example.org]]",
            "lines 3 and 18: two different focal points, "
            '"mary.phiri@example.org" and "john.banda@example.org"',
        ),
        (
            "[[latlng:-13.9626,33.7741]]",
            'lines 17 and 18: two different coordinates, "-15.4167,28.2833" and "-13.9626,33.7741"',
        ),
    ],
)
def test_other_conflicting_metadata_is_refused(repeat, message):
    text = _with_one_year().replace("## Title", f"{repeat}\n## Title")
    with pytest.raises(document.DocumentError) as error:
        document.read(text)
    assert str(error.value) == message


def test_a_repeat_saying_the_same_is_accepted():
    repeats = "[[year:2022]]\n[[country:zambia]]\n[[focal_point:Mary.Phiri@example.org]]\n"
    data = document.read(_with_one_year().replace("## Title", f"{repeats}## Title"))
    assert (data.year, data.country, data.focal_point) == (2022, "Zambia", "mary.phiri@example.org")
    assert data.extra_metadata == []


def _with_one_year():
    return (FIXTURES / "two_years.md").read_text().replace("[[year:2023]]\n", "")


@pytest.mark.parametrize(
    "name", [path.name for path in sorted(FIXTURES.glob("*.md")) if path.name not in REFUSED]
)
def test_writing_is_stable_and_keeps_every_answer(name):
    source = (FIXTURES / name).read_text()
    written = document.write(document.read(source))
    assert document.write(document.read(written)) == written
    for paragraph in _answer_paragraphs(source):
        assert " ".join(answers.decode_entities(paragraph).split()) in " ".join(written.split())


def _answer_paragraphs(text):
    packed = {"Lusaka City Council (government)", "1. City of Belgrade (2) Faculty"}
    paragraph = []
    for line in [*text.splitlines(), ""]:
        structural = line.startswith(("#", ">", "[[", "<div", "</div"))
        if structural or not line.strip():
            if paragraph and not any(p in "\n".join(paragraph) for p in packed):
                yield "\n".join(paragraph)
            paragraph = []
        else:
            paragraph.append(line)


@pytest.mark.parametrize(
    "text", ["R&D", "&amp;", "a &lt;b&gt;", "&notit;", "5 & 6", "&&", "&#38;", "plain"]
)
def test_entity_encoding_round_trips(text):
    assert answers.decode_entities(answers.encode_entities(text)) == text


def test_a_packed_partner_answer_is_written_back_as_the_lab_wrote_it():
    text = document.write(read("plan_2021_packed.md"))
    assert "Copperbelt Stove Makers (private sector) - build the prototypes" in text


def test_edited_packed_partners_are_written_one_by_one():
    data = read("plan_2021_packed.md")
    data.repeats["partnerships"][1]["name"] = "Copperbelt Stove Makers Ltd"
    text = document.write(data)
    assert "Copperbelt Stove Makers (private sector)" not in text
    assert "Copperbelt Stove Makers Ltd" in text
    assert document.read(text).repeats["partnerships"][1]["name"] == "Copperbelt Stove Makers Ltd"


def test_an_insight_marker_too_wide_for_its_column_stays_in_the_text():
    wide = " " * 8 + "2." + " " * 12  # 22 characters: Insight.marker keeps 20
    text = f"1. First.\n{wide}Second."
    assert answers.parse_insights(text) == [("1. ", f"First.\n{wide}Second.")]
    assert answers.format_insights(answers.parse_insights(text)) == text
