"""Flask extensions, created once and bound to the app by ``create_app`` (CSRF protection,
which only an app that serves pages needs, is in ``factdb.csrf``)."""

from flask import g
from flask_login import LoginManager

from factdb.db import get_session
from factdb.models import User
from factdb.services.accounts.users import load_session_user_with
from factdb.services.notifications.inbox import unread_of

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"
UNREAD = unread_of(User.id)
# Sign-in throttling is in factdb.services.accounts.throttle: counted in the database, so
# every worker and every server shares the counts.


@login_manager.user_loader
def _load_user(session_id: str):
    # The header's unread count is read with the user: one statement, not two, per page.
    user, values = load_session_user_with(get_session(), session_id, UNREAD)
    if user is not None:
        g.unread_notifications = values[0]
    return user
