"""Writes the fact tables and register rows as Parquet, the files DuckDB (or Spark, or Trino) reads.

Each file is written beside its final name and then renamed over it, so a reader sees the old
file or the new one, never half of one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import models

from lika.followup.models import (
    REGISTER_MODELS,
    FactActivityParticipation,
    FactAllowanceMonth,
    FactCardException,
    FactChannelVisit,
    FactCivicIntroduction,
    FactHouseholdYear,
    FactPayment,
    FactPermitConversationTopic,
    FactPermitDecision,
    FactPersonYear,
)

FACT_TABLES: tuple[type[models.Model], ...] = (
    FactPersonYear,
    FactHouseholdYear,
    FactAllowanceMonth,
    FactPayment,
    FactCardException,
    FactPermitDecision,
    FactPermitConversationTopic,
    FactChannelVisit,
    FactActivityParticipation,
    FactCivicIntroduction,
)
REGISTER_TABLES: tuple[type[models.Model], ...] = tuple(REGISTER_MODELS.values())
BATCH = 100_000


def facts_directory() -> Path:
    """Where the Parquet files live (``LIKA_FACTS_DIR``): the exports write there and DuckDB reads there."""
    return Path(settings.LIKA_FACTS_DIR)


def _arrow_type(field: models.Field[object, object]) -> pa.DataType:
    if isinstance(field, models.BooleanField):
        return pa.bool_()
    if isinstance(field, models.DateField):
        return pa.date32()
    if isinstance(field, models.BigIntegerField | models.BigAutoField | models.ForeignKey):
        return pa.int64()
    if isinstance(field, models.IntegerField | models.AutoField):
        return pa.int32()
    return pa.string()


def _columns(model: type[models.Model]) -> list[models.Field[object, object]]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, models.DateTimeField)]


def table_schema(model: type[models.Model]) -> pa.Schema:
    """The Arrow schema of ``model``'s Parquet copy: its columns but the time stamps."""
    return pa.schema([pa.field(f.column, _arrow_type(f), nullable=f.null) for f in _columns(model)])


def table_export(model: type[models.Model], directory: Path) -> Path:
    """Writes ``model``'s rows to ``directory/<db_table>.parquet`` and returns the path."""
    fields = _columns(model)
    schema = table_schema(model)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{model._meta.db_table}.parquet"
    partial = directory / f".{path.name}.partial"
    rows = model._default_manager.order_by("pk").values_list(*(f.attname for f in fields)).iterator(BATCH)
    with pq.ParquetWriter(partial, schema) as writer:
        batch: list[tuple[object, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                writer.write_table(
                    pa.Table.from_pylist([dict(zip(schema.names, r, strict=True)) for r in batch], schema)
                )
                batch = []
        writer.write_table(pa.Table.from_pylist([dict(zip(schema.names, r, strict=True)) for r in batch], schema))
    os.replace(partial, path)
    return path


def facts_export(directory: Path, tables: Iterable[type[models.Model]] = FACT_TABLES + REGISTER_TABLES) -> list[Path]:
    """Writes each of ``tables`` as Parquet under ``directory``."""
    return [table_export(model, directory) for model in tables]
