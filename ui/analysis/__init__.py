"""Analysis windows: retrieve what was coded (Tools › Coded Segments…)."""
