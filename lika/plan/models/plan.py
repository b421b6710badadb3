"""The plan: development areas, their measures with a status and a history, the indicators that follow
them, the strategist's narratives, the approved (frozen) yearly reports, and the parts of the joint
plan that other agencies send.

Texts the yearly report prints come in Swedish and English (``…_en``); the report in English shows the
Swedish text, marked, where no English one is written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """An agency in the government's assignment: the one running this Lika, the coordinator, the others."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    coordinator = models.BooleanField(_("coordinates the joint plan"), default=False)
    own = models.BooleanField(_("this agency"), default=False, help_text="The agency whose Lika this is.")

    class Meta:
        ordering = ("name",)
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = (
            models.UniqueConstraint(fields=("own",), condition=models.Q(own=True), name="plan_one_own_agency"),
            models.UniqueConstraint(
                fields=("coordinator",), condition=models.Q(coordinator=True), name="plan_one_coordinator"
            ),
        )

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A development area of the plan (the report's section 2.n)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("what the area is for"), blank=True)
    description_en = models.TextField(_("what the area is for, in English"), blank=True)

    class Meta:
        ordering = ("number",)
        verbose_name = _("development area")
        verbose_name_plural = _("development areas")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    NOT_PURSUED = "not_pursued", _("Not pursued")


class Scope(models.TextChoices):
    AGENCY = "agency", _("The agency's own plan")
    JOINT = "joint", _("The joint plan")


class Measure(models.Model):
    """A measure (åtgärd) of the plan. Its status changes are kept in :class:`MeasureChange`."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="measures", verbose_name=_("area"))
    code = models.CharField(_("number"), max_length=20, unique=True, help_text="e.g. 1.3")
    scope = models.CharField(_("plan"), max_length=10, choices=Scope.choices, default=Scope.AGENCY)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="measures", verbose_name=_("responsible agency")
    )
    text = models.TextField(_("measure"))
    text_en = models.TextField(_("measure in English"), blank=True)
    owner = models.CharField(_("owner (unit)"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    reason = models.TextField(
        _("why it is not pursued"), blank=True, help_text="Required when the status is 'not pursued'."
    )
    reason_en = models.TextField(_("why it is not pursued, in English"), blank=True)

    class Meta:
        ordering = ("area__number", "id")
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        permissions = (("approve_report", "Approve and freeze the plan's yearly report"),)
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(status="not_pursued") | ~models.Q(reason=""), name="plan_not_pursued_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="plan_measure_ends_after_start",
            ),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class MeasureYear(models.Model):
    """What was done with a measure in one year, as the report's appendix says it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("status text"))
    text_en = models.TextField(_("status text in English"), blank=True)

    class Meta:
        ordering = ("measure", "year")
        constraints = (models.UniqueConstraint(fields=("measure", "year"), name="plan_one_status_text_a_year"),)

    def __str__(self) -> str:
        return f"{self.measure_id} {self.year}"


class MeasureChange(models.Model):
    """One change to a measure: what it was and what it became, by whom, when and why. Never changed."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    # {"field": [before, after]} for each field that changed; on creation, before is null.
    fields = models.JSONField(default=dict)

    class Meta:
        ordering = ("measure", "at", "id")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.at:%Y-%m-%d %H:%M}"


class LinkKind(models.TextChoices):
    """What in Lika carries a measure out. ``target`` is the thing's code, slug or id."""

    PAGE = "page", _("Om Sverige page")
    CHANNEL = "channel", _("Om Sverige channel")
    INDICATOR = "indicator", _("Indicator in the follow-up")
    SURVEY = "survey", _("Treatment survey")
    COMPETENCE = "competence", _("Competence activity")
    PARTNER_ACTIVITY = "partner_activity", _("Partner activity")
    PART = "part", _("Part of Lika")


class MeasureLink(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    target = models.CharField(_("target"), max_length=200, help_text="The code, slug, id or path of the thing.")
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)

    class Meta:
        ordering = ("measure", "id")
        constraints = (models.UniqueConstraint(fields=("measure", "kind", "target"), name="plan_link_once"),)

    def __str__(self) -> str:
        return self.label


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")
    CLOSER = "closer", _("A smaller gap between women and men is better")


class PlanIndicator(models.Model):
    """An indicator of the follow-up that follows an area (or one of its measures), with baseline and target.

    ``code`` names the indicator in the follow-up's catalogue. Baseline and target are in the
    indicator's headline unit: per cent for a rate or a split, a number for a count.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="indicators")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators")
    code = models.CharField(_("indicator"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=1, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=1, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    direction = models.CharField(_("progress is"), max_length=10, choices=Direction.choices, default=Direction.UP)
    note = models.TextField(_("where the baseline comes from"), blank=True)
    note_en = models.TextField(_("where the baseline comes from, in English"), blank=True)

    class Meta:
        ordering = ("area__number", "position", "id")
        constraints = (models.UniqueConstraint(fields=("area", "code"), name="plan_indicator_once_per_area"),)

    def __str__(self) -> str:
        return self.code


class Section(models.TextChoices):
    SUMMARY = "summary", _("Summary")
    AREA = "area", _("Development area")
    ASSESSMENT = "assessment", _("Assessment")


class Narrative(models.Model):
    """A text of the yearly report the strategist writes: the summary, one per area, the assessment.

    Every save is a new :class:`NarrativeVersion`; the newest is the draft the report shows.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="narratives")
    language = models.CharField(_("language"), max_length=5)

    class Meta:
        ordering = ("year", "section", "area__number", "language")
        constraints = (
            models.UniqueConstraint(fields=("year", "section", "area", "language"), name="plan_one_narrative"),
            models.UniqueConstraint(
                fields=("year", "section", "language"),
                condition=models.Q(area__isnull=True),
                name="plan_one_narrative_without_area",
            ),
            models.CheckConstraint(
                condition=models.Q(section="area", area__isnull=False)
                | (~models.Q(section="area") & models.Q(area__isnull=True)),
                name="plan_narrative_area_only_for_areas",
            ),
        )

    def __str__(self) -> str:
        return f"{self.year} {self.section} {self.language}"


class NarrativeVersion(models.Model):
    narrative = models.ForeignKey(Narrative, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("text"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("narrative", "-number")
        constraints = (models.UniqueConstraint(fields=("narrative", "number"), name="plan_version_numbered_once"),)

    def __str__(self) -> str:
        return f"{self.narrative} v{self.number}"


class Report(models.Model):
    """An approved yearly report, frozen: its content, pages and PDF in both languages, exactly as approved.

    Nothing here is rebuilt: a fact rebuild or a changed template after approval leaves it as it was.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    approved_at = models.DateTimeField(_("approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("approved by")
    )
    content = models.JSONField(help_text="{language: the report's content as built}")
    html = models.JSONField(help_text="{language: the report's page as rendered}")
    pdf_sv = models.BinaryField()
    pdf_en = models.BinaryField()

    class Meta:
        ordering = ("-year",)
        verbose_name = _("approved yearly report")
        verbose_name_plural = _("approved yearly reports")

    def __str__(self) -> str:
        return str(self.year)

    def pdf(self, language: str) -> bytes:
        return bytes(self.pdf_en if language == "en" else self.pdf_sv)


class ImportedPart(models.Model):
    """Another agency's part of the joint plan for a year, as its data package brought it. Replaced whole."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="imported_parts")
    year = models.PositiveSmallIntegerField(_("year"))
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    measures = models.JSONField(default=list)
    figures = models.JSONField(default=list)

    class Meta:
        ordering = ("year", "agency__name")
        constraints = (models.UniqueConstraint(fields=("agency", "year"), name="plan_one_part_per_agency_and_year"),)

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"
