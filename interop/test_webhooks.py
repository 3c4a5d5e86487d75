"""A webhook from the running server, received on a local port and verified the way a receiver
written for Ideogram's webhooks verifies them: Ed25519 keys from /v1/.well-known/jwks.json, the
signed message rebuilt from the X-Ideogram-Webhook-* headers and the body. The verifier is a
stock one (`cryptography`), nothing from this repository."""

import base64
import hashlib
import http.server
import json
import threading
import time

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(jwks: dict, headers, body: bytes) -> bool:
    message = "\n".join([
        headers["X-Ideogram-Webhook-Generation-Id"],
        headers["X-Ideogram-Webhook-User-Id"],
        headers["X-Ideogram-Webhook-Timestamp"],
        hashlib.sha256(body).hexdigest(),
    ]).encode()
    signature = bytes.fromhex(headers["X-Ideogram-Webhook-Signature"])
    # The Key-Id header is a hint; every published key is tried.
    for jwk in jwks["keys"]:
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            continue
        try:
            Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"])).verify(signature, message)
            return True
        except InvalidSignature:
            continue
    return False


class Receiver(http.server.BaseHTTPRequestHandler):
    deliveries: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.deliveries.append((dict(self.headers.items()), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhook_verifies_with_the_published_jwks(base_url, api_key):
    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = f"http://127.0.0.1:{server.server_address[1]}/hook"
        response = requests.post(
            f"{base_url}/ideogram/v1/ideogram-v3/generate",
            headers={"Api-Key": api_key},
            json={"prompt": "a paper kite over a beach", "rendering_speed": "TURBO", "webhook_url": hook},
            timeout=30,
        )
        assert response.status_code == 202, response.text
        task_id = response.json()["task_id"]

        deadline = time.time() + 30
        while not Receiver.deliveries and time.time() < deadline:
            time.sleep(0.1)
        assert Receiver.deliveries, "no webhook arrived"
        headers, body = Receiver.deliveries[0]

        jwks = requests.get(f"{base_url}/v1/.well-known/jwks.json", timeout=10).json()
        assert verify(jwks, headers, body)
        assert not verify(jwks, headers, body + b" ")
        assert headers["X-Ideogram-Webhook-Key-Id"] in {key["kid"] for key in jwks["keys"]}
        assert abs(time.time() - int(headers["X-Ideogram-Webhook-Timestamp"])) < 120

        payload = json.loads(body)
        assert payload["generation_id"] == task_id == headers["X-Ideogram-Webhook-Generation-Id"]
        assert len(payload["data"]) == 1 and payload["data"][0]["url"].startswith("http")
    finally:
        server.shutdown()


def test_jwks_is_public_and_also_under_the_prefix(base_url):
    plain = requests.get(f"{base_url}/v1/.well-known/jwks.json", timeout=10)
    prefixed = requests.get(f"{base_url}/ideogram/v1/.well-known/jwks.json", timeout=10)
    assert plain.status_code == prefixed.status_code == 200
    assert plain.json() == prefixed.json()
    for key in plain.json()["keys"]:
        assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and key["alg"] == "EdDSA" and key["use"] == "sig"
        assert len(b64url_decode(key["x"])) == 32 and "=" not in key["x"]
