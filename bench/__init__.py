"""Build speed against stock Pelican and Hugo, and what the campaign page costs a reader.

Run it as ``python -m bench`` from the project root (``make bench`` does);
``__main__`` says what it measures.
"""
