# scelle verify (and extract, locker verify): the readable report of a verification.

verify-source = source:      { $source } ({ $kind })
verify-evidence-id = evidence id: { $id }
verify-no-evidence-id = (none found)
verify-seal-matches = seal SHA-256: { $seal } (matches --expect)
verify-seal-differs = seal SHA-256: { $seal } (DOES NOT MATCH --expect)
verify-seal-not-compared = seal SHA-256: { $seal } (no --expect given: compare it with the procès-verbal)
verify-checked = checked:     { $members } members; { $files } payload files ({ $bytes } bytes) hashed; bag manifests; manifest.json ({ $items } items, { $incomplete } recorded incomplete at acquisition)
verify-signature-verified = signature:   valid, key { $key }; trusted comment: { $comment }
verify-signature-invalid = signature:   INVALID for key { $key } (see findings)
verify-signature-other-key = signature:   made by key { $key }, NOT by the key you gave (see findings)
verify-checked-stopped = checked:     only the first { $members } members ({ $files } payload files, { $bytes } bytes): the archive could not be read further, and nothing after the damage was checked
verify-checked-nothing = checked:     nothing: the file is not a scelle archive
verify-knock-on = {"  "}+ { $count ->
    [one] { $count } more finding that only follows
   *[other] { $count } more findings that only follow
} from the above, not listed: { $kinds }
verify-signature-not-checked = signature:   NOT CHECKED: no --pubkey given, so the signer (key { $key }) is not authenticated
verify-signature-missing = signature:   MISSING or unusable (see findings)
verify-key-pinned = key SHA-256: SHA256:{ $fingerprint } (matches --fingerprint)
verify-key-in-keyring = key SHA-256: SHA256:{ $fingerprint } (in the --keyring)
verify-key-compare = key SHA-256: SHA256:{ $fingerprint } (compare it with the procès-verbal; a key id alone can be forged)
verify-key-kept = key kept in: { $source }
verify-warning = WARNING:     { $warning }
verify-findings-none = findings:    none
verify-findings = findings:    { $count }
verify-findings-more = ... { $count } more not listed
verify-recorded = expected:
verify-found = found:{"   "}
verify-verdict-intact = verdict:     INTACT ({ $anchors })
verify-anchor-seal = seal hash equal to --expect
verify-anchor-fingerprint = signing key equal to --fingerprint
verify-anchor-keyring = signing key in the --keyring
verify-verdict-authentic = verdict:     AUTHENTIC — seal not compared with the procès-verbal (signature valid, but give --expect SEAL or --fingerprint to tie it to the procès-verbal)
verify-verdict-unauthenticated = verdict:     no finding, but NOT AUTHENTICATED (give --pubkey)
verify-verdict-not-intact = verdict:     NOT INTACT
