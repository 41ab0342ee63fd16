"""A ministry's own project: `zv init` (its own copy of a state's files), `zv new` (a new
agreement file to fill in), `zv status` (every agreement at a glance)."""
