"""Build speed against stock Pelican and Hugo, live-preview latency, the page budget
over a large site, and what the campaign page costs a reader; every target with its verdict.

Run it as ``python -m bench`` from the project root (``make bench`` does);
``__main__`` says what it measures.
"""
