"""The plan's models: its areas, measures and indicators (plan.py), and the studies of newcomers' needs (studies.py)."""

from lika.plan.models.plan import (
    Agency,
    Area,
    Direction,
    ImportedPart,
    LinkKind,
    Measure,
    MeasureChange,
    MeasureLink,
    MeasureStatus,
    MeasureYear,
    Narrative,
    NarrativeVersion,
    PlanIndicator,
    Report,
    Scope,
    Section,
)

__all__ = [
    "Agency",
    "Area",
    "Direction",
    "ImportedPart",
    "LinkKind",
    "Measure",
    "MeasureChange",
    "MeasureLink",
    "MeasureStatus",
    "MeasureYear",
    "Narrative",
    "NarrativeVersion",
    "PlanIndicator",
    "Report",
    "Scope",
    "Section",
]
