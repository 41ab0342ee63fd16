"""`zv import`: documents edited outside zv read back into the agreement files."""
