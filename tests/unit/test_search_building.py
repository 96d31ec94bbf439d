"""The index build writes what Whoosh's own writer writes, in one process or in two."""
from __future__ import annotations

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from marketplace.search.building import build, index_codec
from marketplace.search.documents import TEXTS, analyse, text_fields
from marketplace.search.schema import make_schema


def _documents(n: int, *, analysed: bool = True):
    for i in range(1, n + 1):
        texts = ([f"گلیم دست‌باف {i}", f"Handwoven kilim {i}"],
                 ["Made of wool" if i % 2 else "ابریشم"], ["جلفا"])
        yield {
            "id": str(i),
            **(text_fields(*texts) if analysed else {TEXTS: texts}),
            "category": f"1 {i % 3 + 2}",
            "currency": "IRR",
            "in_stock": "1",
            "price": 1000 * i,
            "created": 1_700_000_000 + i,
            "artisan": i % 7 + 1,
            "rating": 0,
            "reviews": 0,
        }


def _contents(path) -> tuple:
    ix = whoosh_index.open_dir(str(path))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        by_id = {}
        for docnum in reader.all_doc_ids():
            listing = int(reader.stored_fields(docnum)["id"])
            by_id[listing] = (reader.doc_field_length(docnum, "body"),
                              reader.column_reader("price")[docnum])
        postings = {
            (field, term): sorted(int(reader.stored_fields(d)["id"])
                                  for d in reader.postings(field, term).all_ids())
            for field, term in reader.all_terms()
        }
        segments = len(ix._segments())
    return by_id, postings, segments


def test_two_writer_processes_write_what_one_writes(tmp_path):
    """One writer given analysed documents; two writer processes analysing them (what
    `flask search reindex` does)."""
    one, two = tmp_path / "one", tmp_path / "two"
    for path, procs in ((one, 1), (two, 2)):
        path.mkdir()
        ix = whoosh_index.create_in(str(path), make_schema())
        progress = []
        docs = _documents(1200, analysed=procs == 1)
        assert build(ix, docs, procs=procs, prepare=analyse, progress=progress.append) == 1200
        assert sum(progress) == 1200
    single, parallel = _contents(one), _contents(two)
    assert single[0] == parallel[0] and len(single[0]) == 1200
    assert single[1] == parallel[1]
    assert (single[2], parallel[2]) == (1, 2)


def test_block_reads_of_postings_equal_whooshs_matcher(tmp_path):
    """snapshot.py decodes posting blocks itself; it must read what Whoosh's matcher reads,
    across segments (two writer processes, then an ordinary writer's small segment with the
    stock codec) and with deleted documents left out."""
    from marketplace.search.snapshot import Snapshot

    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    build(ix, _documents(2500), procs=2)
    with ix.writer() as writer:
        for doc in list(_documents(2600))[2500:]:
            writer.add_document(**doc)
        writer.delete_by_term("id", "7")
    with ix.searcher() as searcher:
        snapshot = Snapshot(searcher)
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 3 and reader.has_deletions()
        for term in ("kilim", "wool", "گلیم", "1200", "ابریشم", "nothing"):
            docs, ids, weights = snapshot.postings(term)
            expected = {}
            if ("body", term) in reader:
                matcher = reader.postings("body", term)
                while matcher.is_active():
                    expected[matcher.id()] = matcher.weight()
                    matcher.next()
            assert docs == frozenset(expected)
            assert {d: w for d, w in zip(ids, weights, strict=True) if d in docs} == expected
        listings = {snapshot.listing_id[d] for d in snapshot.docs_with("kilim")}
        assert 7 not in listings and len(listings) == 2599


def _segment_files(ix) -> dict[str, bytes]:
    """Each file of the index's one segment, by name without the random segment id."""
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    return {name.replace(segment.segid, "*"): storage.open_file(name).read()
            for name in storage.list()}


def test_the_bulk_writer_writes_the_bytes_whooshs_writer_writes(tmp_path):
    """`BulkSegmentWriter` collects postings in arrays and writes whole blocks; Whoosh's own
    writer (same codec) adds them one at a time. Posting lists longer than a block included."""
    stock, bulk = tmp_path / "stock", tmp_path / "bulk"
    for path in (stock, bulk):
        path.mkdir()
    stock_ix = whoosh_index.create_in(str(stock), make_schema())
    with SegmentWriter(stock_ix, codec=index_codec()) as writer:
        for doc in _documents(2500):
            writer.add_document(**doc)
    bulk_ix = whoosh_index.create_in(str(bulk), make_schema())
    build(bulk_ix, _documents(2500))
    expected, written = _segment_files(stock_ix), _segment_files(bulk_ix)
    assert any(name.endswith(".pst") for name in expected) and written.keys() == expected.keys()
    assert all(written[name] == content for name, content in expected.items())
    assert bulk_ix._segments()[0]._fieldlengths == stock_ix._segments()[0]._fieldlengths
