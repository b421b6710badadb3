"""The analysts' page for register imports: the imports made so far, and a form to import a file.

The view stores the upload in a temporary file and hands it to the import service. When the
service refuses, the page lists every problem (file, line or row, column, message) and nothing in
the database has changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lika.accounts.access import StaffRequest, staff_view
from lika.audit.acting import Acting
from lika.core import clock
from lika.core.forms import refusal_show
from lika.followup.models import RegisterImport, RegisterKind
from lika.followup.registers.forms import RegisterImportForm
from lika.followup.registers.schemas import SCHEMAS
from lika.followup.registers.services import RegisterImportError, register_import
from lika.followup.registers.validation import Problem

if TYPE_CHECKING:
    pass

PAGE_SIZE = 50


def _page(
    request: StaffRequest,
    *,
    form: RegisterImportForm | None = None,
    problems: list[Problem] | None = None,
    truncated: bool = False,
    status: int = 200,
) -> HttpResponse:
    imports = RegisterImport.objects.select_related("imported_by").order_by("-imported_at", "-id")
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "followup/registers/import_list.html",
        {
            "page": page,
            "form": form or RegisterImportForm(),
            "problems": problems or [],
            "truncated": truncated,
            "schemas": [(RegisterKind(kind).label, schema) for kind, schema in SCHEMAS.items()],
        },
        status=status,
    )


@staff_view("followup.view_registerimport")
def import_list(request: StaffRequest) -> HttpResponse:
    return _page(request)


@contextmanager
def _stored(upload: UploadedFile) -> Iterator[Path]:
    """The upload as a file on disk: Django's own temporary file for a large one, a copy of a small one."""
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        yield Path(temporary())
        return
    with tempfile.TemporaryDirectory(prefix="lika-register-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        yield path


@staff_view("followup.view_registerimport", "followup.add_registerimport")
@require_POST
def import_upload(request: StaffRequest) -> HttpResponse:
    form = RegisterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    upload: UploadedFile = form.cleaned_data["file"]
    acting = Acting(actor=request.user, reason=form.cleaned_data["reason"])
    started = clock.now()
    try:
        with _stored(upload) as path:
            imported = register_import(
                acting=acting, kind=form.cleaned_data["kind"], path=path, file_name=upload.name or "upload"
            )
    except RegisterImportError as error:
        form.add_error(
            None,
            ngettext(
                "The file was not imported: %(count)s problem, listed below. Nothing was changed.",
                "The file was not imported: %(count)s problems, listed below. Nothing was changed.",
                len(error.problems),
            )
            % {"count": len(error.problems)},
        )
        return _page(request, form=form, problems=error.problems, truncated=error.truncated, status=400)
    except ValidationError as error:
        refusal_show(form, error)
        return _page(request, form=form, status=400)
    if imported.imported_at < started:
        messages.info(
            request,
            _("This file was imported on %(day)s (import %(number)s); nothing was changed.")
            % {"day": timezone.localtime(imported.imported_at).strftime("%Y-%m-%d %H:%M"), "number": imported.pk},
        )
    else:
        messages.success(
            request,
            _("%(file)s imported into %(register)s: %(rows)s rows, %(new)s of them new.")
            % {
                "file": imported.file_name,
                "register": imported.get_kind_display(),
                "rows": imported.rows,
                "new": imported.rows_new,
            },
        )
    return redirect("registers:import_list")
