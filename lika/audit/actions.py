"""Every action the audit trail records, named once.

An audit event's ``action`` is one of these values; services pass the member, never a free string,
so that a typo cannot start a new kind of event and the whole vocabulary can be read in one place.
The values are the strings stored in :class:`lika.audit.models.AuditEvent`; changing one would split
the trail, so a value is only ever added.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # The people registry
    PERSON_CREATE = "person.create"
    PERSON_UPDATE = "person.update"
    PERSON_READ_PROTECTED = "person.read_protected"
    PERSON_READ_PROTECTED_REFUSED = "person.read_protected_refused"
    HOUSEHOLD_CREATE = "household.create"
    HOUSEHOLD_MEMBER_ADD = "household.member_add"
    HOUSEHOLD_MEMBER_END = "household.member_end"
    GUARDIANSHIP_CREATE = "guardianship.create"
    PARTNERSHIP_CREATE = "partnership.create"
    PARTNERSHIP_END = "partnership.end"
    ACCOMMODATION_CREATE = "accommodation.create"
    LMA_ELIGIBILITY_CREATE = "lma_eligibility.create"
    LMA_ELIGIBILITY_END = "lma_eligibility.end"
    PERMIT_APPLICATION_SUBMIT = "permit_application.submit"
    PERMIT_DECISION_RECORD = "permit_decision.record"
    PERMIT_CONVERSATION_RECORD = "permit_conversation.record"
    MUNICIPALITY_OF_RESIDENCE_RECORD = "municipality_of_residence.record"

    # Staff accounts
    STAFF_USER_CREATE = "staff_user.create"
    STAFF_USER_CHANGE = "staff_user.change"
    STAFF_LOGIN = "staff_user.login"
    STAFF_LOGIN_FAILED = "staff_user.login_failed"
    STAFF_BREAK_GLASS_ENROL = "staff_user.break_glass_enrol"

    # Integrating systems' API tokens
    API_TOKEN_ISSUE = "integrations.api_token_issue"  # noqa: S105 (an action, not a secret)
    API_TOKEN_REVOKE = "integrations.api_token_revoke"  # noqa: S105 (an action, not a secret)

    # Economic assistance (LMA)
    CARD_ORDER = "allowance.card_order"
    CARD_REPLACE = "allowance.card_replace"
    CARD_ACTIVATE = "allowance.card_activate"
    CARD_BLOCK = "allowance.card_block"
    CARD_ACCOUNT_SET = "allowance.card_account_set"
    CARD_EXCEPTION_CREATE = "allowance.card_exception_create"
    CARD_EXCEPTION_END = "allowance.card_exception_end"
    REDUCTION_DECIDE = "allowance.reduction_decide"
    DECISION_ISSUE = "allowance.decision_issue"
    DECISION_OPEN = "allowance.decision_open"
    IMPACT_ASSESS = "allowance.impact_assess"
    PAYMENT_RUN_PREPARE = "allowance.payment_run_prepare"
    PAYMENT_RUN_APPROVE = "allowance.payment_run_approve"
    PAYMENT_RUN_CANCEL = "allowance.payment_run_cancel"
    PAYMENT_RUN_EXECUTE_START = "allowance.payment_run_execute_start"
    PAYMENT_RUN_EXECUTE = "allowance.payment_run_execute"
    PAYMENT_FILE_OPEN = "allowance.payment_file_open"

    # Min Sida
    PORTAL_LOGIN = "portal.login"
    PORTAL_LOGIN_FAILED = "portal.login_failed"
    PORTAL_CODE_SEND = "portal.code_send"
    PORTAL_CONTACT_ADD = "portal.contact_add"
    PORTAL_CONTACT_VERIFY = "portal.contact_verify"
    PORTAL_CONTACT_CHECK_SEND = "portal.contact_check_send"
    PORTAL_IDENTITY_LINK = "portal.identity_link"
    PORTAL_MESSAGE_SEND = "portal.message_send"
    PORTAL_DECISION_OPEN = "portal.decision_open"
    PORTAL_MAILING_CREATE = "portal.mailing_create"
    PORTAL_MAILING_SEND = "portal.mailing_send"

    # Om Sverige
    CHANNEL_CREATE = "newcomer_info.channel_create"
    CHANNEL_CHANGE = "newcomer_info.channel_change"
    CHANNEL_VISITS_ADD = "newcomer_info.channel_visits_add"
    OM_SVERIGE_INSTALL = "newcomer_info.om_sverige_install"
    OM_SVERIGE_PAGE_LOAD = "newcomer_info.om_sverige_page_load"
    OM_SVERIGE_PAGE_TRANSLATE = "newcomer_info.om_sverige_page_translate"
    OM_SVERIGE_TRANSLATION_REVIEW = "newcomer_info.om_sverige_translation_review"

    # Treatment surveys
    SURVEY_CREATE = "treatment_survey.survey_create"
    SURVEY_RULES_CHANGE = "treatment_survey.survey_rules_change"
    SURVEY_SITE_ADD = "treatment_survey.site_add"
    SURVEY_OBSERVER_ADD = "treatment_survey.observer_add"
    SURVEY_OFFICER_CODES_ISSUE = "treatment_survey.officer_codes_issue"
    SURVEY_SAMPLING_PLAN_DRAW = "treatment_survey.sampling_plan_draw"
    SURVEY_SESSION_OPEN = "treatment_survey.session_open"
    SURVEY_OBSERVATION_RECORD = "treatment_survey.observation_record"
    SURVEY_OBSERVATIONS_IMPORT = "treatment_survey.observations_import"

    # Competence for equal treatment
    COMPETENCE_ACTIVITY_CREATE = "competence.activity_create"
    COMPETENCE_ACTIVITY_CHANGE = "competence.activity_change"
    COMPETENCE_SESSION_RECORD = "competence.group_session_record"
    COMPETENCE_DIALOGUE_PREPARE = "competence.dialogue_prepare"
    COMPETENCE_DIALOGUE_AGREE = "competence.dialogue_agree"
    COMPETENCE_PLAN_ITEM_DONE = "competence.plan_item_done"
    COMPETENCE_AREA_SAVE = "competence.area_save"
    COMPETENCE_UNIT_SAVE = "competence.unit_save"
    COMPETENCE_PLACEMENT_CHANGE = "competence.placement_change"
    COMPETENCE_EXERCISE_SAVE = "competence.exercise_save"

    # Follow-up
    REGISTER_IMPORT = "register.import"

    # Other actors: organisations, activities and the civic introduction
    ORGANISATIONS_LOAD = "partners.organisations_load"
    ORGANISATION_CREATE = "partners.organisation_create"
    ORGANISATION_COOPERATION_CHANGE = "partners.organisation_cooperation_change"
    CONTACT_ADD = "partners.contact_add"
    DIALOGUE_RECORD = "partners.dialogue_record"
    ACTIVITY_CREATE = "partners.activity_create"
    ACTIVITY_SESSION_ADD = "partners.activity_session_add"
    ENROLMENT_RECORD = "partners.enrolment_record"
    ACTIVITY_SIGN_UP = "partners.activity_sign_up"
    ATTENDANCE_RECORD = "partners.attendance_record"
    CIVIC_SESSION_CREATE = "partners.civic_session_create"
    CIVIC_INVITE = "partners.civic_invite"
    CIVIC_ATTENDANCE_RECORD = "partners.civic_attendance_record"
    MUNICIPALITY_BRIEFING = "partners.municipality_briefing"
    SHARED_TOOL_SAVE = "partners.shared_tool_save"

    # The plan and its yearly report
    PLAN_AREA_SAVE = "plan.area_save"
    PLAN_MEASURE_SAVE = "plan.measure_save"
    PLAN_MEASURE_YEAR_SAVE = "plan.measure_year_save"
    PLAN_INDICATOR_SAVE = "plan.indicator_save"
    PLAN_NARRATIVE_SAVE = "plan.narrative_save"
    PLAN_REPORT_APPROVE = "plan.report_approve"
    PLAN_PART_IMPORT = "plan.part_import"
    PLAN_AGENCY_SAVE = "plan.agency_save"
    STUDY_CREATE = "plan.study_create"
    STUDY_CHANGE = "plan.study_change"
    STUDY_PARTICIPANTS_SET = "plan.study_participants_set"

    # Demo
    DEMO_POPULATION_LOAD = "demo_population.load"
    DEMO_CONTACTS_LOAD = "demo_contacts.load"
    DEMO_CONVERSATIONS_LOAD = "demo_conversations.load"
    DEMO_PARTNERS_LOAD = "demo_partners.load"
