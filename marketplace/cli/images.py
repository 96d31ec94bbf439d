"""`flask images thumbnails`: WebP card thumbnails for photos stored before they existed."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.catalog import thumbnails
from marketplace.core.images import delete_stored
from marketplace.extensions import db

images_cli = AppGroup("images", help="Stored listing photos.")
BATCH = 100


@images_cli.command("thumbnails")
def thumbnails_command() -> None:
    """Make the two WebP thumbnails of every photo that lacks them (safe to run again)."""
    upload_dir = current_app.config["UPLOAD_DIR"]
    done = 0
    while batch := thumbnails.lacking(db.session, limit=BATCH):
        old = [thumbnails.remake(db.session, image=image, upload_dir=upload_dir)
               for image in batch]
        db.session.commit()
        delete_stored(upload_dir, *old)
        done += len(batch)
    click.echo(f"Made thumbnails for {done} photos.")
