"""A believable demo district (Ba Tri, Bến Tre), the same for the same seed."""

from desktop.demo.generate import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
