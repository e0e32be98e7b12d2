"""The conventions of every list and item: unknown parameters and fields refused with the allowed
names, ?fields=, cursor pages with `next`, ?lang=ru and Accept-Language, ETag/Last-Modified/304,
gzip, CORS for GET, the per-address rate limit (429 with Retry-After) and one JSON error format."""

import json

import pytest

from clearinghouse.models import Country

pytestmark = pytest.mark.django_db


def test_an_unknown_parameter_is_refused_with_the_allowed_names(api):
    body = api.json("/api/v1/countries/", {"colour": "blue"}, status=400)
    assert body["error"]["code"] == "unknown_parameter"
    assert "colour" in body["error"]["message"]
    assert body["error"]["allowed"] == ["cursor", "fields", "lang", "limit", "region"]


def test_a_badly_typed_parameter_answers_400_in_the_error_format(api):
    body = api.json("/api/v1/countries/", {"limit": "many"}, status=400)
    assert body["error"]["code"] == "bad_request" and "limit" in body["error"]["message"]
    assert api.json("/api/v1/countries/", {"limit": "1000"}, status=400)["error"]["code"] == "bad_request"


def test_fields_trims_every_item_and_unknown_fields_are_refused(api, seeded):
    body = api.json("/api/v1/countries/", {"fields": "id,name", "limit": 3})
    assert [set(c) for c in body["results"]] == [{"id", "name"}] * 3
    refused = api.json("/api/v1/countries/", {"fields": "id,secret"}, status=400)
    assert refused["error"]["code"] == "unknown_field" and "iso3" in refused["error"]["allowed"]


def test_cursor_pages_walk_the_whole_list_once_in_a_stable_order(api, seeded):
    seen, url, pages = [], "/api/v1/countries/?limit=7", 0
    while url:
        body = api.json(url)
        seen += [c["id"] for c in body["results"]]
        url = body["next"] and body["next"].removeprefix("http://testserver")
        pages += 1
    expected = [c.iso2.lower() for c in Country.objects.order_by("name", "pk")]
    assert seen == expected and pages == -(-len(expected) // 7)


def test_a_forged_cursor_answers_400(api, seeded):
    assert api.json("/api/v1/countries/", {"cursor": "not-ours"}, status=400)["error"]["code"] == "bad_cursor"


def test_lang_or_accept_language_gives_russian_names(api, seeded):
    Country.objects.filter(iso2="AM").update(name_ru="Армения")
    assert api.json("/api/v1/countries/am/")["name"] == "Armenia"
    assert api.json("/api/v1/countries/am/", {"lang": "ru"})["name"] == "Армения"
    assert api.json("/api/v1/countries/am/", HTTP_ACCEPT_LANGUAGE="ru")["name"] == "Армения"
    assert api.json("/api/v1/countries/am/", {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="ru")["name"] == "Armenia"
    assert api.json("/api/v1/countries/am/", {"lang": "fr"}, status=400)["error"]["code"] == "bad_request"


def test_etag_and_last_modified_give_304_to_a_client_that_has_the_answer(api, seeded):
    first = api.get("/api/v1/programmes/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = api.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = api.get("/api/v1/programmes/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = api.get("/api/v1/programmes/", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_answers_are_gzipped_for_clients_that_accept_it(api, seeded):
    response = api.client.get("/api/v1/countries/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    api.validate(response)
    assert len(json.loads(response.content)["results"]) == 20


def test_any_origin_may_read_with_get(api, seeded):
    response = api.get("/api/v1/countries/", HTTP_ORIGIN="https://partner.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    page = api.client.get("/countries/", HTTP_ORIGIN="https://partner.example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_the_rate_limit_answers_429_with_retry_after(api, settings, seeded):
    settings.RATELIMIT_ENABLE = True
    settings.API_RATE_LIMIT = "3/m"
    from django.core.cache import cache

    cache.clear()
    answers = [api.get("/api/v1/regions/", REMOTE_ADDR="198.51.100.7") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert int(refused["Retry-After"]) >= 1
    assert json.loads(refused.content)["error"]["code"] == "rate_limited"
    # another address is not affected
    assert api.get("/api/v1/regions/", REMOTE_ADDR="198.51.100.8").status_code == 200
    cache.clear()


def test_unknown_addresses_and_records_answer_404_in_the_error_format(api, client, seeded):
    assert api.json("/api/v1/countries/zz/", status=404)["error"]["code"] == "not_found"
    response = client.get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert json.loads(response.content) == {"error": {"code": "not_found", "message": "Nothing here."}}


def test_head_is_get_without_the_body_and_other_methods_are_refused(api, client, seeded):
    get = client.get("/api/v1/regions/")
    head = client.head("/api/v1/regions/")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Length"] == str(len(get.content))
    post = client.post("/api/v1/regions/")
    assert post.status_code == 405
    assert json.loads(post.content)["error"]["code"] == "method_not_allowed"
