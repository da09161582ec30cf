"""Batch runs over corpora: worker processes or a Dask cluster, resumable, streaming to a sink."""
