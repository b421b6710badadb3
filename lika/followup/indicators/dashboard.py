"""The dashboard the pages, exports and ``lika followup-indicator`` show: a view cut from the stored protected cube.

Disclosure control runs once per fact version (:mod:`lika.followup.indicators.store`); a view of it
is cheap, and the laid-out result is also kept in Django's cache until the fact file is rewritten. Laying the result out as tables is pure and lives in
:mod:`lika.followup.indicators.tables`. Also here: how current each indicator's facts are.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from lika.core.disclosure import disclosure_rules
from lika.followup.indicators.catalogue import Indicator
from lika.followup.indicators.engines import Engine
from lika.followup.indicators.forms import Query
from lika.followup.indicators.results import IndicatorResult, indicator_run, indicator_years
from lika.followup.indicators.store import facts_version, protected_cube
from lika.followup.indicators.tables import Dashboard, dashboard_layout
from lika.followup.models import REGISTER_MODELS, FactRebuild, RegisterImport
from lika.statistics.cellkey import MAX_SALT
from lika.statistics.disclosure import DisclosureRules

CACHE_SECONDS = 6 * 60 * 60
REGISTER_KINDS = {model._meta.db_table: kind for kind, model in REGISTER_MODELS.items()}


def cell_key_salt() -> int:
    """The secret that salts the record keys of the cell-key method (``LIKA_CELL_KEY_SALT``, else from SECRET_KEY)."""
    configured = settings.LIKA_CELL_KEY_SALT
    if configured is not None:
        return int(configured) % MAX_SALT
    return int.from_bytes(hashlib.sha256(f"cell-key:{settings.SECRET_KEY}".encode()).digest()[:4], "big") % MAX_SALT


@dataclass(frozen=True)
class Freshness:
    """How current the figures are: the day the facts describe and when their files were last written."""

    as_of: datetime.date | None = None
    rebuilt: datetime.datetime | None = None
    imported: datetime.datetime | None = None


def dashboard_build(
    indicator: Indicator,
    *,
    engine: Engine,
    rules: DisclosureRules,
    breakdown: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    intervals: bool | None = None,
) -> Dashboard:
    """Runs ``indicator`` and lays out its published figures. Raises FactsMissingError when the facts are not built."""
    return dashboard_layout(
        published_run(indicator, engine=engine, rules=rules, breakdown=breakdown, years=years, intervals=intervals)
    )


def published_run(
    indicator: Indicator,
    *,
    engine: Engine,
    rules: DisclosureRules,
    breakdown: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    intervals: bool | None = None,
) -> IndicatorResult:
    """The indicator's figures for one choice, cut from its stored protected cube (computed and stored if stale)."""
    cut = indicator.person_level and not indicator.is_free(breakdown)
    cube = protected_cube(indicator, engine=engine, rules=rules) if cut else None
    return indicator_run(
        indicator,
        engine=engine,
        rules=rules,
        breakdown=breakdown,
        years=years,
        intervals=intervals,
        cube=cube,
        salt=cell_key_salt(),
    )


def dashboard_cached(
    indicator: Indicator,
    *,
    engine: Engine,
    rules: DisclosureRules,
    breakdown: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    intervals: bool | None = None,
) -> Dashboard:
    """Like :func:`dashboard_build`, reusing the figures of an earlier run over the same Parquet file.

    Disclosure control can take seconds on a fine breakdown; the page and its exports ask for the
    same figures, so the published result is kept in Django's cache until the file is rewritten.
    """
    version = facts_version(indicator.table, engine)
    if version is None:
        return dashboard_build(
            indicator, engine=engine, rules=rules, breakdown=breakdown, years=years, intervals=intervals
        )
    parts = (
        indicator.code,
        version,
        None if breakdown is None else tuple(breakdown),
        tuple(years or ()),
        intervals,
        rules,
    )
    key = "lika-indicator-" + hashlib.sha256(repr(parts).encode()).hexdigest()
    result = cache.get(key)
    if not isinstance(result, IndicatorResult):
        result = published_run(
            indicator, engine=engine, rules=rules, breakdown=breakdown, years=years, intervals=intervals
        )
        cache.set(key, result, CACHE_SECONDS)
    return dashboard_layout(result)


def published_years(indicator: Indicator, *, engine: Engine, rules: DisclosureRules) -> list[int]:
    """The years with figures. A person-level indicator's stored cube knows them, so a page or an export asks
    no scan of the facts for them; elsewhere (visits, or an engine without stored cubes) the years query runs."""
    if indicator.person_level and facts_version(indicator.table, engine) is not None:
        return list(protected_cube(indicator, engine=engine, rules=rules).years)
    return indicator_years(indicator, engine=engine)


def dashboard_for(indicator: Indicator, query: Query, *, engine: Engine) -> Dashboard:
    """The dashboard of a reader's choices (the page's form, or ``lika followup-indicator``'s options)."""
    return dashboard_cached(
        indicator,
        engine=engine,
        rules=disclosure_rules(),
        breakdown=query.breakdown,
        years=query.years,
        intervals=query.intervals,
    )


def indicator_freshness(indicators: Iterable[Indicator]) -> dict[str, Freshness]:
    """For each indicator's code, the day its facts describe and when they were rebuilt (two queries)."""
    rebuilt = {
        row["table"]: (row["as_of"], row["finished"])
        for row in FactRebuild.objects.values("table").annotate(as_of=Max("as_of"), finished=Max("finished_at"))
    }
    imported = dict(RegisterImport.objects.values_list("kind").annotate(last=Max("imported_at")))
    last_rebuild = max((finished for _as_of, finished in rebuilt.values()), default=None)
    freshness = {}
    for indicator in indicators:
        if indicator.table in REGISTER_KINDS:
            freshness[indicator.code] = Freshness(
                rebuilt=last_rebuild, imported=imported.get(REGISTER_KINDS[indicator.table])
            )
        else:
            as_of, finished = rebuilt.get(indicator.table, (None, None))
            freshness[indicator.code] = Freshness(as_of=as_of, rebuilt=finished)
    return freshness
