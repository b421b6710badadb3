"""The register of studies of applicants' needs and experiences (the final report, section 2.5.2).

A study records what was asked, how, on what basis people agreed to take part, and what was found.
Who took part is kept only as counts by sex, age band and language (:class:`StudyParticipants`):
never a name, a dossier number or anything else that could lead back to a person. Rows are written by
:mod:`lika.plan.studies` only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lika.people.identifiers import validate_language_code
from lika.people.models import Sex

TITLE_MAX_LENGTH = 200
OWNER_MAX_LENGTH = 200
# Wide enough for each age band of a study, coarse enough that few cells are small.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 17),
    ("18-29", 18, 29),
    ("30-44", 30, 44),
    ("45-64", 45, 64),
    ("65+", 65, None),
)
AGE_UNKNOWN = "unknown"
# BCP 47's "undetermined": the language was not recorded.
LANGUAGE_UNKNOWN = "und"


class Method(models.TextChoices):
    """How a study learns about applicants' needs and experiences (the method guide's chapters)."""

    INTERVIEW = "interview", _("Interviews")
    OBSERVATION = "observation", _("Observation")
    SURVEY = "survey", pgettext_lazy("method of a study", "Survey")
    USABILITY_TEST = "usability_test", _("Usability test")
    CO_DESIGN = "co_design", _("Co-design workshop")
    OTHER = "other", _("Other method")


class StudyStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")


class ConsentBasis(models.TextChoices):
    """On what basis people take part; the study's consent text says how it was given and recorded."""

    INFORMED_CONSENT = "informed_consent", _("Informed consent of each participant")
    GUARDIAN_CONSENT = "guardian_consent", _("Informed consent of the child and a guardian")
    ANONYMOUS = "anonymous", _("Anonymous answers, nothing recorded about the person")
    OBSERVATION_NOTICE = "observation_notice", _("Notice and the right to say no (observation)")
    OTHER = "other", _("Other basis, described in the consent text")


def age_band_choices() -> list[tuple[str, str]]:
    """The age bands, and "age not known", as form choices."""
    return [(name, name) for name, _low, _high in AGE_BANDS] + [(AGE_UNKNOWN, str(_("Age not known")))]


class Study(models.Model):
    """One study of applicants' needs or experiences: its purpose, method, consent basis and findings."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    purpose = models.TextField(_("purpose"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    owner = models.CharField(_("unit or owner"), max_length=OWNER_MAX_LENGTH)
    consent_basis = models.CharField(_("consent basis"), max_length=20, choices=ConsentBasis.choices)
    consent_text = models.TextField(_("how consent was asked and recorded"))
    findings = models.TextField(_("findings"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StudyStatus.choices, default=StudyStatus.PLANNED)
    measures = models.ManyToManyField(
        "plan.Measure", blank=True, related_name="studies", verbose_name=_("measures the findings informed")
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-start_date", "title", "id")
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def __str__(self) -> str:
        return self.title


class StudyParticipants(models.Model):
    """How many took part in a study with one sex, age band and language. Never who."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participants")
    sex = models.CharField(_("sex"), max_length=7, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8)
    language = models.CharField(_("language"), max_length=12, validators=[validate_language_code])
    count = models.PositiveIntegerField(_("number of participants"))

    class Meta:
        ordering = ("study", "sex", "age_band", "language")
        verbose_name = _("participants of a study")
        verbose_name_plural = _("participants of studies")
        constraints = [
            models.UniqueConstraint(
                fields=("study", "sex", "age_band", "language"), name="plan_study_participants_once"
            ),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="plan_study_participants_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.study_id}: {self.sex} {self.age_band} {self.language} = {self.count}"
