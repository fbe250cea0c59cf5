"""What a report job takes from a client: the format and the report filter's arguments."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from factdb.models import limits
from factdb.services.inputs import Id, Input, IsoDate, Text

ReportFormat = Literal["html", "pdf", "md", "csv", "json", "claimreview"]  # the FORMATS of reports


class ReportJob(Input):
    """A report to make in the background, in one format, with the export filter."""

    format: ReportFormat
    status: Text(200, "Comma-separated statuses (default: verified)") | None = None
    source: Id | None = None
    organization: Text(limits.ORGANIZATION_NAME, "Id, name or alias") | None = None
    kind: Literal["statement", "date", "figure"] | None = None
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None
    title: Text(200) | None = None

    def filter_args(self) -> dict[str, str]:
        """The filter's arguments as the export page's query string gives them."""
        given = self.model_dump(by_alias=True, exclude_unset=True, exclude={"format"})
        return {key: str(value) for key, value in given.items() if value not in (None, "")}
