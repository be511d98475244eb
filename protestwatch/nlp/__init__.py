"""nlp stage: the spaCy pipeline (build.py), the trigger-word prefilter (prefilter.py), the sense step
(sense.py) and the syntax questions asked of a parse whatever its labels (grammar/)."""
