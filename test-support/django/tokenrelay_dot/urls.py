import os

from django.urls import include, re_path

from .views import ExtendedDiscoveryView, ProfileView, live_tokens

urlpatterns = [
    re_path(r"^api/profile/$", ProfileView.as_view()),
    re_path(r"^suite/live-tokens/$", live_tokens),
]
if os.environ.get("DOT_EXTEND_METADATA") == "1":
    # Ahead of DOT's own pattern, and under its name, so DOT derives the same issuer from it.
    urlpatterns.append(
        re_path(
            r"^o/\.well-known/openid-configuration/$",
            ExtendedDiscoveryView.as_view(),
        )
    )
urlpatterns.append(re_path(r"^o/", include("oauth2_provider.urls", namespace="oauth2_provider")))
