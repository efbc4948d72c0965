"""nslint: a linter and policy checker for NetSuite integration records kept as YAML."""

__version__ = "0.2.0"
