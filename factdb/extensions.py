"""Flask extensions, created once and bound to the app by ``create_app``."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from factdb.db import get_session
from factdb.services.accounts.users import load_session_user

csrf = CSRFProtect()
# Only the sign-in form is limited (per address and per account); storage from
# RATELIMIT_STORAGE_URI (memory:// by default, or redis://host:port/0).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(session_id: str):
    return load_session_user(get_session(), session_id)
