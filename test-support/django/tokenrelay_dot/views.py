"""The suite's additions to a stock DOT server: a protected profile view and, on request,
discovery metadata extended the way a deployment would extend it."""

from django.http import JsonResponse
from oauth2_provider.models import get_access_token_model
from oauth2_provider.views import ConnectDiscoveryInfoView
from oauth2_provider.views.generic import ProtectedResourceView
from django.urls import reverse


class ProfileView(ProtectedResourceView):
    """What tokenrelay validates against: who the bearer is, and the tenants it may use."""

    def get(self, request, *args, **kwargs):
        value = request.headers.get("Authorization", "").split(" ", 1)[-1]
        token = get_access_token_model().objects.select_related("application").get(token=value)
        return JsonResponse(
            {
                "login": token.application.client_id,
                "name": token.application.name,
                "tenants": ["acme"],
            }
        )


def live_tokens(request):
    """For the suite only (loopback): the access tokens a client holds that are still live, so
    a test can prove a run left nothing behind even when it never saw the token."""
    tokens = get_access_token_model().objects.filter(application__client_id=request.GET.get("client_id", ""))
    return JsonResponse({"tokens": [t.token for t in tokens if t.is_valid()]})


class ExtendedDiscoveryView(ConnectDiscoveryInfoView):
    """DOT 1.7 leaves the revocation and introspection endpoints out of its metadata."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        import json

        data = json.loads(response.content)
        data["revocation_endpoint"] = request.build_absolute_uri(reverse("oauth2_provider:revoke-token"))
        data["introspection_endpoint"] = request.build_absolute_uri(reverse("oauth2_provider:introspect"))
        return JsonResponse(data)
