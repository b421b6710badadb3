"""Competence for equal treatment: the guide to training, group sessions on case exercises, and the
competence dialogue between a member of staff and their manager.

The guide's activities, the competence framework and the case exercises are kept by competence
administrators; a group session names its exercise by slug. Rows are written by :mod:`lika.competence.services` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.people.models import Sex

TITLE_MAX_LENGTH = 200
LINK_MAX_LENGTH = 500
REFLECTION_MAX_LENGTH = 1000
UNIT_CODE_MAX_LENGTH = 16


class Subject(models.TextChoices):
    """The subject areas of the guide (the final report, section 2.3.3)."""

    GENDER_EQUALITY = "gender_equality", _("Gender equality")
    LGBTQI = "lgbtqi", _("LGBTQI")
    CHILDREN = "children", _("Children's rights")
    VIOLENCE = "violence", _("Violence, including economic violence")
    DISABILITY = "disability", _("Disability")
    RACISM = "racism", _("Racism and discrimination")
    MEETINGS = "meetings", _("Treatment in meetings")


class Process(models.TextChoices):
    """The case-handling processes an activity is written for."""

    ASYLUM = "asylum", _("Asylum")
    LMA = "lma", _("Economic assistance (LMA)")
    FAMILY_TIES = "family_ties", _("Family ties")
    WORK_STUDY = "work_study", _("Work and study permits")
    CITIZENSHIP = "citizenship", _("Citizenship")
    CONTACT_CENTRE = "contact_centre", _("Contact centre")
    SERVICE_OFFICES = "service_offices", _("Service offices")
    EMBASSIES = "embassies", _("Embassies")


class Format(models.TextChoices):
    COURSE = "course", _("Course")
    E_LEARNING = "e_learning", _("E-learning")
    CASE_EXERCISE = "case_exercise", _("Case exercise")
    DISCUSSION = "discussion", _("Discussion material")
    WEBINAR = "webinar", _("Webinar")
    SUPERVISOR_GUIDE = "supervisor_guide", _("Supervisor's guide")


class Audience(models.TextChoices):
    """Who an activity is for."""

    ALL_STAFF = "all_staff", _("All staff")
    CASE_OFFICERS = "case_officers", _("Case officers")
    CONTACT_CENTRE = "contact_centre", _("Contact centre staff")
    SERVICE_OFFICES = "service_offices", _("Service office staff")
    EMBASSY_STAFF = "embassy_staff", _("Embassy staff")
    MANAGERS = "managers", _("Managers")
    FACILITATORS = "facilitators", _("Facilitators")


class MeetingKind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    DIGITAL = "digital", _("Digital")
    TELEPHONE = "telephone", _("Telephone")


class MaterialLanguage(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class Activity(models.Model):
    """One competence-development activity in the guide, with where to find it."""

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"))
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    length_minutes = models.PositiveIntegerField(_("length in minutes"))
    language = models.CharField(_("language"), max_length=2, choices=MaterialLanguage.choices)
    subjects = models.JSONField(_("subject areas"), default=list)
    processes = models.JSONField(_("case-handling processes"), default=list)
    audiences = models.JSONField(_("for whom"), default=list)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    link = models.CharField(_("link"), max_length=LINK_MAX_LENGTH)
    active = models.BooleanField(_("shown in the guide"), default=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("title", "id")
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def subject_labels(self) -> list[str]:
        return [str(Subject(code).label) for code in self.subjects if code in Subject.values]

    def process_labels(self) -> list[str]:
        return [str(Process(code).label) for code in self.processes if code in Process.values]

    def audience_labels(self) -> list[str]:
        return [str(Audience(code).label) for code in self.audiences if code in Audience.values]


class Unit(models.Model):
    """A work unit: a contact centre, a service office, an embassy, a case-handling unit.

    A unit that treatment surveys observe has the same code as the survey's site, which is how the
    follow-up matches training to survey results. Units form a tree (``parent``); the manager of a unit
    sees the protected aggregates of their unit and of every unit below it, never an individual
    dialogue outside their own staff.
    """

    code = models.CharField(_("code"), max_length=UNIT_CODE_MAX_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_units",
        verbose_name=_("manager"),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """Where a member of staff works and who their manager is; their sex for the managers' aggregates."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placement")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placements")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=7, choices=Sex.choices, default=Sex.UNKNOWN)

    class Meta:
        verbose_name = _("placement")

    def __str__(self) -> str:
        return f"{self.user_id} in {self.unit_id}"


class CaseExercise(models.Model):
    """A case exercise for one kind of meeting (``meeting_kind`` blank: discussion material for every kind).

    Kept by competence administrators. Texts are in Swedish and English, each a ``{"sv": ..., "en": ...}``
    object; ``steps`` is a list of ``{"situation", "question", "choices"}`` with such texts, and
    ``behaviours`` names the treatment survey's items the exercise addresses. The four exercises Lika
    began with come from a data migration. A group session names its exercise by slug, which does not
    change.
    """

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    meeting_kind = models.CharField(_("kind of meeting"), max_length=10, choices=MeetingKind.choices, blank=True)
    title = models.JSONField(_("title"))
    summary = models.JSONField(_("summary"))
    situation = models.JSONField(_("situation"))
    steps = models.JSONField(_("steps"), default=list)
    facilitator_notes = models.JSONField(_("facilitator notes"), default=list)
    behaviours = models.JSONField(_("survey findings addressed"), default=list)
    minutes = models.PositiveSmallIntegerField(_("time needed in minutes"))
    mandatory_for = models.JSONField(_("mandatory in"), null=True, blank=True)
    active = models.BooleanField(_("shown to staff"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("order", "id")
        verbose_name = _("case exercise")

    def __str__(self) -> str:
        return self.slug


class GroupSession(models.Model):
    """A case exercise done together by a group, recorded by its facilitator.

    It says who took part, so that completion counts, and what the group reflected on; it never
    assesses anyone.
    """

    exercise = models.CharField(_("exercise"), max_length=60)
    held_on = models.DateField(_("date"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("unit"))
    meeting_kind = models.CharField(_("kind of meeting"), max_length=10, choices=MeetingKind.choices)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="competence_sessions")
    reflection = models.TextField(_("reflection"), max_length=REFLECTION_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-held_on", "-id")
        verbose_name = _("group session")

    def __str__(self) -> str:
        return f"{self.exercise} {self.held_on.isoformat()}"


class Area(models.Model):
    """One area of the competence framework for equal treatment, with three levels in plain words."""

    name = models.CharField(_("name"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"))
    level_1 = models.TextField(_("level 1: knows about it"))
    level_2 = models.TextField(_("level 2: does it in their own work"))
    level_3 = models.TextField(_("level 3: helps others do it"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("order", "id")
        verbose_name = _("competence area")

    def __str__(self) -> str:
        return self.name

    def levels(self) -> list[tuple[int, str]]:
        return [(1, self.level_1), (2, self.level_2), (3, self.level_3)]


class DialogueStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared by the member of staff")
    AGREED = "agreed", _("Agreed with the manager")


class Dialogue(models.Model):
    """A year's competence dialogue between a member of staff and their manager.

    Each year has its own dialogue, so earlier self-assessments and goals stay as they were.
    """

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dialogues")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dialogues")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(max_length=10, choices=DialogueStatus.choices, default=DialogueStatus.PREPARED)
    prepared_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-year", "id")
        constraints = (models.UniqueConstraint(fields=("staff", "year"), name="competence_one_dialogue_a_year"),)

    def __str__(self) -> str:
        return f"{self.staff_id} {self.year}"


class Rating(models.Model):
    """One area of a dialogue: the staff member's own assessment and the level agreed as the goal."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="ratings")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    self_level = models.PositiveSmallIntegerField()
    goal_level = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("area__order", "area_id")
        constraints = (models.UniqueConstraint(fields=("dialogue", "area"), name="competence_one_rating_an_area"),)

    def __str__(self) -> str:
        return f"{self.dialogue_id}: {self.area_id}"


class PlanItem(models.Model):
    """An activity from the guide in a dialogue's learning plan, and when it was done."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="plan")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = (models.UniqueConstraint(fields=("dialogue", "activity"), name="competence_plan_once"),)

    def __str__(self) -> str:
        return f"{self.dialogue_id}: {self.activity_id}"
