"""Sign-in form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp


class LoginForm(FlaskForm):
    # A plain shape check: company sign-ins often use internal domains a strict validator rejects.
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+$", message=_l("Not an email address.")),
        ],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))
    submit = SubmitField(_l("Sign in"))


class PasswordForm(FlaskForm):
    """A signed-in user changes their own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("New password (at least 8 characters)"), validators=[DataRequired(), Length(max=200)]
    )
    confirm = PasswordField(_l("New password again"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Change password"))
