from django import template

from accounts.models import name_of

register = template.Library()


@register.filter
def person(user, absent=""):
    """A person as pages name them, or `absent` where no account is recorded.

    Events, revisions and comments keep who made them only while the account exists (deleted
    accounts leave None), and the importer records nobody: `user.email` cannot be read then.
    """
    return absent if user is None else name_of(user)
