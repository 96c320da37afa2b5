"""The portal's URLs with Django's own admin mounted at /django-admin/, as a deployment might:
sign-in throttling and the two-factor gate must cover it too."""

from django.contrib import admin
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("django-admin/", admin.site.urls), *portal_urlpatterns]
