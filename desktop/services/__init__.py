"""Use cases in plain Python (Qt-free): one unit of work per call, frozen dataclasses out."""
