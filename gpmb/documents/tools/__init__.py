"""Developer tools of the documents app: the template builder."""
