from django.urls import re_path

from lika.newcomer_info import views

app_name = "newcomer_info"
urlpatterns = [
    # The slash is optional, so that the short address printed on a letter ("lika.example/k/brev")
    # leads straight to the counter without a redirect to add it. Any code reaches the view, so that
    # a mistyped one also gets the view's cookie-free "not found" page.
    re_path(r"^(?P<code>[^/]+)/?$", views.channel_visit, name="channel_visit"),
    # A channel that shows several pages (an office screen's slides) leads each code to its own page,
    # named by its Swedish slug: /k/skarm-malmo/arbete.
    re_path(r"^(?P<code>[^/]+)/(?P<page>[a-z0-9-]+)/?$", views.channel_visit, name="channel_visit_page"),
]
