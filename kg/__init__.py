"""newskg: news articles → an RDF knowledge graph of who does what to whom."""

__version__ = "0.1.0"
