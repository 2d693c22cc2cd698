"""A Kubernetes API server emulator for primer's tests (stdlib only)."""
