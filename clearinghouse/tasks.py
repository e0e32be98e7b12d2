"""Background work of the core (Django's tasks framework; the worker is `python manage.py db_worker`):
the admin's imports, checked and then written by the worker (clearinghouse.imports)."""

from django.tasks import task

from .import_worker import import_job_check, import_job_run


@task()
def import_check(job_id: int) -> str:
    """Checks every row of an uploaded import file (a dry run, rolled back)."""
    return import_job_check(job_id=job_id)


@task()
def import_run(job_id: int) -> str:
    """Imports a confirmed file: every row or none."""
    return import_job_run(job_id=job_id)
