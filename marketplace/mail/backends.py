"""Ways an email leaves: a file per message (the demo), the console, SMTP, or memory (tests)."""
from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from flask import Flask


class Backend(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class ConsoleBackend:
    def send(self, message: EmailMessage) -> None:
        print(message.as_string())  # noqa: T201 (the console backend's whole job)


class FileBackend:
    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        (self.directory / f"{stamp}-{message['X-Outbox-Id']}.eml").write_bytes(bytes(message))


class SMTPBackend:
    def __init__(self, host: str, port: int, username: str, password: str, starttls: bool):
        self.host, self.port, self.username, self.password = host, port, username, password
        self.starttls = starttls

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


class MemoryBackend:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


def backend_from_config(config: dict) -> Backend:
    kind = config.get("MAIL_BACKEND", "file")
    if kind == "console":
        return ConsoleBackend()
    if kind == "smtp":
        return SMTPBackend(config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_USERNAME"],
                           config["SMTP_PASSWORD"], config["SMTP_STARTTLS"])
    if kind == "memory":
        return MemoryBackend()
    return FileBackend(config["MAIL_FILE_DIR"])


def init_app(app: Flask) -> None:
    app.extensions["mail_backend"] = backend_from_config(app.config)
