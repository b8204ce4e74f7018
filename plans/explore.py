"""Map and statistics of the listing's plans. (Being written.)"""

from django.http import HttpResponse


def plan_map(request):
    return HttpResponse("")


def plan_stats(request):
    return HttpResponse("")
