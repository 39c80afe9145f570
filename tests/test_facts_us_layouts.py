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


# -- job titles outside IT and office work

@pytest.mark.parametrize(("text", "title", "written"), [
    ("EXPERIENCE\nSous Chef 06/2014 to 08/2017\nMarriott - Denver, CO\n", "Chef", "Sous Chef"),
    ("WORK HISTORY\nLine Cook Jan 2010 - Dec 2012\n", "Chef", "Line Cook"),
    ("PROFESSIONAL EXPERIENCE\nRegistered Nurse, St. Mary's Hospital, 2015 - 2019\n", "Nurse", "Registered Nurse"),
    ("Experience\nCharge Nurse 03/2012 - Current\n", "Nurse", "Charge Nurse"),
    ("EXPERIENCE\nHead Teller\nFirst National Bank - Austin, TX\n", "Cashier", "Head Teller"),
    ("EXPERIENCE\nCashier 2008 - 2010 Walmart\n", "Cashier", "Cashier"),
    ("EXPERIENCE\nTruck Driver, Swift Transportation, 2011 - 2016\n", "Driver", "Truck Driver"),
    ("EXPERIENCE\nElectrician Apprentice, 2005 - 2007\n", "Tradesperson", "Electrician Apprentice"),
    ("EXPERIENCE\nJourneyman Electrician, IBEW Local 11, 2007 - 2015\n", "Tradesperson", "Journeyman Electrician"),
    ("EXPERIENCE\nWelder/Fitter, Acme Steel, 2012 - 2014\n", "Tradesperson", "Welder"),
    ("EXPERIENCE\nAssociate Attorney, Baker & Lee LLP, 2016 - 2020\n", "Attorney", "Associate Attorney"),
    ("EXPERIENCE\nStaff Accountant 07/2011 to 05/2014\n", "Accountant", "Staff Accountant"),
    ("EXPERIENCE\nWaitress, Denny's, 2004 - 2006\n", "Food Server", "Waitress"),
    ("EXPERIENCE\nAdministrative Assistant 2009 - 2012\n", "Assistant", "Administrative Assistant"),
    ("EXPERIENCE\nHead Sales Associate, Target, 2013 - 2015\n", "Sales Associate", "Head Sales Associate"),
    ("EXPERIENCE\nCustomer Service Representative Jan 2014 - Mar 2016\n", "Sales Associate",
     "Customer Service Representative"),
    ("EXPERIENCE\nHR Generalist, 2010 - 2013\n", "Planner", "HR Generalist"),
    ("EXPERIENCE\nShift Supervisor, Starbucks, 2012 - 2014\n", "Supervisor", "Shift Supervisor"),
    ("EXPERIENCE\nVice President, Operations, 2001 - 2010\n", "Director", "Vice President"),
    ("EXPERIENCE\nHigh School Math Teacher, 2003 - 2011\n", "Teacher", "Teacher"),
])
def test_titles_outside_it(extract, text, title, written):
    profile = extract(text)
    assert (title, written) in [(t.title, t.text) for t in profile.titles]
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "EXPERIENCE\n• Lead the migration of the payroll system\n",
    "EXPERIENCE\nCook meals for up to 200 guests\n",
    "EXPERIENCE\nWorked closely with the nurse on duty and the chef\n",
    "EXPERIENCE\nTrained new cashiers and assisted the baker\n",
    "Executive Profile\nDedicated professional with a passion for service\n",
    "SUMMARY\nSupported the attorney and the paralegal team with filings\n",
    "SKILLS\ninstructor-led training, driver installation\n",
])
def test_verbs_headings_and_prose_name_no_title(extract, text):
    assert [(t.title, t.text) for t in extract(text).titles] == []


# -- headings a PDF glued to the first line of their section

@pytest.mark.parametrize(("text", "years", "title"), [
    ("SKILLS\nSQL, Excel\nProfessional Experience Director Finance and FP&A Company Name\n"
     "January 2005 to January 2006 Acme\n", 1.0, "Director"),
    ("Skill Highlights\nBudgeting\nWORK HISTORY Senior Cashier 2005 to 2006\n", 1.0, "Senior Cashier"),
    ("SKILLS\nForklift\nWork Experience Truck Driver Jan 2010 - Jan 2013\n", 3.0, "Truck Driver"),
])
def test_a_heading_glued_to_its_first_line(extract, text, years, title):
    profile = extract(text)
    assert profile.experience_years == years
    assert title in [t.text for t in profile.titles]
    _offsets_hold(profile)


@pytest.mark.parametrize("text", [
    "SKILLS\nExcel\nWork experience in retail January 2005 to January 2006\n",
    "SKILLS\nExcel\nProfessional experience with Payroll 2005 to 2006\n",
])
def test_prose_that_opens_with_heading_words_opens_no_section(extract, text):
    assert extract(text).experience_years is None


@pytest.mark.parametrize(("text", "levels"), [
    # a template that writes the degree, the school, then the degree again
    ("EDUCATION\nB.S. : Accounting B.S Bemidji State University May 1992 Accounting B.S. GPA 3.9\n", ["bachelor"]),
    ("EDUCATION\nMBA : Finance Carlson School of Management MBA - Finance 2001\n", ["master"]),
    ("EDUCATION\nBachelor of Science : Nursing Valley University Bachelor of Science in Nursing Valley University\n",
     ["bachelor"]),
    # two degrees on one line stay two
    ("EDUCATION\nMaster of Science : Nursing/Master of Business Administration University of Phoenix\n",
     ["master", "master"]),
    ("EDUCATION\nB.S. Biology, 2004\nB.S. Chemistry, 2006\n", ["bachelor", "bachelor"]),
    # named again outside the education section: the same degree
    ("SUMMARY\nMBA with 10 years in retail banking\nEDUCATION\nMBA, Finance, 2008\n", ["master"]),
    ("EDUCATION\nMBA : Business Administration, 2010\nAFFILIATIONS\nMember, National Black MBA Association\n",
     ["master"]),
])
def test_each_degree_once(extract, text, levels):
    profile = extract(text)
    assert [d.level for d in profile.degrees] == levels
    _offsets_hold(profile)


# -- dates

@pytest.mark.parametrize("dash", ["-", "–", "—", "‐", "‑", "‒", "―", "−", "－", "﹣", "ï¼"])
def test_any_dash_between_dates(extract, dash):
    profile = extract(f"EXPERIENCE\nCashier 06/2004 {dash} 05/2006 Company Name - City, State\n")
    assert profile.experience_years == 1.9
    assert all(profile.text[c.start:c.end] == c.text for c in profile.experience)


@pytest.mark.parametrize("text", [
    "EXPERIENCE\nCashier, 2004 ï¼ Company Name ï¼ City\n",
    "EXPERIENCE\nServed 200 ‒ 300 guests a night\n",
])
def test_a_dash_without_two_dates_is_no_range(extract, text):
    assert extract(text).experience_years is None


@pytest.mark.parametrize(("text", "levels"), [
    ("EDUCATION\nB.A. : Geography, 2001\nCERTIFICATIONS\nB.S. : Biochemistry, 2005\n", ["bachelor", "bachelor"]),
    ("EDUCATION\nBSN : Nursing , 2007 Washington State University\nADN : Nursing , 2000 Clark College\n",
     ["bachelor", "associate"]),
])
def test_other_degrees_stay(extract, text, levels):
    assert [d.level for d in extract(text).degrees] == levels


@pytest.mark.parametrize("text", [
    "EDUCATION\nAssociate Degree : Applied Food Science, May 2008\nEXPERIENCE\nInternship for Associate Degree in Culinary Arts\n",
    "EDUCATION\nMasters of Science : Guidance Counseling 1985\nSUMMARY\nI hold a Masters degree in School Counselling\n",
])
def test_a_degree_again_in_prose_is_the_same_degree(extract, text):
    assert len(extract(text).degrees) == 1


# -- the field named after the degree's own words (issue #13)

@pytest.mark.parametrize(("text", "level", "field", "field_id"), [
    # the field after "in" or ":" wins over the "Arts"/"Science" of the degree's name
    ("EDUCATION\nBachelor of Arts in Journalism, 2009\n", "bachelor", "Journalism", None),
    ("EDUCATION\nBachelor of Arts : Film Studies , May 2011 Lakeside University\n", "bachelor", "Film Studies", None),
    ("EDUCATION\nMaster of Science : Nursing , 2016\n", "master", "Nursing", None),
    ("EDUCATION\nAssociate of Applied Science : Dental Hygiene , 2008\n", "associate", "Dental Hygiene", None),
    ("EDUCATION\nBachelor of Arts : Marketing , 2012\n", "bachelor", "Business Administration",
     "business-administration"),
    ("EDUCATION\nB.S : Accounting , 2003\n", "bachelor", "Commerce", "commerce"),
    # a known field inside a longer one is not that field
    ("EDUCATION\nBachelor of Science : Management Information Systems , 2010\n", "bachelor",
     "Management Information Systems", None),
    ("EDUCATION\nBachelor in Hospitality Management, 2014\n", "bachelor", "Hospitality Management", None),
    ("EDUCATION\nMaster of Science : Engineering Management , 2019\n", "master", "Engineering Management", None),
    # the degree's own words alone, or a known field written out, stay as they were
    ("EDUCATION\nBachelor of Arts, 2007\n", "bachelor", "Arts", "arts"),
    ("EDUCATION\nBachelor of Technology in Computer Science and Engineering\n", "bachelor", "Computer Science",
     "computer-science"),
    ("EDUCATION\nB.Tech, Mechanical Engineering, 2015\n", "bachelor", "Mechanical Engineering",
     "mechanical-engineering"),
    ("EDUCATION\nB.Com, Mumbai University, 2012\n", "bachelor", "Commerce", "commerce"),
])
def test_the_field_after_the_degree_name(extract, text, level, field, field_id):
    degree = extract(text).degrees[0]
    assert (degree.level, degree.field, degree.field_id) == (level, field, field_id)


@pytest.mark.parametrize(("text", "levels"), [
    ("AWARDS\nNamed Associate of the Month twice in 2019\n", []),
    ("EXPERIENCE\nWon Associate of the Year award, 2017\n", []),
    ("ACTIVITIES\nMaster of the Ceremonies at the 2015 gala\n", []),
    ("EDUCATION\nAssociate of Science : Biology, 2010\n", ["associate"]),
    ("EDUCATION\nMaster of Arts in Teaching, 2012\n", ["master"]),
])
def test_an_award_or_a_role_of_the_is_no_degree(extract, text, levels):
    assert [d.level for d in extract(text).degrees] == levels


@pytest.mark.parametrize(("text", "levels"), [
    ("EDUCATION\nJ.D. : Law , May 2009 Riverside School of Law\n", ["doctorate"]),
    ("EDUCATION\nJuris Doctor, 2014 Hillcrest University\n", ["doctorate"]),
    ("EDUCATION\nJD, cum laude, 2006\n", ["doctorate"]),
    ("SKILLS\nJD Edwards EnterpriseOne, Oracle\n", []),
    ("EXPERIENCE\nJD Edwards consultant, 2010 - 2012\n", []),
    ("EXPERIENCE\nAssisted J.D. Harper with quarterly audits\n", []),
])
def test_a_juris_doctor_is_a_doctorate(extract, text, levels):
    assert [d.level for d in extract(text).degrees] == levels


@pytest.mark.parametrize(("text", "levels"), [
    ("EDUCATION\nMasters : Economics Lakeview University Masters in Economics, 2012 - 2014\n", ["master"]),
    ("EDUCATION\nBachelor of Science : Statistics Hill College Bachelor's degree in Statistics\n", ["bachelor"]),
    ("EDUCATION\nMSc Physics, 2010; MSc Mathematics, 2012\n", ["master", "master"]),
])
def test_one_degree_named_twice_on_its_line(extract, text, levels):
    assert [d.level for d in extract(text).degrees] == levels
