# scelle freeze: the summary of what was sealed.

freeze-archive = archive:      { $archive }
freeze-custody-log = custody log:  { $log }
freeze-custody-head = custody head: { $head }
freeze-unknown = (unknown)
freeze-evidence-id = evidence id:  { $id }
freeze-seal = seal SHA-256: { $seal }
freeze-size = size:         { $bytes } bytes
freeze-items = items:        { $items } ({ $files } files stored, { $bytes } bytes; { $complete } complete, { $changed } changed, { $unreadable } unreadable, { $skipped } skipped, { $failed } failed, { $vanished } vanished)
freeze-signed = signed by:    key { $key } (SHA256:{ $fingerprint }){ $source }
freeze-time = time:         { $started } -> { $ended }
freeze-locked = locked:      { $url } version { $version } — { $mode } until { $until }{ $hold } (read back from the store)
freeze-entry-locked = entry locked: { $url } version { $version } — { $mode } until { $until }{ $hold } (read back from the store)
freeze-legal-hold = , legal hold
freeze-incomplete = INCOMPLETE:   { $count } items
freeze-incomplete-more = {"  "}... and { $count } more (first { $shown } shown; all are in manifest.json)
