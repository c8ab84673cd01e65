"""Graph I/O: records → RDF, deterministic atomic writes, SHACL validation, export."""
