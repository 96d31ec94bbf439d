"""Each email is sent once, however many senders run at once (S31): queue workers, the send
after a request and `flask mail send` may all be at it, and one of them may die mid-send."""
from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.mail import outbox
from marketplace.mail.backends import FileBackend, MemoryBackend
from marketplace.models import MailOutbox
from tests.race import call_at_once

SENDER = "Bazaar <orders@bazaar.test>"


def _sent_dir() -> Path:
    """One folder per test database, reached alike by threads and by processes."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"].encode()
    return Path(tempfile.gettempdir()) / f"bazaar-mail-race-{hashlib.sha256(uri).hexdigest()[:12]}"


class SlowFileBackend(FileBackend):
    def send(self, message) -> None:
        time.sleep(0.3)  # a mail server taking its time
        super().send(message)


def _send_slowly(index: int) -> None:
    time.sleep(index * 0.05)  # senders come one after another, while earlier ones are mid-send
    outbox.deliver_pending(db.session, SlowFileBackend(str(_sent_dir())), sender=SENDER)


def _queue_mail(n: int) -> list[int]:
    rows = [outbox.enqueue(db.session, to=f"shopper{i}@example.com", subject="Order placed",
                           body="Thank you") for i in range(n)]
    db.session.commit()
    return [row.id for row in rows]


@pytest.mark.shared_database
def test_ten_senders_at_once_send_each_message_once(app):
    """S31: a sender that arrives while another is talking to the mail server leaves its
    message alone."""
    shutil.rmtree(_sent_dir(), ignore_errors=True)
    ids = _queue_mail(3)
    try:
        assert call_at_once(app, _send_slowly) == ["ok"] * 10
        delivered = Counter(int(p.stem.rpartition("-")[2]) for p in _sent_dir().glob("*.eml"))
    finally:
        shutil.rmtree(_sent_dir(), ignore_errors=True)
    assert delivered == {i: 1 for i in ids}
    assert all(row.sent_at is not None for row in db.session.scalars(select(MailOutbox)))


class DiesMidSend(MemoryBackend):
    def send(self, message) -> None:
        super().send(message)  # the server has it...
        raise KeyboardInterrupt  # ...and the sender's process ends before it can say so


def test_a_message_whose_sender_died_is_sent_again_after_its_claim_with_the_same_id(app):
    """S31: the claim of a dead sender runs out; the message goes again, recognisably the same."""
    [row_id] = _queue_mail(1)
    dying = DiesMidSend()
    try:
        outbox.deliver_pending(db.session, dying, sender=SENDER, claim_seconds=60)
    except KeyboardInterrupt:
        db.session.rollback()
    later = MemoryBackend()
    assert outbox.deliver_pending(db.session, later, sender=SENDER) == 0  # still claimed
    row = db.session.get(MailOutbox, row_id)
    row.claimed_until -= timedelta(seconds=61)
    db.session.commit()
    assert outbox.deliver_pending(db.session, later, sender=SENDER) == 1
    assert later.sent[0]["Message-ID"] == dying.sent[0]["Message-ID"]
    assert later.sent[0]["Message-ID"].endswith("@bazaar.test>")
    assert outbox.deliver_pending(db.session, later, sender=SENDER) == 0
