"""The agreement report window and its item models over the report's tables."""
