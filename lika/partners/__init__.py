"""Other actors (the plan's fourth area): the organisations the agency works with, and what it does with them.

- :mod:`lika.partners.models` — organisations (municipalities and county boards with their official
  codes, civil-society organisations, reception centres), their contact persons, the basis of each
  cooperation and a log of dialogues; early activities and reception-centre activities with their
  sessions, enrolments and attendance; the civic introduction's sessions, modules and attendance.
- :mod:`lika.core.official_codes` — Statistics Sweden's codes of counties and municipalities (on the
  ground floor, because the registry's municipality of residence checks them too).
- :mod:`lika.partners.briefing` — the quarterly briefing for each municipality, protected against small cells.
- :mod:`lika.partners.services` — every write, each with its permission check and audit event.

The follow-up reads this part only through its fact tables (``lika.followup.facts.participation``).
"""
