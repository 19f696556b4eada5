# scelle inspect: what the record says, summary first.

inspect-not-verified = NOT VERIFIED: this reads the record only; run `scelle verify --pubkey KEY.pub` to check it.
inspect-evidence-id = evidence id:   { $value }
inspect-case = case:          { $value }
inspect-legal-basis = legal basis:   { $value }
inspect-examiner = examiner:      { $value }
inspect-notes = notes:         { $value }
inspect-host = host:          { $value }
inspect-machine = machine:       { $value }
inspect-machine-id = machine-id { $value }
inspect-booted = booted { $value }
inspect-time-zone = time zone { $value }
inspect-started = started:       { $value }
inspect-by = by { $operator } (uid { $uid })
inspect-command-line = command line:  { $value }
inspect-tool = tool:          { $value }
inspect-ended = ended:         { $value }
inspect-signer = signer:        key { $key } (SHA256:{ $fingerprint }){ $source }
inspect-totals = totals:        { $items } items, { $files ->
    [one] { $files } file
   *[other] { $files } files
} stored ({ $bytes } bytes): { $complete } complete, { $changed } changed, { $unreadable } unreadable, { $skipped } skipped, { $failed } failed, { $vanished } vanished
inspect-incomplete = incomplete:
inspect-items = items:
inspect-items-hint = items:         not listed; scelle inspect --items ARCHIVE lists them (--kind, --status, --path to filter; --json for a program)
