"""zv: generator for target agreements under § 48b SGB II."""

__version__ = "0.1.0"
