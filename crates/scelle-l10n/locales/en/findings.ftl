# Findings of the checks, by kind, in words for the report: what is wrong
# and what it means for the evidence. Ids: finding-<check>-<kind>.

## Where and which values.
finding-member = file { $member }
finding-line = line { $line }
finding-offset = byte { $offset }
finding-expected = expected:
finding-found = found:

## Verification of an archive (scelle verify).
finding-verify-not-an-archive = the file is not a scelle archive at all (not a zstd stream): a wrong file was given, or the archive was replaced
finding-verify-seal-mismatch = the archive's SHA-256 is not the one expected: this is not the seal recorded
finding-verify-compressed-stream = the compressed (zstd) stream is damaged: the archive was altered or badly copied
finding-verify-truncated = the archive stops before its end: it is truncated (an incomplete or cut copy)
finding-verify-trailing-data = bytes follow the end of the archive: they were added after sealing
finding-verify-tar-structure = the tar structure is corrupt or of a kind scelle never writes
finding-verify-non-canonical-header = a file's tar header is not the one scelle writes: the archive was re-packed or a field changed (mode, owner, date)
finding-verify-unsafe-name = a file name could escape the extraction directory or is not canonical
finding-verify-not-regular-file = the archive holds something other than a regular file (link, directory, device)
finding-verify-unexpected-member = the archive holds a file that is not part of scelle's format
finding-verify-duplicate-member = the same name appears twice in the archive
finding-verify-member-order = the files are not in the order the format fixes: the archive was re-packed
finding-verify-content-mismatch = a file's content differs from its recorded hash: it was changed
finding-verify-missing-member = a file recorded in the manifest is missing from the archive
finding-verify-unlisted-member = a file in the archive is recorded in no manifest: it was added
finding-verify-tag-file = a required file of the BagIt bag is missing or malformed
finding-verify-manifest = the signed manifest (manifest.json) is malformed or contradicts the content
finding-verify-signature = the manifest's signature is missing, invalid, or by another key
finding-verify-key-not-pinned = the key that signed is not the one whose fingerprint was given
finding-verify-file-name = the archive's file name is not that of the seal it holds
finding-verify-format-version = sealed in an older format whose integrity cannot be proven as a whole

## The custody log beside an archive, and the case journal (same checks).
finding-custody-torn-line = the last line is incomplete (an interrupted write)
finding-custody-line-too-long = a line is longer than allowed
finding-custody-empty-log = the file is empty
finding-custody-not-an-entry = a line is not a valid entry
finding-custody-bad-public-key = an entry's public key cannot be read
finding-custody-key-id-mismatch = an entry's key id does not match its key
finding-custody-bad-signature = an entry's signature is not valid: the entry was changed
finding-custody-sequence = the entries' numbering is broken: an entry was dropped, inserted or moved
finding-custody-broken-link = an entry is not linked to the previous one: the file was changed
finding-custody-first-event = the first entry is not the one that opens the file
finding-custody-missing-seal = the sealing entry records no hash
finding-custody-seal-mismatch = the hash recorded is not the examined archive's
finding-custody-other-evidence = an entry is about another piece of evidence
finding-custody-unknown-signer = an entry is signed by a key not in the keyring: who wrote it is not established
finding-custody-head-missing = the last entry recorded elsewhere is no longer there: entries were dropped
finding-custody-clock-backwards = an entry's time is before the previous one's (the signer's clock)
finding-custody-bad-time = an entry's time cannot be read

## The case file.
finding-case-journal-chain = the case journal is broken: an entry is missing, changed or not linked
finding-case-unreadable-entry = an entry of the case journal cannot be read
finding-case-case-file-differs = case.json does not match what the signed journal records (the journal prevails)
finding-case-case-file-unreadable = case.json cannot be read (the signed journal prevails)
finding-case-impossible-chronology = impossible chronology: a recorded date is before the discovery of the incident, or a final report before the notification

## Found while the report is made.
finding-report-journal-head-missing = the case journal no longer contains the line this archive was sealed on: entries were dropped or rewritten
finding-report-not-in-journal = the case journal records no sealing of this archive, though it was sealed for this case: the entry was dropped, or the freeze stopped before writing it
finding-report-manifest-unreadable = the signed manifest (manifest.json) cannot be read
