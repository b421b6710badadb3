"""Reading a treatment survey: who may see it, its frame for checks, its records for the analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from lika.treatment_survey.analysis.protection import ProtectionRule
from lika.treatment_survey.analysis.records import ContactRecord
from lika.treatment_survey.analysis.results import AnalysisSettings, SurveyAnalysis, survey_analyse
from lika.treatment_survey.imports.exports import SurveyFrame
from lika.treatment_survey.models import Observation, Observer, Survey
from lika.treatment_survey.protocol.definition import CHANNELS, Bilingual
from lika.treatment_survey.protocol.xlsform import FormSite, FormSpec

if TYPE_CHECKING:
    from lika.accounts.models import User

LEAD_PERMISSION = "treatment_survey.change_survey"


def is_lead(user: User) -> bool:
    """Survey leads (and administrators) see every survey; observers only their own."""
    return user.has_perm(LEAD_PERMISSION)


def surveys_visible(user: User) -> QuerySet[Survey]:
    """The surveys ``user`` may open: all for a lead, those they observe in for an observer."""
    surveys = Survey.objects.all()
    if is_lead(user):
        return surveys
    return surveys.filter(observers__user=user).distinct()


def observer_of(survey: Survey, user: User) -> Observer | None:
    """The observer ``user`` is in ``survey``, if any."""
    return Observer.objects.filter(survey=survey, user=user).first()


def survey_channels(survey: Survey) -> tuple[str, ...]:
    """The survey's channels in the protocol's order."""
    chosen = set(survey.channels)
    return tuple(choice.value for choice in CHANNELS if choice.value in chosen)


def survey_frame(survey: Survey) -> SurveyFrame:
    """What observations of ``survey`` are checked against."""
    return SurveyFrame(
        observers=frozenset(survey.observers.values_list("code", flat=True)),
        sites={code: frozenset(channels) for code, channels in survey.sites.values_list("code", "channels")},
        channels=frozenset(survey.channels),
        officers=frozenset(survey.officer_codes.values_list("code", flat=True)),
        first_day=survey.first_day,
        last_day=survey.last_day,
    )


def survey_records(survey: Survey) -> list[ContactRecord]:
    """Every observation of ``survey`` as the analysis reads it, in one query."""
    rows = Observation.objects.filter(survey=survey).values_list(
        "contact_code",
        "session__observer__code",
        "second_observer",
        "session__site__code",
        "session__channel",
        "session__day",
        "officer__code",
        "client_sex",
        "client_sex_basis",
        "answers",
    )
    return [
        ContactRecord(
            contact_code=code,
            observer=observer,
            second_observer=second,
            site=site,
            channel=channel,
            day=day,
            officer=officer,
            client_sex=sex,
            client_sex_basis=basis,
            answers=dict(answers),
        )
        for code, observer, second, site, channel, day, officer, sex, basis, answers in rows
    ]


def analysis_settings(survey: Survey) -> AnalysisSettings:
    return AnalysisSettings(
        rule=ProtectionRule(min_officers=survey.min_officers, min_contacts=survey.min_contacts),
        pass_mark=float(survey.pass_mark),
    )


def survey_analysis(survey: Survey) -> SurveyAnalysis:
    """The survey's analysis from its stored observations."""
    return survey_analyse(survey_records(survey), channels=survey_channels(survey), settings=analysis_settings(survey))


def form_spec(survey: Survey) -> FormSpec:
    """The survey's XLSForm: its channels, its sites and its period."""
    return FormSpec(
        form_id=survey.form_id,
        title=Bilingual(sv=f"Bemötande: {survey.name}", en=f"Treatment: {survey.name}"),
        channels=survey_channels(survey),
        sites=tuple(
            FormSite(code=site.code, name=site.name, channels=tuple(site.channels)) for site in survey.sites.all()
        ),
        first_day=survey.first_day,
        last_day=survey.last_day,
    )
