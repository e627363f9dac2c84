"""Shared, pure logic that checks call (policy semantics and the like). No I/O."""


class MalformedData(ValueError):
    """Data read from an account does not have the shape the service documents: the verdict is ERROR."""


SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)
