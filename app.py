"""Entry point: `flask --app app run`, `gunicorn app:app`."""

from trainer import create_app

app = create_app()
