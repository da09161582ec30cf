"""Errors precis reports to its users (never a traceback for bad input)."""


class PrecisError(Exception):
    """Base class of the errors precis raises on purpose."""


class InputError(PrecisError, ValueError):
    """The input cannot be analysed; the message says why, in words a user can act on."""
