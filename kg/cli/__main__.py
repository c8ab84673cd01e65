"""`python -m kg.cli`: the kg command line."""
from .main import main

main()
