"""The bundle format: container, envelope, manifest, canonical JSON, crypto and key cards."""
