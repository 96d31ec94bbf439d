"""Email: written to an outbox with the change it reports, sent after commit (S31).

`outbox` holds what is waiting and sends it (each row claimed first, so two senders never send
it twice; a failure leaves the row for a retry); `backends` are the ways out: `file` (one .eml
per message in the instance folder, the demo), `console`, `smtp`, and `memory` for tests.
"""
