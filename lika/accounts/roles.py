"""The staff roles and what each may do.

A role is a Django group whose permissions are set here, in code, so that what a role may do is
reviewed like any other change. :func:`roles_sync` writes this table to the database after every
migration; permissions granted to a role group by hand are removed again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", _("Case officer")
    APPROVER = "approver", _("Approver")
    COMMUNICATOR = "communicator", _("Communicator")
    ANALYST = "analyst", _("Analyst")
    SURVEY_LEAD = "survey_lead", _("Survey lead")
    OBSERVER = "observer", _("Observer")
    MANAGER = "manager", _("Manager")
    FACILITATOR = "facilitator", _("Facilitator")
    COMPETENCE_ADMINISTRATOR = "competence_administrator", _("Competence administrator")
    EQUALITY_STRATEGIST = "equality_strategist", _("Gender-equality strategist")
    ADMINISTRATOR = "administrator", _("Administrator")


_REGISTRY_READ = (
    "people.view_person",
    "people.view_household",
    "people.view_householdmembership",
    "people.view_guardianship",
    "people.view_partnership",
    "people.view_accommodationperiod",
    "people.view_lmaeligibilityperiod",
    "people.view_permitapplication",
    "people.view_permitdecision",
    "people.view_permitconversation",
    "people.view_municipalityofresidence",
)
_REGISTRY_WRITE = (
    "people.add_person",
    "people.change_person",
    "people.add_household",
    "people.change_household",
    "people.add_householdmembership",
    "people.change_householdmembership",
    "people.add_guardianship",
    "people.add_partnership",
    "people.change_partnership",
    "people.add_accommodationperiod",
    "people.add_lmaeligibilityperiod",
    "people.change_lmaeligibilityperiod",
    "people.add_permitapplication",
    "people.add_permitdecision",
    "people.add_permitconversation",
    "people.add_municipalityofresidence",
)
_STATISTICS = ("people.view_registry_statistics",)
# Om Sverige's pages are written in Wagtail's admin (/cms/) and translated there with wagtail-localize.
# What a communicator may do with the pages themselves is in COMMUNICATOR_PAGE_PERMISSIONS.
_WAGTAIL_EDITING = ("wagtailadmin.access_admin", "wagtail_localize.submit_translation")
_INDICATORS = ("followup.view_indicators",)
# Analysts bring in the registers that live outside Lika; every import is audited.
_REGISTER_IMPORT = ("followup.view_registerimport", "followup.add_registerimport")
# The gender impact of proposed rule changes: published, protected figures only, no person.
_IMPACT = ("allowance.view_impactassessment",)
_ALLOWANCE_READ = (
    "allowance.view_card",
    "allowance.view_cardexception",
    "allowance.view_reduction",
    "allowance.view_decision",
    "allowance.view_paymentrun",
)
# Case officers decide on cards, exceptions and reductions, issue decisions and prepare runs;
# approvers approve and execute them. Nobody holds both sides of a run (four eyes).
_ALLOWANCE_CASEWORK = (
    "allowance.add_card",
    "allowance.change_card",
    "allowance.add_cardexception",
    "allowance.change_cardexception",
    "allowance.add_reduction",
    "allowance.add_decision",
    "allowance.prepare_paymentrun",
)
# Other actors: the organisations, their contacts and dialogues, activities and the civic introduction.
_PARTNERS_READ = ("partners.view_organisation", "partners.view_activity", "partners.view_civicsession")
_PARTNERS_ORGANISATIONS = ("partners.add_organisation", "partners.change_organisation")
# The dialogue tools and sites the agency shares with every partner.
_PARTNERS_SHARED_TOOLS = ("partners.add_sharedtool", "partners.change_sharedtool")
# Officers set up activities and sessions, enrol or refer people, and record who came.
_PARTNERS_CASEWORK = (
    "partners.add_activity",
    "partners.change_activity",
    "partners.add_enrolment",
    "partners.add_civicsession",
    "partners.change_civicsession",
)
# The plan: every member of staff reads it and its approved reports (no permission needed). The
# gender-equality strategist keeps the plan and writes the report; a manager approves and freezes it.
_PLAN_EDIT = (
    "plan.view_measure",
    "plan.add_measure",
    "plan.change_measure",
    "plan.add_area",
    "plan.change_area",
    "plan.add_narrative",
    "plan.change_narrative",
    "plan.add_importedpart",
    # The register of studies of applicants' needs; managers and analysts read it.
    "plan.view_study",
    "plan.add_study",
    "plan.change_study",
)

# "app_label.codename" for each role. Administrators get every permission (see roles_sync).
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_OFFICER: (
        *_REGISTRY_READ,
        *_REGISTRY_WRITE,
        "people.view_protected_person",
        *_STATISTICS,
        *_ALLOWANCE_READ,
        *_ALLOWANCE_CASEWORK,
        "applicant_portal.reply_message",
        "applicant_portal.add_portalcontact",
        "applicant_portal.change_portalcontact",
        *_PARTNERS_READ,
        *_PARTNERS_ORGANISATIONS,
        *_PARTNERS_CASEWORK,
    ),
    Role.APPROVER: (
        *_REGISTRY_READ,
        "people.view_protected_person",
        *_STATISTICS,
        *_ALLOWANCE_READ,
        "allowance.approve_paymentrun",
    ),
    Role.COMMUNICATOR: (
        *_INDICATORS,
        # Om Sverige's channels: campaign codes, short paths and their daily visit counts.
        "newcomer_info.view_channel",
        "newcomer_info.add_channel",
        "newcomer_info.change_channel",
        "newcomer_info.view_channelvisitday",
        # Whether a translated page has been reviewed by a qualified translator, and by whom.
        "newcomer_info.view_pagetranslationreview",
        "newcomer_info.change_pagetranslationreview",
        *_WAGTAIL_EDITING,
        # Targeted information through Min Sida: a topic to a group, each in their own language.
        "applicant_portal.view_mailing",
        "applicant_portal.send_mailing",
        # Communicators keep the dialogue with municipalities and civil society.
        "partners.view_organisation",
        *_PARTNERS_ORGANISATIONS,
        *_PARTNERS_SHARED_TOOLS,
    ),
    Role.ANALYST: (
        *_STATISTICS,
        *_INDICATORS,
        *_REGISTER_IMPORT,
        *_IMPACT,
        "allowance.add_impactassessment",
        "plan.view_study",
    ),
    Role.SURVEY_LEAD: (
        "treatment_survey.view_survey",
        "treatment_survey.add_survey",
        "treatment_survey.change_survey",
        "treatment_survey.view_report",
        "treatment_survey.view_observation",
        "treatment_survey.add_observation",
        "treatment_survey.view_observationimport",
        "treatment_survey.add_observationimport",
    ),
    Role.OBSERVER: ("treatment_survey.view_survey", "treatment_survey.add_observation"),
    # Managers agree competence dialogues with their own staff and see their units' protected aggregates.
    Role.MANAGER: (
        *_STATISTICS,
        *_INDICATORS,
        *_IMPACT,
        *_PARTNERS_READ,
        "applicant_portal.view_mailing",
        "competence.view_dialogue",
        "competence.change_dialogue",
        "plan.view_measure",
        "plan.approve_report",
        "plan.view_study",
    ),
    # Everyone reads the guide and the exercises; facilitators record the groups that did them.
    Role.FACILITATOR: ("competence.view_groupsession", "competence.add_groupsession"),
    Role.COMPETENCE_ADMINISTRATOR: (
        "competence.add_activity",
        "competence.change_activity",
        "competence.add_area",
        "competence.change_area",
        "competence.view_groupsession",
        # The units, who manages them and who works where; the case exercises.
        "competence.add_unit",
        "competence.change_unit",
        "competence.change_placement",
        "competence.add_caseexercise",
        "competence.change_caseexercise",
    ),
    Role.EQUALITY_STRATEGIST: (*_STATISTICS, *_INDICATORS, *_PLAN_EDIT),
    Role.ADMINISTRATOR: (),
}

# What communicators may do with Om Sverige's pages in Wagtail ("wagtailcore.<codename>"), granted on
# the root of Wagtail's page tree by lika.accounts.services.communicator_page_permissions_sync. Not the
# Swedish start page alone: wagtail-localize puts each language's copy of Om Sverige beside it, under
# the root, when a page is first translated, and the translators must be able to edit and publish
# there too. In Lika the tree holds Om Sverige only. (Wagtail lets whoever may publish a page also
# unpublish and delete it.)
COMMUNICATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
