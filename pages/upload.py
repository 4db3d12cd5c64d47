"""URL path /upload on a server's first request: runs the app (see pages/_entry.py)."""

from pages._entry import run_app

run_app()
