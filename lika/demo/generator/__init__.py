"""The synthetic population generator: pure NumPy, no Django, no clock.

:func:`population_chunks` yields the population in chunks of whole households, each a set of
column arrays per table (:class:`PopulationChunk`); :func:`population_generate` joins them for
small populations. The figures that shape it are in :mod:`lika.demo.generator.figures` and
docs/demo-data.md.
"""

from lika.demo.generator.population import CHUNK_PERSONS, EARLIEST_TODAY, population_chunks, population_generate
from lika.demo.generator.tables import TABLE_NAMES, PopulationChunk, Table

__all__ = [
    "CHUNK_PERSONS",
    "EARLIEST_TODAY",
    "TABLE_NAMES",
    "PopulationChunk",
    "Table",
    "population_chunks",
    "population_generate",
]
