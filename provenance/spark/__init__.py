"""The Spark engine: the same detection and lineage over corpora that outgrow one machine.

Optional: installed with ``pip install 'provenance[spark]'`` (PySpark 4,
with pandas and pyarrow for Arrow batches; Java 17 is the only system
requirement). Nothing here re-implements the library: each stage runs the
embedded engine's own functions inside the executors, on Arrow batches of
articles, and only the steps that join the whole corpus (LSH buckets, line
and stem counts, connected components) are written as DataFrame operations.

Modules, in the order a scan uses them: :mod:`.session`, :mod:`.reading`,
:mod:`.indexing` (postings made in the executors) and :mod:`.candidates`
(the band join).
"""
