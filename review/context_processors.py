from .models import Notification


def notifications(request):
    """The unread count in the header; counted only when a page shows it, for those signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: Notification.objects.filter(recipient=user).unread().count()
    }
