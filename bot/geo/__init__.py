"""Places: the gazetteer, finding places in text, and distances."""
