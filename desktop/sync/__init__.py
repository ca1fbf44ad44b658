"""Bundles between an upper union and its province, in three parts that show the flow:

- format/: the file itself (container, envelope, manifest, canonical JSON, crypto, key cards);
- office/: an upper union's side (export a month, rotate its key, take the province's packages);
- province/: the province's side (merge, the ledger's forks, handovers, code changes, packages sent).

Between the format and the two sides sit what both use: the keys (keys, keystore, keybackup,
key_chain), the ledger, verify (authenticating a received file) and the verdict given on it.
Neither side imports the other; desktop/services/bundles.py routes a file to one of them.
Qt-free, like everything outside desktop/ui/.
"""
