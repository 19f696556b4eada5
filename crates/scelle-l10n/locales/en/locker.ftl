# scelle locker: the evidence locker (S3 Object Lock).

locker-none = (none)
locker-empty = no archive there
locker-seal = seal:     { $seal } (recorded in its first custody entry; { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
} locked)
locker-grant = { $host }: { $file } -> { $archive } (until { $until }; give the file to that host only)
locker-fetched = fetched:  { $bytes } bytes
locker-sha256 = SHA-256:  { $sha256 }
locker-file = file:     { $file }
locker-not-kept = NOT KEPT: the SHA-256 is not the seal given with --expect
locker-object = object:   { $url }
locker-version = version:  { $version }
locker-lock = lock:     { $mode } until { $until }
locker-lock-held = lock:     { $mode } until { $until }, legal hold
locker-versions = versions: { $count } of this key in the locker
locker-versions-one = versions: { $count } of this key in the locker (never rewritten)
locker-warning = WARNING:  { $warning }
locker-no-lock = WARNING:  no retention lock is in force on this version: the locker does not protect it (now) against deletion or overwrite
locker-custody = locked custody entries: { $entries } under { $prefix }
locker-custody-gap = {"  "}entries 0 to { $last } checked as a chain; the others follow a gap (an entry appended without --locker) and anchor only the log given with --log
locker-custody-none = {"  "}WARNING: no locked sealed entry (00000000.json): the seal is not recorded in the locker; was this archive frozen into it by scelle?
locker-log-given = custody log given: { $log }
locker-overall-custody = overall:     NOT INTACT (the archive checks out, but its custody does not: see the findings above)
locker-overall = overall:     { $verdict } (the archive and its custody entries; the lock is shown above)
locker-verdict-intact = INTACT
locker-verdict-authentic = AUTHENTIC, not tied to the procès-verbal
locker-verdict-unauthenticated = NOT AUTHENTICATED
locker-verdict-not-intact = NOT INTACT
