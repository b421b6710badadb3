"""Prepares the demo: staff logins for every role, the synthetic population, and the main jobs."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import translation

from lika.core import clock
from lika.demo.allowance import demo_allowance_month
from lika.demo.card_history import demo_card_history
from lika.demo.channels import demo_channels_load
from lika.demo.competence import demo_competence_load
from lika.demo.contacts import demo_code_logins, demo_contact_address, demo_contacts_load
from lika.demo.conversations import demo_permit_conversations
from lika.demo.impact import demo_impact_assessments
from lika.demo.integrations import demo_api_tokens
from lika.demo.logins import DEMO_PASSWORD, DemoLogin, demo_logins_ensure
from lika.demo.mailings import demo_mailing
from lika.demo.partners import demo_municipalities_of_residence, demo_partners_load
from lika.demo.plan import demo_plan_load
from lika.demo.registers import demo_registers_load
from lika.demo.services import demo_dossier_number_next, demo_population_load
from lika.demo.treatment_survey import demo_treatment_survey_before_load, demo_treatment_survey_load
from lika.people.identifiers import DEMO_DOSSIER_FIRST


def demo_setup_refusal(settings_module: str, database_vendor: str) -> str:
    """Why the demo may not be set up here, or an empty string if it may.

    The demo creates logins whose password is printed on the screen, so it runs only with the local
    or test settings, and with the local settings only on the SQLite file: never on a server that
    DATABASE_URL happens to name.
    """
    if not settings_module.endswith((".local", ".test")):
        return (
            f"The demo runs only with config.settings.local or config.settings.test, not {settings_module}: "
            "it creates logins with a published password."
        )
    if settings_module.endswith(".local") and database_vendor != "sqlite":
        return (
            f"The demo runs on the local SQLite file, not on {database_vendor}: unset DATABASE_URL "
            "(make demo does). It creates logins with a published password."
        )
    return ""


class Command(BaseCommand):
    help = "Create demo logins, load the demo population if none is loaded, run the main jobs and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons",
            type=int,
            default=10000,
            help="Persons to generate on the first run (enough for the follow-up's tables to show most cells).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generator.")
        parser.add_argument("--port", type=int, default=8000, help="Port printed in the address.")

    def handle(self, *args: Any, **options: Any) -> None:
        refusal = demo_setup_refusal(str(settings.SETTINGS_MODULE), connection.vendor)
        if refusal:
            raise CommandError(refusal)
        logins = demo_logins_ensure()
        if demo_dossier_number_next() > DEMO_DOSSIER_FIRST:
            self.stdout.write("The demo population is already loaded; keeping it.")
        else:
            summary = demo_population_load(
                persons=options["persons"], seed=options["seed"], today=clock.today(), progress=True
            )
            self.stdout.write(f"Loaded {summary.persons} demo persons in {summary.households} households.")
        # The main jobs of the parts that exist, in the order a night would run them.
        call_command("registry_snapshot", stdout=self.stdout)
        today, seed = clock.today(), options["seed"]
        cards, exceptions = demo_card_history(today=today, seed=seed)
        if cards:
            self.stdout.write(f"Payment cards since LMA began: {cards} cards, {exceptions} officers' exceptions.")
        allowance = demo_allowance_month(today=today, seed=seed)
        if allowance.run is None:
            self.stdout.write(f"The allowance for {allowance.month} is already decided and paid; keeping it.")
        else:
            self.stdout.write(
                f"Allowance for {allowance.month}: {allowance.cards} cards ordered, {allowance.exceptions} card "
                f"exceptions, {allowance.reductions} reductions, {allowance.decisions} decisions, payment run "
                f"{allowance.run.pk} executed ({allowance.run.payments_count} payments; "
                f"{allowance.held_for_account} held until the card issuer reports the card's account)."
            )
        assessed = demo_impact_assessments(today=today)
        if assessed:
            self.stdout.write(f"Gender impact: {assessed} example proposals assessed on this month's caseload.")
        registers = demo_registers_load(directory=settings.VAR_DIR / "demo-registers", today=today, seed=seed)
        self.stdout.write(
            "Register extracts imported: "
            + (", ".join(f"{kind} {item.rows} rows" for kind, item in registers.items()) or "none (no one to include)")
            + "."
        )
        # Om Sverige's pages before the channels, so that every channel has a page to lead to.
        call_command("om_sverige_load", stdout=self.stdout)
        visits = demo_channels_load(today=today, seed=seed)
        if visits:
            self.stdout.write(f"Om Sverige channels: {visits} visits counted since 2021.")
        conversations = demo_permit_conversations(today=today, seed=seed)
        if conversations:
            self.stdout.write(f"Permit conversations recorded: {conversations}.")
        contacts = demo_contacts_load(today=today)
        if contacts:
            self.stdout.write(f"Min Sida: {contacts} adults can log in with a code to their verified e-mail address.")
        # Everyone granted a permit gets the message in Min Sida that links to Om Sverige.
        call_command("permit_messages", stdout=self.stdout)
        mailed = demo_mailing(today=today, seed=seed)
        if mailed:
            self.stdout.write(f"Min Sida mailing: the childcare topic sent to {mailed} persons granted on family ties.")
        self._equal_treatment(today=today, seed=seed)
        self._partners(today, seed)
        call_command("followup_rebuild", stdout=self.stdout)
        measures = demo_plan_load(today=today, directory=settings.VAR_DIR / "demo-registers" / "plan")
        if measures:
            self.stdout.write(
                f"The plan: five areas, {measures} measures, the yearly report for {today.year - 2} approved and "
                f"{today.year - 1} in draft; Försäkringskassan's part imported as a data package."
            )
        tokens = demo_api_tokens()
        self._where(f"http://127.0.0.1:{options['port']}/", logins)
        self._api(f"http://127.0.0.1:{options['port']}/", tokens)

    def _api(self, address: str, tokens: list[tuple[str, str]]) -> None:
        """Prints where the quote API, its description and the metrics are, and any token issued just now."""
        self.stdout.write(
            f"Quote API: POST {address}api/allowance/quote, described at {address}api/allowance/openapi.json; "
            "anyone may send small requests, integrating systems use a token (lika api-token, or the admin)."
        )
        for system, token in tokens:
            self.stdout.write(f"  Token for {system}: {token}")
        if settings.LIKA_METRICS_TOKEN:
            self.stdout.write(
                f"Metrics for the hosting team: curl -H 'Authorization: Bearer {settings.LIKA_METRICS_TOKEN}' "
                f"{address}metrics"
            )
        self.stdout.write("")

    def _partners(self, today: datetime.date, seed: int) -> None:
        """Other actors: organisations, activities, the civic introduction, and where people settle."""
        partners = demo_partners_load(today=today, seed=seed)
        if partners:
            self.stdout.write(
                f"Other actors: the 290 municipalities and 21 county boards, organisations, early activities and "
                f"civic-introduction sessions ({partners} rows of enrolments, attendance and invitations)."
            )
        settled = demo_municipalities_of_residence(today=today, seed=seed)
        if settled:
            self.stdout.write(
                f"Municipalities of residence: {settled} people granted a permit settled in a municipality "
                "(lika partners municipality-briefing --quarter YYYYQn --format csv --output FILE)."
            )

    def _equal_treatment(self, *, today: datetime.date, seed: int) -> None:
        """Two treatment surveys, and the training of some units between them."""
        earlier = demo_treatment_survey_before_load(today=today, seed=seed)
        if earlier is not None:
            self.stdout.write(f"Treatment survey before the units trained: {earlier.name}.")
        survey = demo_treatment_survey_load(today=today, seed=seed)
        if survey is not None:
            self.stdout.write(f"Treatment survey with synthetic observations: {survey.name}.")
        activities = demo_competence_load(today=today, seed=seed)
        if activities:
            self.stdout.write(f"Competence guide: {activities} activities, group sessions and dialogues.")

    def _where(self, address: str, logins: list[DemoLogin]) -> None:
        """Prints the demo's logins and where to find each part."""
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Lika is starting on {address}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        names: dict[str, list[str]] = {login.username: [] for login in logins}
        for language in ("sv", "en"):
            with translation.override(language):
                for login in logins:
                    names[login.username].append(str(login.role.label))
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {' / '.join(names[login.username])}")
        self.stdout.write("")
        self.stdout.write(
            f"Min Sida (applicants): {address}min-sida/ — 'Log in with e-ID' lists the demo persons who have a "
            "personal number (no password). Everyone else logs in with a code: 'Get a code', then an adult's "
            "address, such as:"
        )
        for person in demo_code_logins():
            self.stdout.write(f"  {demo_contact_address(person.dossier_number):<32} {person.full_name}")
        self.stdout.write(f"  The code shows in the demo inbox, {address}min-sida/demo-inkorg/")
        self.stdout.write(
            "Staff may also use 'Sign in with the agency's account' on the login page: a development identity "
            "provider where you pick a member of staff and say whether the sign-in had multi-factor (Lika refuses "
            "it without)."
        )
        self.stdout.write(
            f"Case officers: the registry at {address}register/personer/, work to do at {address}dagersattning/att-gora/"
        )
        self.stdout.write(f"Om Sverige (public): {address}sv/om-sverige/ — editors at {address}cms/ (communicator)")
        self.stdout.write(f"Information through Min Sida: {address}register/min-sida/utskick/ (communicator)")
        self.stdout.write(
            f"Other actors: organisations, activities and the civic introduction at {address}samverkan/ (case officer)"
        )
        self.stdout.write(
            f"Competence for equal treatment: {address}kompetens/ (everyone; facilitator, competence-administrator, "
            "manager)"
        )
        self.stdout.write(
            f"  also {address}ar/om-sverige/, fa/, prs/, ti/ and so/ (drafts by the team, each page says so); "
            f"review state in {address}cms/reports/om-sverige-translation-review/"
        )
        self.stdout.write(
            f"The plan and its yearly report: {address}plan/ (everyone reads; equality-strategist edits, manager "
            "approves); lika plan report --year YYYY --format pdf --output FILE"
        )
        self.stdout.write(
            f"Gender impact of rule changes: {address}dagersattning/konsekvenser/ (analyst; managers read)"
        )
        self.stdout.write("")
