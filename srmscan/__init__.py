"""srmscan: cloud misconfiguration scanner tagged with Shared Responsibility Model duties."""

__version__ = "0.1.0"
