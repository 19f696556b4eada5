# scelle demo's narration, and scelle profile.

demo-title = == scelle demo in { $dir }
demo-scene = {"\u000A"}1. A compromised web server, as found: { $scene }
demo-scene-what = {"   "}nginx logs with the intrusion, a PHP webshell in uploads/, a file whose name holds a newline, the attacker's SSH key, a cron job, a symlink and a FIFO.
demo-key = {"\u000A"}2. A throwaway responder key (unencrypted, for the demo only): key id { $id }
demo-case = {"\u000A"}3. scelle case init: the incident case file, discovered 3 hours ago, personal data involved: { $dir }
demo-freeze = {"\u000A"}4. scelle freeze --case-dir: read every file once, hash, archive, sign, seal.{"\u000A"}
demo-verify = {"\u000A"}5. scelle verify, as the court-appointed expert would run it:{"\u000A"}
demo-flipped = {"\u000A"}6. One bit flipped at byte { $byte } of a copy ({ $copy }):{"\u000A"}
demo-custody = {"\u000A"}7. The chain of custody ({ $log }) starts with the seal: { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
}, { $state }.
demo-custody-intact = intact
demo-custody-broken = BROKEN
demo-custody-next = {"   "}Hand it over with: scelle custody transfer --key KEY --to "NAME, ROLE" { $archive }
demo-report = {"\u000A"}8. scelle report: deadlines, timeline, evidence, custody, for the commissaire de justice:{"\u000A"}
demo-report-next = {"   "}Open it in a browser and print it to PDF. Deadlines now: scelle case status --dir { $dir }
demo-by-hand = {"\u000A"}9. Without scelle, with standard tools only:
demo-caught = {"\u000A"}The original verifies INTACT and the tampered copy is caught.
demo-unexpected = {"\u000A"}UNEXPECTED: the demo did not behave as it should; please report it.

profile-name = profile:  { $name } (SHA-256 { $sha256 })
profile-about = about:    { $about }
profile-commands = commands, run first, in this order:
profile-timeout = [timeout { $seconds } s]
profile-paths = paths:
profile-max-size = files over { $size } recorded only
profile-metadata-only = metadata only
profile-follows-symlinks = follows symlinks
