"""phaselint: a Git-native linter for phase-based planning documents."""

__version__ = "0.1.0"
