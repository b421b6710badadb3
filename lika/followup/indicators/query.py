"""One indicator, one SQL text per engine: the catalogue's conditions turned into a grouped query with SQLGlot.

The query only groups and counts; margins, shares, intervals and disclosure control happen in
Python on the grouped rows, which are few. Keeping the SQL to ``SELECT ... WHERE ... GROUP BY``
over plain columns is what lets the same definition run on DuckDB, PostgreSQL, SQLite, Spark or
Trino without a dialect of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlglot
from sqlglot import exp

from lika.followup.indicators.catalogue import TIME, Indicator, Kind

# The dialects the definitions are checked against (lika/followup/tests/test_indicator_query.py).
DIALECTS = ("duckdb", "postgres", "sqlite", "spark", "trino")
POPULATION = "population"
NUMERATOR = "numerator"
AMOUNT = "amount"


def _condition(text: str) -> exp.Expr:
    # The catalogue's conditions are written in DuckDB's dialect, which is close to standard SQL.
    return sqlglot.parse_one(text, read="duckdb")


def indicator_query(
    indicator: Indicator,
    breakdown: Sequence[str],
    years: Sequence[int] | None = None,
    *,
    record_key: str | None = None,
) -> exp.Select:
    """The grouped query: one row per combination of ``breakdown`` with the population, numerator and amount.

    ``record_key``: an SQL expression giving each row its record key (see :mod:`lika.statistics.cellkey`);
    the query then also adds up the keys of the population and of the numerator, for the cell keys.
    """
    columns: list[exp.Expr] = [exp.column(name) for name in breakdown]
    columns.append(exp.alias_(exp.Count(this=exp.Star()), POPULATION))
    rate = indicator.kind == Kind.RATE and indicator.numerator is not None
    if rate and indicator.numerator is not None:
        counted = exp.Case().when(_condition(indicator.numerator), exp.Literal.number(1)).else_(exp.Literal.number(0))
        columns.append(exp.alias_(exp.Sum(this=counted), NUMERATOR))
    if indicator.amount is not None:
        columns.append(exp.alias_(exp.Sum(this=exp.column(indicator.amount)), AMOUNT))
    if record_key is not None:
        key = _condition(record_key)
        columns.append(exp.alias_(exp.Sum(this=key), f"{POPULATION}_key"))
        if rate and indicator.numerator is not None:
            keyed = exp.Case().when(_condition(indicator.numerator), key.copy()).else_(exp.Literal.number(0))
            columns.append(exp.alias_(exp.Sum(this=keyed), f"{NUMERATOR}_key"))
    where = _condition(indicator.population)
    if years:
        where = exp.and_(where, exp.column(TIME).isin(*(exp.Literal.number(y) for y in sorted(set(years)))))
    query = exp.select(*columns).from_(exp.to_table(indicator.table)).where(where)
    if breakdown:
        query = query.group_by(*(exp.column(name) for name in breakdown))
    return query


def indicator_sql(
    indicator: Indicator,
    breakdown: Sequence[str],
    dialect: str,
    years: Sequence[int] | None = None,
    *,
    record_key: str | None = None,
) -> str:
    """The query as text in ``dialect``, every identifier quoted (``year`` is a keyword in some engines)."""
    return indicator_query(indicator, breakdown, years, record_key=record_key).sql(dialect=dialect, identify=True)


def years_sql(indicator: Indicator, dialect: str) -> str:
    """The years for which ``indicator``'s table has rows in its population, oldest first."""
    query = (
        exp.select(exp.column(TIME))
        .distinct()
        .from_(exp.to_table(indicator.table))
        .where(_condition(indicator.population))
        .order_by(exp.column(TIME))
    )
    return query.sql(dialect=dialect, identify=True)
