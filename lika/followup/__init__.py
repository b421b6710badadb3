"""Follow-up in a gender-equality perspective: sex-disaggregated indicators, protected before they leave Lika.

- :mod:`lika.statistics` — pure statistics and disclosure control (no Django, no clock).
- :mod:`lika.followup.models` — the fact tables, rebuilt by ``lika followup-rebuild`` from the other
  parts' data, and the rows of imported registers.
- :mod:`lika.followup.facts` — the job that rebuilds the fact tables.
- :mod:`lika.followup.registers` — imports of registers kept outside Lika (AT-UND, civic introduction,
  Arbetsförmedlingen).
- :mod:`lika.followup.indicators` — the indicator catalogue as code and the engines that run it
  (DuckDB over Parquet by default, the database itself on PostgreSQL).
"""
