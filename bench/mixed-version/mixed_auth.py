"""The production profile's security material for mixed-version.py --auth, made at run time: a CA,
the gateways' TLS certificate (127.0.0.1, localhost), a client certificate mapped as a subscriber,
an RSA key whose public half is the gateways' static JWK set (auth.static_keys_file), RS256 tokens
signed with it, and the configuration file both builds read (--profile production --config FILE).
Needs python3-cryptography."""
import base64, datetime, json, ssl, time, ipaddress
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, padding

ISSUER = 'https://issuer.mixed-version.test'
AUDIENCE = 'o2ims'
ROLES = {'subscriber': 'role:o2ims-reader role:o2ims-subscriber', 'subscriber-only': 'role:o2ims-subscriber',
         'admin': 'role:o2ims-admin'}


def _b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b'=').decode()


def _int(i):
    return _b64(i.to_bytes((i.bit_length() + 7) // 8, 'big'))


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_key(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                           serialization.NoEncryption())


class Security:
    def __init__(self, directory, max_per_subject):
        now = datetime.datetime.now(datetime.timezone.utc)
        self.dir = directory
        ca_key = _key()
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'mixed-version CA')])
        ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
              .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
              .sign(ca_key, hashes.SHA256()))

        def leaf(name, usage, san=None):
            k = _key()
            b = (x509.CertificateBuilder().subject_name(name).issuer_name(ca_name)
                 .public_key(k.public_key()).serial_number(x509.random_serial_number())
                 .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
                 .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                 .add_extension(x509.ExtendedKeyUsage([usage]), critical=False))
            if san:
                b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
            return b.sign(ca_key, hashes.SHA256()), k

        server, server_key = leaf(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'localhost')]),
                                  ExtendedKeyUsageOID.SERVER_AUTH,
                                  [x509.DNSName('localhost'), x509.IPAddress(ipaddress.ip_address('127.0.0.1'))])
        client_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'operator'),
                                 x509.NameAttribute(NameOID.COMMON_NAME, 'smo-cert')])
        client, client_key = leaf(client_name, ExtendedKeyUsageOID.CLIENT_AUTH)
        # The subject as the gateway names a certificate: RFC 2253, most specific first, no spaces.
        self.dn = client_name.rfc4514_string()

        def write(name, data):
            path = f'{directory}/{name}'
            with open(path, 'wb') as f:
                f.write(data)
            return path

        pem = serialization.Encoding.PEM
        self.ca = write('ca.pem', ca.public_bytes(pem))
        cert = write('tls.crt', server.public_bytes(pem))
        key = write('tls.key', _pem_key(server_key))
        self.client_cert = write('client.crt', client.public_bytes(pem))
        self.client_key = write('client.key', _pem_key(client_key))
        self.signing = _key()
        numbers = self.signing.public_key().public_numbers()
        jwks = write('jwks.json', json.dumps({'keys': [
            {'kty': 'RSA', 'kid': 'mixed-1', 'use': 'sig', 'alg': 'RS256',
             'n': _int(numbers.n), 'e': _int(numbers.e)}]}).encode())
        self.config = write('production.yaml', f'''server:
  host: 127.0.0.1
  tls:
    cert_file: {cert}
    key_file: {key}
    client_ca: {self.ca}
auth:
  static_keys_file: {jwks}
  issuer: {ISSUER}
  audience: [{AUDIENCE}]
  certificate_readers: ["{self.dn}"]       # creating a subscription needs reader too (since cba3b08)
  certificate_subscribers: ["{self.dn}"]
subscriptions:
  allow_http_callbacks: true
  max_per_subject: {max_per_subject}
notifications:
  callback_allow_list: [127.0.0.0/8]
rate_limit:
  shared: true            # one budget across replicas (and versions), through Redis
  read_per_minute: 1000000
  write_per_minute: 1000000
  admin_per_minute: 1000000
'''.encode())
        self._contexts = {}
        self._tokens = {}

    def tls(self, certificate=False):
        """An SSL context trusting the CA, presenting the client certificate when asked."""
        if certificate not in self._contexts:
            c = ssl.create_default_context(cafile=self.ca)
            if certificate:
                c.load_cert_chain(self.client_cert, self.client_key)
            self._contexts[certificate] = c
        return self._contexts[certificate]

    def token(self, sub, role='subscriber'):
        """An RS256 token for sub with the role's scope, valid for an hour (cached per sub, role)."""
        if (sub, role) not in self._tokens:
            now = int(time.time())
            header = {'alg': 'RS256', 'typ': 'JWT', 'kid': 'mixed-1'}
            claims = {'iss': ISSUER, 'aud': AUDIENCE, 'sub': sub, 'scope': ROLES[role],
                      'iat': now - 60, 'nbf': now - 60, 'exp': now + 3600}
            signing_input = (_b64(json.dumps(header).encode()) + '.' + _b64(json.dumps(claims).encode())).encode()
            signature = self.signing.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
            self._tokens[(sub, role)] = signing_input.decode() + '.' + _b64(signature)
        return self._tokens[(sub, role)]
