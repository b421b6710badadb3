"""``lika treatment_survey``: the form, an import from files, and the report as PDF from the command line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from lika.testing.files import UNREADABLE_FILES, UnreadableFile
from lika.treatment_survey.imports.example_files import odk_files
from lika.treatment_survey.models import Observation
from lika.treatment_survey.tests.factories import Planned

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_form_imports_an_export_and_writes_the_report(planned: Planned, tmp_path: Path) -> None:
    survey = str(planned.survey.pk)
    out = StringIO()
    call_command("treatment_survey", "form", "--survey", survey, "--out", str(tmp_path / "form.xlsx"), stdout=out)
    assert (tmp_path / "form.xlsx").read_bytes().startswith(b"PK")

    records = planned.records(200)
    paths = []
    for name, data in odk_files(records):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    call_command(
        "treatment_survey", "import", "--survey", survey, "--as", "lead", "--reason", "Week 1", *paths, stdout=out
    )
    assert Observation.objects.count() == len(records)

    call_command(
        "treatment_survey",
        "report",
        "--survey",
        survey,
        "--language",
        "en",
        "--out",
        str(tmp_path / "r.pdf"),
        stdout=out,
    )
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_a_refused_import_fails_with_the_problems(planned: Planned, tmp_path: Path) -> None:
    bad = tmp_path / "only.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "treatment_survey", "import", "--survey", str(planned.survey.pk), "--as", "lead", "--reason", "x", str(bad)
        )
    assert not Observation.objects.exists()


def _import(planned: Planned, path: Path) -> None:
    survey = str(planned.survey.pk)
    call_command("treatment_survey", "import", "--survey", survey, "--as", "lead", "--reason", "x", str(path))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("unreadable", UNREADABLE_FILES, ids=[f.case for f in UNREADABLE_FILES])
def test_an_export_the_command_cannot_read_is_refused_naming_file_and_line(
    planned: Planned, tmp_path: Path, unreadable: UnreadableFile
) -> None:
    path = tmp_path / unreadable.name
    path.write_bytes(unreadable.content)
    place = unreadable.name if unreadable.line is None else f"{unreadable.name}, line {unreadable.line}"
    with pytest.raises(CommandError) as caught:
        _import(planned, path)
    assert str(caught.value).startswith(f"{place}: ")
    assert unreadable.says in str(caught.value)
    assert str(caught.value).endswith("Nothing was imported.")
    assert not Observation.objects.exists()


@pytest.mark.usefixtures("english")
def test_an_export_larger_than_the_limit_is_refused_before_the_command_reads_it(
    planned: Planned, tmp_path: Path, settings: Any
) -> None:
    path = tmp_path / "big.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    settings.LIKA_FILE_MAX_BYTES = 4
    with pytest.raises(CommandError, match=r"^big\.csv: .*larger than .* Nothing was imported\.$"):
        _import(planned, path)
    assert not Observation.objects.exists()
