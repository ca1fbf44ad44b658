"""Bundles between an upper union and its province: format, keys, signing, encryption, merge.

Qt-free, like everything outside desktop/ui/.
"""
