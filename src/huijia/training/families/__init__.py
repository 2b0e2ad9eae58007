"""The families of generated posts, one module per label; importing this package registers them all
(`huijia.training.generate.family`). Their order is `generate.FAMILY_ORDER`, not the import order."""

from huijia.training.families import brokers, missing, offers, ordinary, requests

__all__ = ["brokers", "missing", "offers", "ordinary", "requests"]
