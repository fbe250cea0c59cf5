"""Web forms (Flask-WTF: every form carries a CSRF token). Forms parse; services decide."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from factdb.models import ClaimKind, DatePrecision, Role, Stance
from factdb.services.inputs import parse_input
from factdb.services.review.inputs import ClaimChanges, ExcerptInput, NewCitation, ValueInput

KIND_CHOICES = [(k.value, k.value.capitalize()) for k in ClaimKind]
# Blank: the precision the date is written with ("March 2026" is a month).
PRECISION_CHOICES = [("", "as written"), *((p.value, p.value) for p in DatePrecision)]
STANCE_CHOICES = [(s.value, s.value) for s in Stance]
ROLE_CHOICES = [(r.value, r.value) for r in Role]


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
    remember = BooleanField("Remember me on this device")


class PlainForm(FlaskForm):
    """A form with nothing but its CSRF token (sign out, dismiss, accept)."""


class SourceForm(FlaskForm):
    title = StringField("Title", validators=[Optional()])
    publisher = StringField("Publisher", validators=[Optional()])
    url = StringField("URL", validators=[Optional()])
    published = DateField("Published on", validators=[Optional()])
    text = TextAreaField("Text (paste it here)", validators=[Optional()])
    file = FileField("…or upload a .txt or .html file")


class ClaimForm(FlaskForm):
    version = HiddenField()
    kind = SelectField("Kind", choices=KIND_CHOICES)
    text = TextAreaField("Claim, in your words", validators=[Optional()])
    start = IntegerField("Excerpt start", validators=[Optional()])
    end = IntegerField("Excerpt end", validators=[Optional()])
    exact = TextAreaField("…or the exact quote", validators=[Optional()])
    prefix = StringField("Text just before the quote (prefix)", validators=[Optional()])
    suffix = StringField("Text just after the quote (suffix)", validators=[Optional()])
    organization = StringField("Organization", validators=[Optional()])
    # "Did you mean …?": a close name the user picked, or the new name confirmed.
    use_organization = StringField(validators=[Optional()])
    new_organization = BooleanField("Create it as a new organization")
    speaker = StringField("Speaker", validators=[Optional()])
    # Every date field is a text input (people type "March 2026"); a picker button helps.
    said_on = StringField("Said on", validators=[Optional()])
    date = StringField("Date", validators=[Optional()])
    precision = SelectField("Precision", choices=PRECISION_CHOICES, default="")
    date_end = StringField("Until (for a range)", validators=[Optional()])
    amount = StringField("Amount", validators=[Optional()])
    unit = StringField("Unit", validators=[Optional()])
    lower = StringField("Lower bound", validators=[Optional()])
    upper = StringField("Upper bound", validators=[Optional()])
    approximate = BooleanField("Approximate")

    def organization_name(self) -> str | None:
        """The organization the form names: a close name picked from "did you mean",
        else the one typed (which then becomes the picked one, so the user sees it)."""
        if self.use_organization.data:
            self.organization.data = self.use_organization.data
        return self.organization.data

    def excerpt(self) -> ExcerptInput:
        """The excerpt the form gives: its offsets when it has them, else the quote.
        Raises ValidationError (a field beyond its limit)."""
        if self.start.data is not None or self.end.data is not None:
            fields = {"start": self.start.data, "end": self.end.data}
        else:
            # Surrounding spaces are not part of a quote, as a selection in the reader is
            # trimmed; the context keeps its own (a space between it and the quote is optional).
            self.exact.data = (self.exact.data or "").strip()
            fields = {
                "exact": self.exact.data or None,
                "prefix": self.prefix.data or None,
                "suffix": self.suffix.data or None,
            }
        return parse_input(ExcerptInput, fields, what="excerpt")

    def value(self) -> ValueInput:
        """The value fields of the chosen kind. Raises ValidationError (a field too long)."""
        kind = self.kind.data
        if kind == ClaimKind.date:
            fields = {
                "date": self.date.data,
                "precision": self.precision.data or None,
                "end": self.date_end.data or None,
            }
        elif kind == ClaimKind.figure:
            fields = {
                "amount": self.amount.data,
                "unit": self.unit.data,
                "lower": self.lower.data,
                "upper": self.upper.data,
                "approximate": self.approximate.data,
            }
        else:
            fields = {"speaker": self.speaker.data, "said_on": self.said_on.data or None}
        return parse_input(ValueInput, fields, what="value")

    def changes(self) -> ClaimChanges:
        """Every part of the claim the form edits. Raises ValidationError."""
        fields = {
            "kind": self.kind.data,
            "text": self.text.data or "",
            "excerpt": self.excerpt(),
            "organization": self.organization_name(),
            "new_organization": self.new_organization.data or False,
            "value": self.value(),
        }
        return parse_input(ClaimChanges, fields, what="claim")


class CitationForm(FlaskForm):
    url = StringField("URL of the evidence", validators=[Optional()])
    title = StringField("Title", validators=[Optional()])
    publisher = StringField("Publisher", validators=[Optional()])
    published = DateField("Published on", validators=[Optional()])
    quote = TextAreaField("Quoted passage", validators=[Optional()])
    stance = SelectField("Stance", choices=STANCE_CHOICES)

    def citation(self) -> NewCitation:
        """The citation the form gives. Raises ValidationError naming the field."""
        fields = {
            "url": self.url.data or "",
            "stance": self.stance.data,
            "title": self.title.data,
            "publisher": self.publisher.data,
            "published": self.published.data,
            "quote": self.quote.data,
        }
        return parse_input(NewCitation, fields, what="citation")


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[Optional()])


class TransitionForm(FlaskForm):
    to = HiddenField()
    version = HiddenField()
    note = TextAreaField("Note", validators=[Optional()])
    rating = StringField("Rating", validators=[Optional()])


class AssignForm(FlaskForm):
    version = HiddenField()
    assignee = SelectField("Assign to", coerce=int, choices=[])


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[Optional()])
    display_name = StringField("Name", validators=[Optional()])
    role = SelectField("Role", choices=ROLE_CHOICES)
    password = PasswordField("Initial password", validators=[Optional()])


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
