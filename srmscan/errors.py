"""Errors that end a command with exit code 2 and one clear line (never a traceback)."""


class SrmscanError(Exception):
    """A problem with the user's input, options, files or environment.

    The message names the problem and what to do about it; the CLI prints it on one line.
    """


class PluginError(SrmscanError):
    """A check plugin failed to import or declares bad metadata."""


class MappingError(SrmscanError):
    """The responsibility catalogue or a provider mapping is invalid."""


class InputError(SrmscanError):
    """A snapshot, policy or configuration file could not be used."""
