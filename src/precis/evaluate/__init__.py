"""Benchmarks: measure precis against published data sets."""
