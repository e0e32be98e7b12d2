"""Background tasks (Django's tasks framework; the worker is `python manage.py db_worker`)."""

from django.tasks import task


@task()
def extract_file_text(file_id: int) -> str:
    """Extracts a library file's text into the search index."""
    from .services import file_extract

    return file_extract(file_id=file_id)
