"""Forms of the account pages (password, API tokens) and the security events filter."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import Optional

from factdb.models.security import SecurityAction


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[Optional()])
    new_password = PasswordField("New password", validators=[Optional()])
    confirm = PasswordField("New password again", validators=[Optional()])


class TokenForm(FlaskForm):
    name = StringField("What is the token for?", validators=[Optional()])


ACTION_CHOICES = [("", "any action")] + [
    (a.value, a.value.replace("_", " ")) for a in SecurityAction
]


class EventFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    action = SelectField("Action", choices=ACTION_CHOICES, validators=[Optional()])
    user = StringField("User (email)", validators=[Optional()])
