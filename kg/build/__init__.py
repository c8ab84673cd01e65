"""The build stage: input files → articles → extraction → results."""
