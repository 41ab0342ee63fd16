"""Where an agreement's data comes from: the files it depends on, read as YAML with
positions, validated against the model, the standard text as named clauses."""
