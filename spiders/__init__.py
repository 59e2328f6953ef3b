"""Crawling: sources.yml in, stored articles out; the only place that knows HTML and HTTP."""
