import json

from django.test import override_settings


@override_settings(RATELIMIT_ENABLE=False)
def test_dump(demo_site, client):
    r = client.get("/api/v3/openapi.json")
    assert r.status_code == 200, r.content[:3000]
    open("/tmp/api18/schema.json", "w").write(json.dumps(r.json(), indent=1))
    from events.models import EventPage

    e = EventPage.objects.first()
    for v in ("v2", "v3"):
        r = client.get(f"/api/{v}/pages/{e.pk}/")
        open(f"/tmp/api18/event_{v}.json", "w").write(json.dumps(r.json(), indent=1, ensure_ascii=False))
        assert r.status_code == 200, r.content[:3000]
    for q in [
        "/api/v3/pages/?ancestor_of=1",
        "/api/v3/pages/?order=bogus",
        "/api/v3/pages/?order=start&type=events.EventPage",
        "/api/v3/pages/?offset=99999999999999",
        "/api/v2/pages/?bogus=1",
        "/api/v2/pages/abc/",
        "/api/v3/pages/abc/",
        "/api/v3/pages/999/",
        "/api/v3/sites/",
        "/api/v2/pages/?fields=authors(name)&type=news.ArticlePage",
    ]:
        r = client.get(q)
        print(q, r.status_code, r["Content-Type"], r.content[:300])
