# Timestamps, detached signatures and the report's summary line.

timestamp-token = timestamp:   { $time } of { $stamped } by { $tsa } (token { $token }, serial { $serial }, policy { $policy })
timestamp-token-only = timestamp:   token { $token }
timestamp-unnamed-tsa = an unnamed TSA
timestamp-not-valid = {"             "}NOT VALID:
timestamp-valid = {"             "}valid; the TSA certificate chains to --tsa-ca
timestamp-unauthenticated = {"             "}valid signature, but the TSA is NOT AUTHENTICATED (give --tsa-ca)
timestamp-openssl-agrees = {"             "}openssl ts -verify reaches the same verdict
timestamp-openssl-disagrees = {"             "}openssl ts -verify DISAGREES (see the problems)
timestamp-nonce-unchecked = {"             "}nonce not checked (no matching timestamped entry in the custody log)
timestamp-offset = {"             "}host's claimed signing time { $host }; TSA time minus host time: { $offset } s
timestamp-obtained = timestamped at { $time } by { $tsa } (serial { $serial }, policy { $policy }); token written to { $token }

signature-ok = OK      { $file }: signed by key { $key } ({ $algorithm })
signature-comment = {"        "}trusted comment: { $comment }
signature-failed = FAILED  { $file }: { $error }
signature-written = signed { $file } -> { $signature }

report-written = report written to { $path }: { $archives } archive(s), { $failed } not intact; journal { $journal }
report-journal-consistent = consistent
report-journal-not-intact = NOT INTACT
report-written-sha256 = {"  "}SHA-256 of the report (for the procès-verbal): { $sha256 }
report-written-signed = {"  "}signed: { $signature }
report-written-unsigned = {"  "}not signed (--unsigned)
report-written-items = {"  "}item list { $path } (SHA-256 { $sha256 }, named in the report)
