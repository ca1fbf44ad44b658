"""The command line: the scriptable face of the same services the GUI calls."""
