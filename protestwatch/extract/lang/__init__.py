"""Language packs of the extract stage: each turns a parsed Doc of its language into the shared Draft."""
