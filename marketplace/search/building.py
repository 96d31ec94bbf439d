"""Writing a whole index fast: one Whoosh segment per core, written in parallel.

Measured (pyinstrument, bench/search_bench.py): a Whoosh build is pure Python per posting. Two
things here cut it down without changing what is written:

- Whoosh's writer asks the per-document reader for a field's length once per posting, and for
  a field without lengths (ids, filters, the vocabulary) that is a `stat()` of a file that does
  not exist, every time. `FastSegmentWriter` reads each length column once.
- `index.writer(procs=N)` pickles every batch of documents to a temporary file and back, and
  its sub-writers are plain SegmentWriters. `build` feeds N `FastSegmentWriter` processes
  through a queue instead; each writes its own segment, and the parent commits one TOC naming
  them all (what `multisegment=True` does).
"""
from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.index import FileIndex
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

BATCH = 250
# Posting blocks of up to 1024 documents, not zlib-compressed: a search reads a posting list a
# block at a time (snapshot.py), and per block it pays an unpickle, a seek and a decompress.
# Stock Whoosh codec and format (the segment records its codec); the index is ~1.5x larger.
BLOCK_LIMIT = 1024
COMPRESSION = 0


def index_codec() -> W3Codec:
    return W3Codec(blocklimit=BLOCK_LIMIT, compression=COMPRESSION)
_NO_COLUMN = object()


class _Lengths:
    """The per-document reader's `doc_field_length`, with each length column read once."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.columns: dict[str, list[int] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        column = self.columns.get(fieldname, _NO_COLUMN)
        if column is _NO_COLUMN:
            lenfield = _lenfield(fieldname)
            if self.reader.has_column(lenfield):
                raw = self.reader.column_reader(lenfield, LENGTHS_COLUMN)
                column = [byte_to_length(b) if b else None for b in raw]
            else:
                column = None
            self.columns[fieldname] = column
        if column is None:
            return default
        return column[docnum]


class FastSegmentWriter(SegmentWriter):
    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _Lengths(reader) if reader is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if reader is not None:
            reader.close()


def _as_is(doc: dict) -> dict:
    return doc


def _write_segment(path: str, indexname: str, jobs, results, limitmb: int, prepare) -> None:
    """A writer process: add the documents of every batch, then finish one segment."""
    try:
        ix = whoosh_index.open_dir(path, indexname=indexname)
        writer = FastSegmentWriter(ix, _lk=False, limitmb=limitmb, codec=index_codec())
        while (batch := jobs.get()) is not None:
            for doc in batch:
                writer.add_document(**prepare(doc))
        if writer.docnum:
            results.put(("ok", writer._finalize_segment()))
        else:
            writer._close_segment()
            results.put(("ok", None))
    except BaseException as exc:  # reported to the parent, which cancels the build
        results.put(("error", repr(exc)))
        raise


def build(ix: FileIndex, documents: Iterable[dict], *, procs: int = 1, limitmb: int = 256,
          prepare: Callable[[dict], dict] = _as_is,
          progress: Callable[[int], None] | None = None) -> int:
    """Add every document to `ix` (normally a fresh, empty index) and commit; return the count.

    With procs > 1, `procs` processes write one segment each while this one produces the
    documents (database reads, dict building) and feeds them in batches. `prepare` (a
    module-level function) turns each document into what is added, in the writer process:
    e.g. `documents.analyse`, so that the analysis runs on every core.
    """
    writer = FastSegmentWriter(ix, limitmb=limitmb, codec=index_codec())
    if procs <= 1:
        try:
            count = 0
            for doc in documents:
                writer.add_document(**prepare(doc))
                count += 1
                if progress is not None and count % BATCH == 0:
                    progress(BATCH)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if progress is not None:
            progress(count % BATCH)
        return count

    context = multiprocessing.get_context()
    jobs = context.Queue(procs * 4)
    results = context.Queue()
    workers = [
        context.Process(target=_write_segment, daemon=True,
                        args=(ix.storage.folder, ix.indexname, jobs, results, limitmb, prepare))
        for _ in range(procs)
    ]
    for worker in workers:
        worker.start()
    try:
        count = 0
        batch: list[dict] = []
        for doc in documents:
            batch.append(doc)
            if len(batch) == BATCH:
                _put(jobs, batch, workers)
                count += len(batch)
                batch = []
                if progress is not None:
                    progress(BATCH)
        if batch:
            _put(jobs, batch, workers)
            count += len(batch)
            if progress is not None:
                progress(len(batch))
        for _ in workers:
            _put(jobs, None, workers)
        segments = []
        for _ in workers:
            status, segment = _get(results, workers)
            if status != "ok":
                raise RuntimeError(f"search index writer process failed: {segment}")
            if segment is not None:
                segments.append(segment)
        for worker in workers:
            worker.join()
        writer._close_segment()
        writer._commit_toc(list(writer.segments) + segments)
        writer._finish()
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        writer.cancel()
        raise
    return count


def _put(jobs, item, workers) -> None:
    while True:
        try:
            jobs.put(item, timeout=1.0)
            return
        except queue.Full:
            _check_alive(workers)


def _get(results, workers):
    while True:
        try:
            return results.get(timeout=1.0)
        except queue.Empty:
            _check_alive(workers)


def _check_alive(workers) -> None:
    dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
    if dead:
        raise RuntimeError(f"search index writer process exited with {dead[0].exitcode}")
