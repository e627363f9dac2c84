"""Shared, pure logic that checks call (policy semantics and the like). No I/O."""
