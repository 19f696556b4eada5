# scelle freeze: the summary of what was sealed.

freeze-archive = archive:      { $archive }
freeze-custody-log = custody log:  { $log }
freeze-custody-head = custody head: { $head }
freeze-unknown = (unknown)
freeze-evidence-id = evidence id:  { $id }
freeze-seal = seal SHA-256: { $seal }
freeze-size = size:         { $bytes } bytes
freeze-head = { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
}, last line SHA-256 { $sha256 }
freeze-items = items:        { $items } ({ $files ->
    [one] { $files } file
   *[other] { $files } files
} stored, { $bytes } bytes; { $complete } complete, { $changed } changed, { $unreadable } unreadable, { $skipped } skipped, { $failed } failed, { $vanished } vanished)
freeze-signed = signed by:    key { $key } (SHA256:{ $fingerprint }){ $source }
freeze-time = time:         { $started } -> { $ended }
freeze-locked = locked:      { $url } version { $version } — { $mode } until { $until }{ $hold } (read back from the store)
freeze-entry-locked = entry locked: { $url } version { $version } — { $mode } until { $until }{ $hold } (read back from the store)
freeze-legal-hold = , legal hold
freeze-incomplete = INCOMPLETE:   { $count } items
freeze-incomplete-more = {"  "}... and { $count } more (first { $shown } shown; all are in manifest.json)

# What a running operation reports on stderr.
event-mounted-read-write = scelle: WARNING: { $device } is mounted READ-WRITE ({ $mounts }): the image will not be consistent, and the volume may change while it is read. Unmount it or remount it read-only if you can.
event-timestamped = timestamp:    { $time } from { $tsa } (token { $token })
event-no-timestamp = scelle: WARNING: no trusted timestamp: { $error }. { $later }
