"""Registers rolematch's spaCy components: importing this module runs each component module's @Language.factory.
pipeline.py imports it before it adds the components by name, in this order:

- `rolematch_layout`          layout.py: lines, sections, lists and personal details (doc._.layout)
- `rolematch_skills`          skills.py: skills and languages, stated, hedged or negated (doc._.skill_mentions)
- `rolematch_degrees`         degrees.py: degrees with level and field (doc._.degree_mentions)
- `rolematch_titles`          titles.py: job titles and seniority (doc._.title_mentions)
- `rolematch_experience`      experience.py: statements and work-history ranges (doc._.experience_mentions)
- `rolematch_certifications`  certifications.py: certificates with issuer and topics (doc._.certification_mentions)

shared.py holds what they share: the Doc extensions, TEXT_KEY and the regex builders.
"""

from __future__ import annotations

from . import certifications, degrees, experience, layout, skills, titles
from .shared import TEXT_KEY

__all__ = ["TEXT_KEY", "certifications", "degrees", "experience", "layout", "skills", "titles"]
