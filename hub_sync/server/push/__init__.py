"""Applying a station's pushed ops: in order, once, merged field by field.

A batch is one transaction. Each op behaves as if it ran in a savepoint of its own: one
refused op is reported (and recorded, so it is never retried) without undoing the others.

A batch is applied set-wise: the records its ops name are read (and locked) with one
query per table, the ops are merged in memory in their order (an op sees what the ops
before it did), and what changed is written with a few multi-row statements. Whatever
the database still refuses (a unique value taken, a required column missing) sends the
batch down the op-by-op path, where every op runs in a real savepoint and the database
gives its own reason for the refused one.
"""

from .batch import push

__all__ = ["push"]
