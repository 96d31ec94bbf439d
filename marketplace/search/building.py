"""Writing a whole index fast: one Whoosh segment per core, written in parallel.

Measured (pyinstrument/cProfile, bench/reindex_bench.py): a stock Whoosh build is pure Python
per posting, ~140 postings per listing (body ~107, vocabulary ~23): `add_document` makes a
token, a tuple and a pool entry for each, the pool sorts them all, and `add_postings` hands
them one call at a time to the posting writer, which appends them to a block. Two things here
cut it down without changing a byte of what is written:

- `BulkSegmentWriter` collects each term's document numbers (and frequencies) in arrays as
  documents are added, then writes every posting list a block at a time, in the order the pool
  would have produced (fields by name, terms by bytes).
- `index.writer(procs=N)` pickles every batch of documents to a temporary file and back. `build`
  feeds N writer processes through a queue instead; each writes its own segment, and the
  parent commits one TOC naming them all (what `multisegment=True` does).
"""
from __future__ import annotations

import gc
import multiprocessing
import queue
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from itertools import chain, repeat
from operator import sub

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.formats import Existence, Frequency
from whoosh.index import FileIndex
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

BATCH = 250
# Posting blocks of up to 1024 documents, not zlib-compressed: a search reads a posting list a
# block at a time (snapshot.py), and per block it pays an unpickle, a seek and a decompress.
# Stock Whoosh codec and format (the segment records its codec); the index is ~1.5x larger.
BLOCK_LIMIT = 1024
COMPRESSION = 0


def index_codec() -> W3Codec:
    return W3Codec(blocklimit=BLOCK_LIMIT, compression=COMPRESSION)


class _BlockPostingsWriter(W3PostingsWriter):
    """Whoosh's posting writer, taking a term's postings as whole arrays (`add_all`) and
    minifying a block with C-level calls: the same bytes as `add_posting` one at a time."""

    def add_all(self, ids: array, weights: array, values: bytes,
                length_bytes: bytes | None) -> None:
        """Between `start_postings` and `finish_postings` (which writes the last block)."""
        limit, size = self._blocklimit, self._format.fixed_value_size()
        for start in range(0, len(ids), limit):
            if start:
                self._write_block()
            end = start + limit
            self._ids = ids[start:end]
            self._weights = weights[start:end]
            self._values = values[start * size:end * size]
            self._maxweight = max(self._weights)
            if length_bytes:  # what `add_posting` keeps of the (quantised) field lengths
                block = length_bytes[start:end]
                self._minlength = byte_to_length(min(block))
                self._maxlength = byte_to_length(max(block))

    def _mini_ids(self):
        ids = self._ids
        return tuple(map(sub, ids, chain((0,), ids)))

    def _mini_weights(self):
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)

    def _mini_values(self):
        return self._values if self._format.fixed_value_size() else None


def _new_ids() -> array:
    return array("I")


_append = array.append


class _FieldPostings:
    """One field's postings as documents are added: term bytes -> document numbers, and for
    a frequency format the matching frequencies. A document's terms go into their arrays with
    C-level `map`s, not a Python loop per posting."""

    def __init__(self, field) -> None:
        if type(field.format) not in (Existence, Frequency):
            raise ValueError(f"{field!r}: bulk writing knows Existence and Frequency only")
        self.field = field
        self.docs: defaultdict[bytes, array] = defaultdict(_new_ids)
        self.freqs = defaultdict(_new_ids) if type(field.format) is Frequency else None
        self.lengths = bytearray() if field.scorable else None  # length byte per docnum
        # Filter values (a currency, a category path) repeat across most documents.
        self.analysed: dict[str, tuple[list[bytes], list[int]]] = {}

    def add(self, value, docnum: int) -> int:
        """Index the field's value in a document; return its length (as Whoosh counts it)."""
        if isinstance(value, list | tuple):  # already analysed: Whoosh takes each item as is
            counts = Counter(value)
            terms, freqs = list(map(str.encode, counts)), counts.values()
        elif self.field.unique:
            terms, freqs = self._analyse(value)
        else:
            found = self.analysed.get(value)
            if found is None:
                found = self.analysed[value] = self._analyse(value)
            terms, freqs = found
        deque(map(_append, map(self.docs.__getitem__, terms), repeat(docnum)), maxlen=0)
        if self.freqs is not None:
            deque(map(_append, map(self.freqs.__getitem__, terms), freqs), maxlen=0)
        if self.lengths is None:
            return 0
        length = sum(freqs) if self.freqs is not None else len(terms)
        self.lengths.extend(bytes(docnum + 1 - len(self.lengths)))
        self.lengths[docnum] = length_to_byte(length)
        return length

    def _analyse(self, value: str) -> tuple[list[bytes], list[int]]:
        """A text value through the field's analyzer: its terms and their frequencies."""
        found = [(tbytes, freq) for tbytes, freq, _, _ in self.field.index(value)]
        return [t for t, _ in found], [f for _, f in found]

    def write(self, fieldwriter) -> None:
        """Every posting list of the field, in the order of terms' bytes (as Whoosh's pool)."""
        boost = self.field.format.field_boost
        lengths = bytes(self.lengths) if self.lengths is not None else None
        for tbytes, ids in sorted(self.docs.items()):
            if self.freqs is None:
                weights, values = array("f", (boost,) * len(ids)), b""
            else:
                counts = self.freqs[tbytes]
                weights = array("f", map(boost.__mul__, counts))
                values = b"".join(map(pack_uint, counts))
            fieldwriter.start_term(tbytes)
            fieldwriter._postwriter.add_all(
                ids, weights, values, bytes(map(lengths.__getitem__, ids)) if lengths else None
            )
            fieldwriter.finish_term()


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter for a new segment of added documents (no merging of existing ones):
    postings are collected in arrays and written a block at a time (`_FieldPostings`), the stored
    fields, lengths and columns as Whoosh writes them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._postings: dict[str, _FieldPostings] = {}

    def add_document(self, **fields) -> None:
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        docnum, perdoc = self.docnum, self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = 0
                if field.indexed:
                    postings = self._postings.get(name)
                    if postings is None:
                        postings = self._postings[name] = _FieldPostings(field)
                    length = postings.add(value, docnum)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except BaseException:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_reader(self, reader) -> None:
        raise NotImplementedError("BulkSegmentWriter writes new documents only")

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        codec = fieldwriter._codec
        for name, postings in sorted(self._postings.items()):  # fields in Whoosh's pool order
            if not postings.docs:  # e.g. only empty keyword values: Whoosh never starts it
                continue
            fieldwriter.start_field(name, self.schema[name])
            # The segment keeps the stock codec (it is pickled into the TOC); only the field
            # writer's posting writer is ours.
            fieldwriter._postwriter = _BlockPostingsWriter(
                fieldwriter._postfile, codec._blocklimit, compression=codec._compression,
                inlinelimit=codec._inlinelimit)
            postings.write(fieldwriter)
            fieldwriter.finish_field()
        self.fieldwriter.close()


def _as_is(doc: dict) -> dict:
    return doc


def _write_segment(path: str, indexname: str, jobs, results, prepare) -> None:
    """A writer process: add the documents of every batch, then finish one segment."""
    # The process ends with the build and makes next to no cyclic garbage (~600 objects in
    # 20k documents), while the collector's passes over its growing caches cost ~10 %.
    gc.disable()
    try:
        ix = whoosh_index.open_dir(path, indexname=indexname)
        writer = BulkSegmentWriter(ix, _lk=False, codec=index_codec())
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


def build(ix: FileIndex, documents: Iterable[dict], *, procs: int = 1,
          prepare: Callable[[dict], dict] = _as_is,
          progress: Callable[[int], None] | None = None) -> int:
    """Add every document to `ix` (normally a fresh, empty index) and commit; return the count.

    With procs > 1, `procs` processes write one segment each while this one produces the
    documents (database reads, dict building) and feeds them in batches. `prepare` (a
    module-level function) turns each document into what is added, in the writer process:
    e.g. `documents.analyse`, so that the analysis runs on every core. Postings are kept in
    arrays, not Whoosh's spilling pool: a writer process peaks at ~215 MB at 100k listings
    (bench/README.md).
    """
    writer = BulkSegmentWriter(ix, codec=index_codec())
    if procs <= 1:
        try:
            count = 0
            for doc in documents:
                writer.add_document(**prepare(doc))
                count += 1
                if progress is not None and count % BATCH == 0:
                    progress(BATCH)
            writer.commit(merge=False)
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
                        args=(ix.storage.folder, ix.indexname, jobs, results, prepare))
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
