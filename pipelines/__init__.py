"""Processing: articles in, analyses, leads and tasks out."""
