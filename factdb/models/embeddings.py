"""Sentence embeddings of claim texts, for semantic claim matching (the optional extra)."""

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime
from factdb.timeutil import utcnow


class ClaimEmbedding(SQLModel, table=True):
    """One claim text's vector: float32 values, little-endian, ``dimensions`` of them.

    ``text_sha256`` is the SHA-256 of the text that was embedded, so an edited claim (or a
    new model) is embedded again."""

    __tablename__ = "claim_embedding"

    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    model: str = Field(max_length=100)
    text_sha256: str = Field(max_length=64)
    dimensions: int
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
