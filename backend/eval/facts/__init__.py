"""The facts evaluation corpus: real documents with reference facts (README.md beside this)."""
