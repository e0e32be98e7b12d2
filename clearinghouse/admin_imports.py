"""The admin's imports of any size (clearinghouse.imports does the work): an upload page per model
in place of import-export's in-request dry run and confirmation, and the curator's list of imports
with a page per import (preview, confirmation, progress, result) that refreshes itself while the
worker is busy, without JavaScript."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import ServiceError
from .imports import MAX_SIZE, import_job_confirm, import_job_create
from .models import ImportJob, ImportJobStatus

REFRESH_SECONDS = 2


class ImportUploadForm(forms.Form):
    import_file = forms.FileField(
        label=_("File to import"),
        help_text=_("CSV (UTF-8) or XLSX, at most %(size)d MB; the first row names the columns.")
        % {"size": MAX_SIZE // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def preview_class_for(resource_class):
    """The same resource with import-export's row diff, row by row: for the preview of a few rows."""
    meta = type("Meta", (resource_class.Meta,), {"skip_diff": False, "use_bulk": False})
    return type(
        f"{resource_class.__name__}Preview", (resource_class,), {"Meta": meta, "__module__": __name__}
    )


class BackgroundImportMixin:
    """Mixed into an import-export ModelAdmin: its "Import" page uploads the file for a background
    import (clearinghouse.imports) instead of previewing and importing it within the request.
    `import_preview_resource_class` may name the resource that previews the first rows (default:
    the import resource with its diff)."""

    import_preview_resource_class = None

    def has_import_permission(self, request):
        """Staff who may add and change the model's records (and import-export's own rule)."""
        return (
            super().has_import_permission(request)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def import_action(self, request, **kwargs):
        """Staff with the import permission on this model."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            resource = resource_class()
            columns = {field.column_name for field in resource.get_import_fields()}
            try:
                job = import_job_create(
                    user=request.user,
                    model=self.opts.label_lower,
                    resource_class=resource_class,
                    preview_class=self.import_preview_resource_class or preview_class_for(resource_class),
                    upload=form.cleaned_data["import_file"],
                    columns=columns,
                )
            except ValidationError as error:
                form.add_error("import_file", error)
            else:
                return redirect("admin:clearinghouse_importjob_change", job.pk)
        resource = resource_class()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(name)s") % {"name": self.opts.verbose_name_plural},
            "form": form,
            "columns": [field.column_name for field in resource.get_import_fields()],
            "jobs": ImportJob.objects.of(request.user).filter(model=self.opts.label_lower)[:10],
        }
        return TemplateResponse(request, "admin/clearinghouse/importjob/upload.html", context)

    def process_import(self, request, **kwargs):
        """Staff. import-export's in-request confirmation is replaced by the background import."""
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")


def _time_left(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return _("less than a minute")
    return _("about %(n)d min") % {"n": round(seconds / 60)}


class ImportJobAdmin(admin.ModelAdmin):
    """Staff: each curator's own imports; nobody adds, edits or deletes them here."""

    list_display = [
        "file_name",
        "model",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "created_at",
    ]
    list_filter = ["status", "model"]
    search_fields = ["file_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.user_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _model_admin(self, job):
        try:
            return self.admin_site._registry[apps.get_model(job.model)]
        except (LookupError, KeyError) as exc:
            raise Http404 from exc

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Staff, the curator who uploaded the file (anyone else: 404)."""
        if not str(object_id).isdigit():
            raise Http404
        job = get_object_or_404(ImportJob.objects.of(request.user), pk=int(object_id))
        model_admin = self._model_admin(job)
        if not model_admin.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                import_job_confirm(job=job, user=request.user)
            except ServiceError as error:
                messages.error(request, str(error))
            return redirect("admin:clearinghouse_importjob_change", job.pk)
        job.refresh_from_db()
        busy = job.status in (ImportJobStatus.CHECKING, ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)
        model_opts = model_admin.opts
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "model_opts": model_opts,
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "job": job,
            "busy": busy,
            "refresh": REFRESH_SECONDS if busy else None,
            "time_left": _time_left(job.seconds_left(timezone.now())),
            "done": job.status == ImportJobStatus.DONE,
            "can_confirm": job.status == ImportJobStatus.READY,
        }
        return TemplateResponse(request, "admin/clearinghouse/importjob/job.html", context)
