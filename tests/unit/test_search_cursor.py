"""Several nodes follow one outbox, each with its own index and cursor (search/cursor.py)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.models import ListingTranslation, SearchNode, SearchOutbox
from marketplace.search import consistency, cursor
from marketplace.search.index import SearchIndex
from marketplace.search.indexer import drain, search_index
from marketplace.search.query import SearchRequest, search
from tests.conftest import POSTGRES

postgres_only = pytest.mark.skipif(not POSTGRES, reason="ids commit out of order on PostgreSQL")


def found(index: SearchIndex, text: str) -> list[int]:
    with index.reading():
        return sorted(search(index.snapshot(), SearchRequest(text=text, per_page=100)).listing_ids)


def outbox_ids() -> list[int]:
    return list(db.session.scalars(select(SearchOutbox.id).order_by(SearchOutbox.id)))


def rename(session: Session, listing_id: int, title: str) -> None:
    english = session.scalars(select(ListingTranslation).where(
        ListingTranslation.listing_id == listing_id, ListingTranslation.lang == "en")).one()
    english.title = title
    session.flush()  # the outbox row (and its id) is written here


@pytest.fixture
def node_b(app, tmp_path) -> SearchIndex:
    """A second app node's index, in its own directory, under its own name."""
    return SearchIndex(tmp_path / "node-b-index", node="node-b")


@pytest.fixture
def followed(app, catalog):
    """The catalogue committed, each node following the outbox itself (no drain after commit)."""
    db.session.commit()
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    return catalog


def test_a_change_reaches_every_node_and_its_row_waits_for_the_slower_one(app, followed,
                                                                          node_b):
    drain(node_b, db.engine)  # node B registers (and builds its index)
    rename(db.session, followed.bowl.id, "Celadon bowl")
    db.session.commit()

    assert drain(search_index(app), db.engine) == 1
    assert found(search_index(app), "celadon") == [followed.bowl.id]
    assert len(outbox_ids()) == 1  # node B has not applied it yet
    assert found(node_b, "celadon") == []

    assert drain(node_b, db.engine) == 1
    assert found(node_b, "celadon") == [followed.bowl.id]
    assert outbox_ids() == []  # every node has passed it: pruned
    assert drain(node_b, db.engine) == drain(search_index(app), db.engine) == 0


def test_a_node_that_joins_after_rows_were_pruned_rebuilds_and_misses_nothing(app, followed,
                                                                              node_b):
    rename(db.session, followed.kilim.id, "Jolfa runner")
    db.session.commit()
    drain(search_index(app), db.engine)
    assert outbox_ids() == []  # the only node has passed it

    drain(node_b, db.engine)
    assert found(node_b, "runner") == [followed.kilim.id]
    assert consistency.check(node_b, db.engine).clean


def test_a_retired_node_no_longer_holds_back_the_outbox(app, followed, node_b):
    drain(node_b, db.engine)
    rename(db.session, followed.bowl.id, "Celadon bowl")
    db.session.commit()
    drain(search_index(app), db.engine)
    assert len(outbox_ids()) == 1

    runner = app.test_cli_runner()
    refused = runner.invoke(args=["search", "retire", "node-b"])
    assert refused.exit_code == 1  # seen a moment ago
    assert runner.invoke(args=["search", "nodes"]).output.count("position") == 2
    result = runner.invoke(args=["search", "retire", "node-b", "--force"])
    assert result.exit_code == 0, result.output
    rename(db.session, followed.bowl.id, "Crackle bowl")
    db.session.commit()
    drain(search_index(app), db.engine)
    assert outbox_ids() == []

    drain(node_b, db.engine)  # it comes back: registers again and rebuilds
    assert found(node_b, "crackle") == [followed.bowl.id]


def test_ids_never_go_back_after_the_outbox_is_pruned_empty(app, followed):
    """On SQLite a table emptied by pruning would hand out id 1 again, below the cursor."""
    rename(db.session, followed.bowl.id, "Celadon bowl")
    db.session.commit()
    last = outbox_ids()[-1]
    drain(search_index(app), db.engine)
    assert outbox_ids() == []

    rename(db.session, followed.kilim.id, "Jolfa runner")
    db.session.commit()
    assert outbox_ids()[0] > last
    assert drain(search_index(app), db.engine) == 1
    assert found(search_index(app), "runner") == [followed.kilim.id]


def test_a_follower_that_dies_between_the_index_commit_and_its_cursor_loses_nothing(
        app, followed, monkeypatch):
    rename(db.session, followed.bowl.id, "Celadon bowl")
    db.session.commit()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process ends here (SIGKILL in bench/cluster.sh)

    monkeypatch.setattr(cursor, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        drain(search_index(app), db.engine)
    monkeypatch.undo()
    assert len(outbox_ids()) == 1  # the index has it, the cursor does not know yet

    assert drain(search_index(app), db.engine) == 1  # applied again: harmless
    assert outbox_ids() == []
    assert found(search_index(app), "celadon") == [followed.bowl.id]


# Out-of-order commits on PostgreSQL ---------------------------------------------------------


@postgres_only
def test_a_change_that_commits_after_a_later_one_still_reaches_the_index(app, followed):
    """Row N is written first but committed last: the node reads N+1, keeps N as a gap and
    applies N once its transaction commits."""
    index = search_index(app)
    with Session(db.engine) as slow:
        rename(slow, followed.kilim.id, "Slow runner")  # takes id N, not committed
        rename(db.session, followed.bowl.id, "Celadon bowl")  # id N+1
        db.session.commit()
        assert drain(index, db.engine) == 1
        position = cursor.load(db.session, index.node)
        assert [(g.first, g.last) for g in position.gaps] == [(position.position - 1,) * 2]
        assert found(index, "celadon") == [followed.bowl.id]
        slow.commit()
    assert drain(index, db.engine) == 1
    assert found(index, "runner") == [followed.kilim.id]
    assert cursor.load(db.session, index.node).gaps == ()
    assert outbox_ids() == []


@postgres_only
def test_the_gap_of_a_rolled_back_change_closes_once_its_transaction_ends(app, followed):
    index = search_index(app)
    with Session(db.engine) as doomed:
        rename(doomed, followed.kilim.id, "Never runner")
        rename(db.session, followed.bowl.id, "Celadon bowl")
        db.session.commit()
        drain(index, db.engine)
        assert len(cursor.load(db.session, index.node).gaps) == 1
        drain(index, db.engine)  # still running: the gap stays, so does the row after it
        assert len(cursor.load(db.session, index.node).gaps) == 1
        doomed.rollback()
    drain(index, db.engine)
    assert cursor.load(db.session, index.node).gaps == ()
    assert found(index, "never") == []
    assert outbox_ids() == []


@postgres_only
def test_a_node_that_registers_while_a_change_is_in_flight_gets_it(app, followed, node_b):
    """Node A has applied and pruned everything committed; a change written before node B
    registers commits only after B has rebuilt its index."""
    drain(search_index(app), db.engine)
    with Session(db.engine) as slow:
        rename(slow, followed.kilim.id, "Slow runner")
        rename(db.session, followed.bowl.id, "Celadon bowl")
        db.session.commit()
        drain(search_index(app), db.engine)
        drain(node_b, db.engine)  # registers, rebuilds without the slow change, reads N+1
        assert found(node_b, "runner") == []
        slow.commit()
    drain(node_b, db.engine)
    drain(search_index(app), db.engine)
    assert found(node_b, "runner") == [followed.kilim.id]
    assert found(search_index(app), "runner") == [followed.kilim.id]
    assert outbox_ids() == []


# flask search check ----------------------------------------------------------------------------


def test_search_check_finds_and_repairs_what_no_outbox_row_told(app, followed):
    index = search_index(app)
    with index.writer() as writer:  # a document lost
        writer.delete_by_term("id", str(followed.teapot.id))
    # Changes made behind the outbox's back (a hand edit, a restored backup): a title, and a
    # listing archived.
    db.session.execute(update(ListingTranslation)
                       .where(ListingTranslation.listing_id == followed.bowl.id,
                              ListingTranslation.lang == "en")
                       .values(title="Hand-edited bowl"))
    db.session.execute(followed.kilim.__table__.update()
                       .where(followed.kilim.__table__.c.id == followed.kilim.id)
                       .values(status="archived"))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["search", "check", "--dry-run"])
    assert result.exit_code == 1
    assert "1 missing from the index, 1 that should not be there, 1 out of date" in result.output
    assert found(index, "hand-edited") == []

    result = app.test_cli_runner().invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert "Repaired 3 listings." in result.output
    assert found(index, "hand-edited") == [followed.bowl.id]
    assert followed.kilim.id not in found(index, "kilim")
    assert followed.teapot.id in consistency.indexed(index)

    clean = app.test_cli_runner().invoke(args=["search", "check"])
    assert clean.exit_code == 0, clean.output
    assert "0 missing from the index, 0 that should not be there, 0 out of date" in clean.output


def test_search_nodes_lists_each_node_with_its_backlog(app, followed, node_b):
    drain(node_b, db.engine)
    rename(db.session, followed.bowl.id, "Celadon bowl")
    db.session.commit()
    drain(search_index(app), db.engine)
    output = app.test_cli_runner().invoke(args=["search", "nodes"]).output
    assert "node-b: position" in output and "1 row(s) to apply" in output
    assert db.session.scalar(select(func.count()).select_from(SearchNode)) == 2
