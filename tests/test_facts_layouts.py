"""Facts from the many ways people write a resume (issue #13): years from durations as well as ranges, titles
from labelled fields and company blocks, degrees from bare abbreviations beside an institution or a year, and
fields of study kept as written when rolematch does not know them. Each table holds several layouts and the
near misses that must not match. The pinned date is 2026-11 (helpers.AS_OF)."""

from __future__ import annotations

import pytest


def _offsets_hold(profile) -> None:
    for claim in profile.experience:
        assert profile.text[claim.start:claim.end] == claim.text
    for item in (*profile.degrees, *profile.titles):
        assert profile.text[item.start:item.end] == item.text


# -- years of experience

@pytest.mark.parametrize(("text", "years"), [
    # a total, said as one
    ("Total experience: 3.5 years\n", 3.5),
    ("Total Experience - 2 yrs 4 months\n", 2.3),
    ("Overall experience of 18 months in customer support\n", 1.5),
    ("TOTAL EXPERIENCE: 7+ Years\n", 7.0),
    ("5+ years of experience in Java development\n", 5.0),
    ("SUMMARY\nSales professional with over 6 years in retail banking\n", 6.0),
    ("PROFILE\nHaving more than 4 years in software testing\n", 4.0),
    # a stated total wins over the other statements and the job lengths; the dates of work count at least
    ("Total IT Experience: 7 Years\nWORK EXPERIENCE\nJan 2015 - Dec 2016\n", 7.0),
    ("Total IT Experience: 7 Years\nWORK EXPERIENCE\nJan 2010 - Present\n", 16.8),
    ("Total experience: 3 years\n10 years of experience in sales\n", 3.0),
    ("Total experience: 3 years\nWORK EXPERIENCE\nInfosys | Software Engineer | 2 years\n"
     "TCS | Analyst | 3 years\n", 3.0),
    ("TOTAL: 1 year\nWORK EXPERIENCE\nJan 2019 - Present\n", 7.8),  # no experience word: not a total
    ("Experience: 4 years\nWORK EXPERIENCE\nJan 2015 - Dec 2016\n", 4.0),
    ("5 years of experience\nWORK EXPERIENCE\nJan 2010 - Dec 2019\n", 9.9),
])
def test_years_from_statements(extract, text, years):
    profile = extract(text)
    assert profile.experience_years == years
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "SKILLS\nPython - Experience - 24 months\nJava - Experience - 36 months\n",
    "Python (2 years experience), SQL (1 year)\n",
    "Technical skills: Java (3 years), Spring Boot (2 years)\n",
    "SKILLS\nSQL: 4 years\nExcel: 6 years\n",
    "KEY SKILLS\nTally ERP - 3 Yrs\nMS Excel - 5 Yrs\n",
])
def test_the_time_with_a_skill_is_not_a_career(extract, text):
    profile = extract(text)
    assert profile.experience_years is None
    assert profile.experience and {c.kind for c in profile.experience} == {"skill"}
    _offsets_hold(profile)


def test_skill_durations_are_never_added_to_a_stated_total(extract):
    profile = extract("Total experience: 3 years\nSKILLS\nPython - Experience - 24 months\n"
                      "SQL - Experience - 36 months\nJava - Experience - 30 months\n")
    assert profile.experience_years == 3.0


@pytest.mark.parametrize(("text", "years"), [
    ("WORK EXPERIENCE\nInfosys, Since 2019\n", 7.8),
    ("WORK EXPERIENCE\nWorking with Wipro since June 2018\n", 8.4),
    ("WORK EXPERIENCE\nJune 2018 to till date\n", 8.4),
    ("WORK EXPERIENCE\nJun 2018 - to date\n", 8.4),
    ("WORK EXPERIENCE\nAccenture (2019 onwards)\n", 7.8),
    ("WORK EXPERIENCE\nJan'20 - Present\n", 6.8),
    ("WORK EXPERIENCE\nMar '19 - current\n", 7.7),
    ("WORK EXPERIENCE\nJan 20 - Mar 22\n", 2.2),
    ("WORK EXPERIENCE\nJun-19 to Present\n", 7.4),
    ("WORK EXPERIENCE\nSept 2016 – Current\n", 10.2),
    ("WORK EXPERIENCE\nMay 15, 2016 - June 30, 2018\n", 2.1),
    # overlapping jobs are merged, not added
    ("WORK EXPERIENCE\nJan 2019 - Present\nJun 2020 - Dec 2021\n", 7.8),
    ("WORK EXPERIENCE\nJan 2015 - Dec 2017\nJun 2017 - Dec 2018\n", 3.9),
])
def test_years_from_ranges(extract, text, years):
    profile = extract(text)
    assert profile.experience_years == years
    _offsets_hold(profile)


@pytest.mark.parametrize(("text", "years"), [
    ("WORK EXPERIENCE\nCompany | Designation | Duration\nInfosys | Software Engineer | 2 years\n"
     "TCS | Analyst | 18 months\n", 3.5),
    ("WORK EXPERIENCE\nInfosys   Software Engineer   2 years\nTCS   Test Engineer   1.5 years\n", 3.5),
    ("Company: Infosys\nDesignation: Software Engineer\nDuration: Jan 2016 - Dec 2018\n", 2.9),
])
def test_years_from_a_table_of_jobs(extract, text, years):
    profile = extract(text)
    assert profile.experience_years == years
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "EDUCATION\nB.Tech, 2012-2016\n",
    "EDUCATION\nPursuing B.Tech since 2019\n",
    "EDUCATION\nJune 2012 to May 2016\nB.E Computer Engineering\n",
    "I have been 2 years in college\n",
    "Fresher. Aged 27 years\n",
    "PROJECTS\nChat bot (duration 6 months)\n",
    "PERSONAL DETAILS\nDate of Birth: Jan 20, 1995\n",
])
def test_what_is_not_work_experience(extract, text):
    assert extract(text).experience_years is None


# -- job titles

@pytest.mark.parametrize(("text", "title", "seniority"), [
    ("Designation: Relationship Manager\nCompany: HDFC Bank\n", "Manager", None),  # a known head names it
    ("WORK EXPERIENCE\nDesignation : Asst. Store Keeper, Reliance Retail\n", "Store Keeper", "junior"),
    ("WORK EXPERIENCE\nCompany - Acme Corp\nRole - Sales Coordinator\nDescription - Handled key accounts\n",
     "Coordinator", None),
    ("Position – Floor Marshal\n", "Floor Marshal", None),  # not a title rolematch knows: as written
    ("Position – Floor Supervisor\n", "Supervisor", None),  # a known head names it
    ("Designation: Sr. Merchandiser\n", "Merchandiser", "senior"),
    ("Job Title: Plant Operations Head\n", "Plant Operations Head", None),
    ("Current Designation — Senior Merchandiser\n", "Merchandiser", "senior"),
    ("Designation - Head of Operations and Logistics\n", "Head of Operations and Logistics", None),
    ("Post: Assistant Professor, XYZ College\n", "Teacher", "junior"),  # a known title keeps its name
    ("Role: Data Analyst at Mu Sigma\n", "Data Analyst", None),
    # a headline under the name
    ("Priya Sharma\nSenior Accountant\npriya@example.com\n", "Accountant", "senior"),
    ("Rahul Verma\nHR Executive - Infosys\n", "Executive", None),
    ("Anita Desai\nPrimary School Teacher\n", "Teacher", None),
])
def test_titles_from_fields_and_headlines(extract, text, title, seniority):
    profile = extract(text)
    assert [(t.title, t.seniority) for t in profile.titles][:1] == [(title, seniority)]
    assert "\n" not in profile.titles[0].text and ":" not in profile.titles[0].text
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "WORK EXPERIENCE\nRole: Responsible for managing daily operations of the store and staff\n",
    "PROJECTS\nTitle: Online Voting System\nRole: Team member\n",
    "Roles and responsibilities: Handling the team of 5\n",
    "Ravi Kumar\nBangalore, Karnataka\n",
    "Ravi Kumar\nravi@example.com | 98450 12345\n",
    "Title: CAWP (Compliance Automated Work Paper)\n",
    "EDUCATION\nPosition: 2nd in class\n",
])
def test_what_names_no_title(extract, text):
    assert extract(text).titles == ()


@pytest.mark.parametrize(("text", "title", "years"), [
    ("Education Details\nB.E Computer Engineering, Pune University\nData Scientist - Acme Labs\n"
     "Jan 2019 - Present\n", "Data Scientist", 7.8),
    ("EDUCATION\nMBA, 2015\nBusiness Analyst at Deloitte, Jun 2016 - May 2019\n", "Data Analyst", 2.9),
    ("ACADEMIC QUALIFICATIONS\nB.Sc Physics, 2014\n• Software Engineer | TCS\n", "Software Engineer", None),
])
def test_work_history_under_an_education_heading(extract, text, title, years):
    profile = extract(text)
    assert [t.title for t in profile.titles] == [title]
    assert profile.experience_years == years
    assert profile.degrees and "\n" not in profile.degrees[0].text


@pytest.mark.parametrize("text", [
    "EDUCATION\nB.Sc Physics\nResearch Scientist position offered\n",
    "EDUCATION\nM.Tech in Data Science, 2018-2020\nThesis: Data Scientist tools for crop yield\n",
    "EDUCATION\nJune 2012 to May 2016\nB.E Computer Engineering\n",
])
def test_study_under_an_education_heading_stays_study(extract, text):
    profile = extract(text)
    assert profile.titles == () and profile.experience_years is None


# -- degrees

@pytest.mark.parametrize(("text", "level"), [
    ("BE   Dr. Babasaheb Ambedkar Marathwada University, Aurangabad\n", "bachelor"),
    ("SUMMARY\nBE   Dr. Babasaheb Ambedkar Marathwada University, Aurangabad\n", "bachelor"),
    ("B.Tech - ABC College of Engineering 2016\n", "bachelor"),
    ("ME from Pune Institute of Computer Technology, 2018\n", "master"),
    ("M.E. - Government College of Engineering, Karad\n", "master"),
    ("B.E.   Sinhgad College of Engineering\n", "bachelor"),
    ("MSc  Fergusson College, Pune  2015\n", "master"),
    ("BSc 2012 - Mumbai University\n", "bachelor"),
    ("BCA - 2014\n", "bachelor"),
    ("MCA 2012 Osmania University\n", "master"),
    ("PGDM, IIM Indore, 2019\n", "diploma"),
    ("PhD, IISc Bangalore, 2020\n", "doctorate"),
    ("M.Tech | NIT Trichy | 2017\n", "master"),
    ("EDUCATION\nBsc(mpc) in Bachelor of science\nAcharya Nagarjuna University\n", "bachelor"),
])
def test_bare_abbreviations_with_an_institution_or_year(extract, text, level):
    profile = extract(text)
    assert [d.level for d in profile.degrees if d.level != "school"] == [level]
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "HSC - Maharashtra State Board, 2010\nSSC - State Board, 2008\n",
    "Class XII, Kendriya Vidyalaya, 2012\n",
    "CBSE, Delhi Public School, 2011\n",
    "EDUCATION\nX - St. Mary's Convent School, 2009\n",
])
def test_school_boards_stay_school(extract, text):
    assert {d.level for d in extract(text).degrees} == {"school"}


@pytest.mark.parametrize("text", [
    "Please contact ME at the University office\n",
    "I want to BE part of a great college\n",
    "Happy to be at the University of Pune again\n",
    "SUMMARY\nTell me about the college you went to in 2019\n",
    "EDUCATION\nSSVPS’s Late B. S. Deore College of Engineering, Dhule\n",
    "MS Excel 2016, MS Office\n",
])
def test_words_and_initials_are_not_degrees(extract, text):
    assert [d for d in extract(text).degrees if d.level != "school"] == []


# -- fields of study kept as written

@pytest.mark.parametrize(("line", "field", "field_id"), [
    ("Bachelor in Hospitality Management, 2015", "Hospitality Management", None),
    ("Bachelor of Fine Arts, 2012", "Fine Arts", None),
    ("B.Sc in Nursing from AIIMS", "Nursing", None),
    ("Master of Hotel Management", "Hotel Management", None),
    ("Bachelor of Technology in Computer Science and Engineering", "Computer Science", "computer-science"),
    ("Bachelor of Science (Physics)", "Physics", "physics"),
    ("Master of Business Administration", "Business Administration", "business-administration"),
    ("Bachelor of Engineering in EEE", "Electrical and Electronics", "electrical-and-electronics"),
    ("MBA in Finance, 2012", "Business Administration", "business-administration"),
    ("Bachelor of Engineering", None, None),
    ("Post Graduate Diploma in Clinical Data Management", "Clinical Data Management", None),  # not "management"
    # what follows "in" may be a place, a specialisation of a degree that names its field, or a misspelling
    ("B Tech in Sri Ramakrishna Engineering College", None, None),
    ("B.Sc in West Bengal State\nBarrackpore College", None, None),
    ("B.Sc in UIT, 2014", None, None),
    ("MBA in Banking and Finance", "Business Administration", "business-administration"),
    ("Bachelor of Enginerring in Information Technology", "Information Technology", "information-technology"),
])
def test_a_field_rolematch_does_not_know_is_kept_as_written(extract, line, field, field_id):
    (degree,) = extract(f"EDUCATION\n{line}\n").degrees
    assert (degree.field, degree.field_id) == (field, field_id)
    assert degree.to_dict()["field_id"] == field_id


def _score(text):
    from helpers import AS_OF

    from rolematch.api import score_text
    return score_text(text, "t.txt", as_of=AS_OF)


def _degree_step(result):
    return next(s for s in result.career_path if s.step.startswith("A bachelor's"))


@pytest.mark.parametrize(("line", "status"), [
    ("B.E in Computer Science, 2014", "done"),
    ("Bachelor in Hospitality Management, 2015", "partly"),
    ("Bachelor of Tourism Studies, 2015", "partly"),
])
def test_the_degree_score_and_the_career_path_agree(line, status):
    result = _score(f"SKILLS\nPython, SQL\nEDUCATION\n{line}\n")
    (degree,) = result.profile.degrees
    accepted = {r.id: next(m.how for m in r.matched if m.kind == "degree") for r in result.roles}
    assert _degree_step(result).status == status
    assert set(accepted.values()) == ({"accepted field"} if status == "done" else {"other field"})
    assert degree.field_id is None or status == "done"


@pytest.mark.parametrize("text", [
    "EDUCATION\nPune University, 2016\n",
    "EDUCATION\nSavitribai Phule Pune University\n2012 - 2016\n",
    "EDUCATION\nElectrical engineering\n",
])
def test_a_degree_like_line_is_not_no_degree(text):
    result = _score(f"SKILLS\nPython, SQL\n{text}")
    profile = result.profile
    assert profile.degrees == () and profile.degree_lines
    assert "degree" not in profile.not_found
    assert _degree_step(result).status == "partly"
    for role in result.roles:
        degree_gaps = [gap for gap in role.missing if gap.kind == "degree"]
        assert all(gap.action == "check-resume" and gap.name == "Name of your degree" for gap in degree_gaps[:1])
        assert not any("complete a bachelor" in s.casefold() for s in role.next_steps)


@pytest.mark.parametrize("text", [
    "EDUCATION\nKendriya Vidyalaya, Pune, 2010\n",
    "EDUCATION\nSt. Xavier's High School, 2008\n",
    "WORK EXPERIENCE\nPune University, 2016 - 2019\n",
])
def test_a_school_or_a_workplace_is_no_degree_line(extract, text):
    assert extract(text).degree_lines == ()
