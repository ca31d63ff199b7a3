"""The project's URLs plus one page that fails, to see the 500 page the project answers with."""

from django.urls import path

from hospital import urls as project_urls


def boom(request):
    raise RuntimeError("a page that fails")


handler500 = project_urls.handler500
urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]
