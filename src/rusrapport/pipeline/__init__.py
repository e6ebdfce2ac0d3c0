"""The reproducible build: validate inputs, run chapter notebooks, export HTML and PDF, publish."""
