"""A plugin module that fails to import, for tests/test_plugins.py."""

raise RuntimeError("the plugin's configuration server is unreachable")
