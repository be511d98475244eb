"""nlp stage: the spaCy pipeline (build.py) and the trigger-word prefilter (prefilter.py)."""
