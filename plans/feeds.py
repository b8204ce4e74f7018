"""Atom feed of the newest published plans. (Being written.)"""

from django.contrib.syndication.views import Feed


class PlanFeed(Feed):
    title = "ALP Portal"
    link = "/plans/"

    def items(self):
        return []
