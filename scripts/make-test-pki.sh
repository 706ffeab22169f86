#!/usr/bin/env bash
# Makes a throwaway certificate authority and certificates for running councild and its clients over TLS and
# mutual TLS in tests and on a developer's machine:
#
#     scripts/make-test-pki.sh DIR
#
# Writes into DIR (created if missing); every key is ECDSA P-256 and every file PEM:
#
#   ca.pem, ca-key.pem                 the test CA ("Council Hall Test CA")
#   server.pem, server-key.pem         councild: SAN DNS:localhost, IP:127.0.0.1, IP:::1
#   petition-office.pem, -key.pem      client certificate, CN=petition-office, SAN DNS:petition-office
#   grid-platform.pem, -key.pem        client certificate, CN=grid-platform, SAN DNS:grid-platform
#   hall-staff.pem, -key.pem           client certificate, CN=hall-staff, SAN DNS:hall-staff
#   revoked.pem, revoked-key.pem       client certificate, CN=petition-office, whose serial is in revoked-serials.txt
#   revoked-serials.txt                the deny-list councild reads: one serial number a line, in hex
#   stranger.pem, stranger-key.pem     CN=petition-office, signed by another CA (stranger-ca.pem) councild does not trust
#
# These keys are for tests only: anyone who can read DIR can act as any of these systems. Never use them for a
# real deployment; make real certificates with your own CA.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
command -v openssl >/dev/null || "$(dirname "$0")/ensure-packages.sh" openssl
dir="$1"
mkdir -p "$dir"
cd "$dir"
days=36500

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; chmod 600 "$1"; }

ca() {  # ca NAME SUBJECT
  key "$1-key.pem"
  openssl req -x509 -new -key "$1-key.pem" -sha256 -days "$days" -subj "$2" -out "$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf() {  # leaf NAME CA SUBJECT SAN USAGE
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "$3" -out "$1.csr" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=%s\n' \
    "$5" "$4" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -CAcreateserial -sha256 -days "$days" \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "/O=Council Hall Test/CN=Council Hall Test CA"
ca stranger-ca "/O=Somebody Else/CN=Somebody Else CA"
leaf server ca "/O=Council Hall Test/CN=councild" "DNS:localhost,IP:127.0.0.1,IP:::1" serverAuth
for system in petition-office grid-platform hall-staff; do
  leaf "$system" ca "/O=Council Hall Test/CN=$system" "DNS:$system" clientAuth
done
leaf revoked ca "/O=Council Hall Test/CN=petition-office" "DNS:petition-office" clientAuth
leaf stranger stranger-ca "/O=Somebody Else/CN=petition-office" "DNS:petition-office" clientAuth
openssl x509 -in revoked.pem -noout -serial | cut -d= -f2 >revoked-serials.txt
rm -f ./*.srl stranger-ca-key.pem
echo "test certificates written to $(pwd)"
