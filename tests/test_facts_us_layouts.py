"""Facts from US-style resumes (issue #13): high school diplomas and associate degrees, job titles outside IT
and office work, and the headings and verbs that are no titles. Each table holds realistic variants and the near
misses that must not match. Fixtures are written for these tests, not taken from any corpus."""

from __future__ import annotations

import pytest


def _offsets_hold(profile) -> None:
    for item in (*profile.degrees, *profile.titles):
        assert profile.text[item.start:item.end] == item.text


# -- degrees

@pytest.mark.parametrize(("text", "levels"), [
    ("EDUCATION\nHigh School Diploma Lincoln High School - Springfield, IL\n", ["school"]),
    ("EDUCATION\nRoosevelt Career & Tech - City, State High School Diploma : Culinary\n", ["school"]),
    ("EDUCATION\nState of Ohio High School Diploma Department of Education\n", ["school"]),
    ("EDUCATION\nGED, 2004\n", ["school"]),
    ("EDUCATION\nAssociates , Applied Science Electronics Engineering 2011 Valley Technical Community College\n",
     ["associate"]),
    ("EDUCATION\nAssociates Borough Community College - City, State\n", ["associate"]),
    ("EDUCATION\nAssociate of Arts Business Administration 2009 Lone Pine College\n", ["associate"]),
    ("EDUCATION\nAssociate in Applied Science: Nursing, May 2012\n", ["associate"]),
    ("EDUCATION\nAssociate's : Medical Office Administration Fayetteville Tech Community College\n", ["associate"]),
    ("EDUCATION\nBachelor of Science : Nursing , 2015\nHigh School Diploma , 2008\n", ["bachelor", "school"]),
])
def test_us_school_and_associate_levels(extract, text, levels):
    profile = extract(text)
    assert [d.level for d in profile.degrees] == levels
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "EXPERIENCE\nSales Associate in the menswear department, Macy's\n",
    "EXPERIENCE\nPartner at Smith & Associates, 2010 - 2014\n",
    "EXPERIENCE\nMentored high school students in math\n",
    "AWARDS\nWho's Who Among American High School Students 2000\n",
])
def test_jobs_and_companies_are_not_associate_degrees(extract, text):
    assert [d.level for d in extract(text).degrees] == []
