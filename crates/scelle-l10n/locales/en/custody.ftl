# scelle custody show|verify and the custody commands: the chain of custody as text.

custody-log = custody log: { $log }
custody-who-key = key { $key }
custody-who-unknown = UNKNOWN key { $key }
custody-who-not-checked = key { $key } (not checked)
custody-who-via = { $who }, via { $kind }
custody-archive-seal = archive seal SHA-256: { $seal }
custody-warning = warning, line { $line }: { $message }
custody-finding = FINDING, line { $line }: { $message }
custody-more-findings = ... { $count } more findings not listed
custody-verdict-intact = verdict: INTACT chain of custody
custody-verdict-unauthenticated = verdict: no finding, but signers NOT AUTHENTICATED (give --pubkey or --keyring)
custody-verdict-broken = verdict: BROKEN chain of custody
custody-checked = { $entries } entries; { $verdict }
custody-recorded = recorded { $event } as entry { $number } of { $log } (signed by key { $key })
custody-receipt = receipt:     { $entries } entries, head SHA-256 { $head } (write both in the procès-verbal; later, scelle custody verify --entries { $entries } --head { $head } proves no entry up to here was dropped)
custody-more-entries = ... { $count } more entries verified (signature and chain), not listed; their timestamp tokens, if any, were not checked
