"""The start screen and the background check of a project file before it opens."""
