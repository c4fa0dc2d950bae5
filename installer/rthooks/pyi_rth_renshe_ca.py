"""PyInstaller runtime hook: the hub's TLS certificate is checked against the machine's
CA store — where district IT installs the district's own CA (``update-ca-certificates``
on Kylin and UOS) — rather than only the Mozilla CAs certifi carries.

requests reads its default bundle from ``certifi.where()`` when it is imported; this
hook runs before. ``REQUESTS_CA_BUNDLE`` or ``SSL_CERT_FILE`` name another bundle;
without a system bundle file (Windows) certifi's own is used.
"""

import os

import certifi

SYSTEM_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")


def _install() -> None:
    named = [os.environ.get("REQUESTS_CA_BUNDLE"), os.environ.get("SSL_CERT_FILE")]
    for bundle in (*named, *SYSTEM_BUNDLES):
        if bundle and os.path.isfile(bundle):
            certifi.where = lambda bundle=bundle: bundle  # type: ignore[misc]
            return


_install()
