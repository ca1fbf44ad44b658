"""The province side: merge bundles, the forks, handovers and code changes, packages sent."""
