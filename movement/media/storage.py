"""S3-compatible object storage for media, for more than one app server.

Images (originals and renditions) are written `public-read` with long cache
headers, so browsers and a CDN fetch them straight from the bucket. Everything
else, above all documents, is written `private`: Wagtail's serve view reads it
with our credentials after checking collection privacy, and its URL is only
ever a short-lived signed one. With `AWS_S3_OBJECT_ACLS=false` (buckets with
ACLs disabled) no ACL is sent, and a bucket policy must make only `images/`
and `original_images/` public (README, "Deployment").
"""

from django.conf import settings

from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from movement.media import is_public


class MediaS3Storage(S3Storage):
    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        public = is_public(name)
        if getattr(settings, "AWS_S3_OBJECT_ACLS", True):
            params["ACL"] = "public-read" if public else "private"
        if public:
            params.setdefault("CacheControl", f"public, max-age={settings.MEDIA_CACHE_MAX_AGE}")
        else:
            params["CacheControl"] = "private, no-store"
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name):
            return super().url(name, parameters, expire, http_method)
        # Never a public address for a private object: signed, short-lived,
        # and on the bucket itself (a CDN in front would cache it).
        params = dict(parameters or {}, Bucket=self.bucket.name, Key=self._normalize_name(clean_name(name)))
        return self.connection.meta.client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=expire or 300, HttpMethod=http_method
        )
