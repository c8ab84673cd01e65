"""SPARQL: queries on files and stores, the Oxigraph store, the endpoint, pushes to remote stores."""
