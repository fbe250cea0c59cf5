"""The version of factdb, shown in the OpenAPI document and the package metadata."""

__version__ = "0.1.0"
