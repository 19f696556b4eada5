# scelle key, baseline and audit: what they wrote or found.

key-secret = secret key:  { $path }
key-secret-clear = secret key:  { $path } (NOT encrypted)
key-public = public key:  { $path }
key-public-held = public key:  { $path } ({ $held })
key-on-token = key pair:    made on the token, private key not extractable ({ $token })
key-id = key id:      { $id }
key-fingerprint = fingerprint: SHA256:{ $fingerprint }
key-check = check:       tail -n 1 { $path } | base64 -d | sha256sum
key-passphrase-new = Passphrase for the new key:{" "}

baseline-written = baseline:  { $path } ({ $items } items)
baseline-signature = signature: { $path }
baseline-sha256 = SHA-256:   { $sha256 }
audit-summary = audit against { $baseline } ({ $items } items; { $now } now): { $differences ->
    [0] no difference
    [one] { $differences } difference
   *[other] { $differences } differences
}
audit-critical = CRITICAL
audit-high = high
audit-medium = medium
audit-low = low
audit-from = (from { $path })
audit-recorded = recorded in the case journal: entry { $entry }
