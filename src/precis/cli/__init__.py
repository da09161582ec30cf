"""The command line: a thin skin over the library API (one module per group of commands)."""
