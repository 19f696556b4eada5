# The case report (scelle report), English.
report-heading = Incident and digital evidence report
report-case-ref = Case
report-generated = made on
report-case-title = Title
report-discovered = Incident discovered
report-personal-data = Personal data involved
report-nis2 = NIS2 entity
report-essential = essential entity
report-important = important entity
report-oiv = Operator of vital importance (OIV)
report-impact-label = Impact categories declared
report-none-yet = not assessed yet
report-organization = Organisation
report-legal-basis = Legal basis
report-dpo = Data protection officer
report-counsel = Counsel
report-time-zone = Reference time zone
report-yes = yes
report-no = no
report-section-case = The case
report-section-deadlines = Notification deadlines
report-deadline-method = Deadlines in hours run, in elapsed time, from awareness of the incident (failing that, its discovery); the one-month deadline is a calendar month in the case's time zone.{" "}
report-no-deadline = On the facts declared (no personal data, not a NIS2 entity, not an OIV), no statutory notification deadline applies.
report-duty-gdpr = Personal data breach notification to the CNIL (72 hours)
report-duty-nis2-early = Early warning (24 hours)
report-duty-nis2-notification = Incident notification (72 hours)
report-duty-nis2-final = Final report (one month)
report-duty-oiv = Incident report to ANSSI (without delay)
report-provisional = (provisional: runs from the incident notification)
report-without-delay = without delay
report-reference = ref.
report-sent = sent
report-day-unit = d
report-met = met
report-state-met = met ({ $margin } early)
report-state-met-late = met late by { $margin }
report-state-open = open — { $margin } left
report-state-overdue = overdue by { $margin }
report-due-now = due now
report-section-timeline = Timeline (signed journal)
report-case-opened = Case opened
report-impact-set = Impact categories declared:
report-evidence-sealed = Evidence sealed:
report-journal-intact = Journal intact: every entry is signed and linked to the previous one, and the signers were checked against the public keys given
report-journal-unauthenticated = Journal consistent: every entry is signed and linked to the previous one; the signers were not checked (no public key given)
report-journal-broken = WARNING: the journal has integrity problems; only entries that verify are listed above
report-journal-receipt = Journal receipt (write it in the procès-verbal; scelle case status --entries N --head H later shows whether an entry was dropped):
report-last-line-sha256 = SHA-256 of its last line
report-entries = entries
report-section-evidence = Sealed evidence
report-section-evidence-one = Evidence
report-no-evidence = No sealed evidence was examined for this report.
report-evidence-examined = Sealed archives examined and verified for this report:
report-as-of = States as of
report-file = File
report-evidence-id = Evidence id
report-seal = Seal hash (SHA-256)
report-signer = Signer (Ed25519 key)
report-key-in-file = key kept in a file
report-key-in-agent = key held by an ssh-agent
report-key-on-token = key on the PKCS#11 token
report-serial = serial
report-host = Source host
report-acquisition = Acquisition (host clock)
report-contents = Contents
report-items = items
report-files-stored = files stored
report-bytes = bytes
report-incomplete = Incomplete items
report-skipped = Items not collected (exclusions, other filesystem)
report-skipped-intro = Items deliberately not collected, with the reason:
report-command-line = Acquisition command (exact)
report-operator = Operator (declared)
report-roots = Paths collected
report-excludes = Exclusion patterns
report-clock = Host clock
report-clock-reference = reference time read:
report-clock-host = host clock then:
report-clock-offset = offset:
report-clock-none = not compared with a reference time (no --reference-time)
report-none = none
report-verification = Verification
report-timestamp = Trusted timestamp (RFC 3161) of the manifest
report-timestamp-valid = valid token, TSA certified by the CA given
report-timestamp-unauthenticated = valid token, but the TSA is not authenticated (no CA given)
report-timestamp-invalid = TOKEN NOT VALID:
report-intact = INTACT — no finding, signature verified with a key pinned by fingerprint (keyring), or seal hash compared
report-authentic = AUTHENTIC — no finding, signature valid, but neither the seal hash nor the key's fingerprint was compared with the procès-verbal
report-unauthenticated = no finding, but the signer is not authenticated (no public key given)
report-not-intact = NOT INTACT — findings:
report-in-journal = Recorded in the case journal
report-not-in-journal = not recorded
report-journal-line = entry no.
report-findings-intro = Findings of the verification:
report-incomplete-intro = Items the acquisition records as incomplete (changed while read, unreadable):
report-custody-intro = Chain of custody (signed log kept with the archive):
report-key-in-keyring = keyring key
report-key-unknown = key NOT IN the keyring
report-key-not-checked = signer not checked, key
report-declared = declared:
report-differs = NOT the key's holder
report-untrusted-entries = Entries signed by a key not in the keyring (who wrote them is not established):
report-custody-intact = Chain of custody intact, signers checked.
report-custody-unauthenticated = Chain of custody consistent; signers not checked (no public key given).
report-custody-broken = WARNING: the chain of custody has integrity problems:
report-no-custody = No custody log was found next to the archive.
report-section-method = Method
report-method = Each piece of evidence is a zstd-compressed tar archive holding a BagIt bag (RFC 8493) and a signed manifest (Ed25519, minisign format). The seal hash is the SHA-256 (FIPS 180-4) of the archive file: any expert can recompute it with the standard sha256sum command, without scelle (see docs/VERIFY-WITHOUT-SCELLE.md). The verifications reported above were run again when this report was made. Times are given in the case's time zone, then in UTC; times that come from the examined host reflect its clock, which may be wrong; times in the journal and the custody logs are the signer's clock, unless timestamped (RFC 3161). "Seal" (scellé) here means a digital archive sealed by hash and signature: it is not a judicial seal within articles 56 and 97 of the French code de procédure pénale, which is the act of a judicial police officer or an investigating judge.
report-deadline-head-1 = Obligation
report-deadline-head-2 = Recipient
report-deadline-head-3 = Due
report-deadline-head-4 = State
report-deadline-head-5 = Met by
report-timeline-head-1 = No.
report-timeline-head-2 = Time
report-timeline-head-3 = Signer (per the keyring)
report-timeline-head-4 = Event
report-timeline-head-5 = Signing key
report-incomplete-head-1 = Path or command
report-incomplete-head-2 = Status
report-incomplete-head-3 = Reason
report-custody-head-1 = Time
report-custody-head-3 = Details
report-custody-head-2 = Event
report-custody-head-4 = Signer (per the keyring)
report-custody-head-5 = Signing key
report-impact-availability = availability
report-impact-integrity = integrity
report-impact-confidentiality = confidentiality
report-impact-traceability = traceability
report-notification-kind-early-warning = early warning
report-notification-kind-notification = notification
report-notification-kind-intermediate-report = intermediate report
report-notification-kind-final-report = final report
report-notification-kind-other = other
report-kind-file = files
report-kind-dir = directories
report-kind-symlink = symbolic links
report-kind-hardlink = hard links
report-kind-special = special files
report-kind-image = disk images
report-kind-command = command outputs

## A notification.
report-notified-to = Notified { $to ->
    [CONTROLLER] the controller
    [DATA-SUBJECTS] the persons concerned
   *[other] { $to }
}

## An item's acquisition status.
report-status-complete = complete
report-status-changed = changed
report-status-unreadable = unreadable
report-status-skipped = skipped
report-status-unreadable-ranges = unreadable-ranges
report-status-failed = failed
report-status-vanished = vanished

## Custody events.
report-event-sealed = sealed
report-event-timestamped = timestamped
report-event-timestamp-failed = timestamp-failed
report-event-transferred = transferred
report-event-received = received
report-event-verified = verified
report-event-copied = copied
report-event-extracted = extracted
report-event-note = note

## The legal basis of each duty.
report-basis-gdpr = GDPR art. 33(1)
report-basis-nis2-early = NIS2 art. 23(4)(a) (binding text: the French transposition)
report-basis-nis2-notification = NIS2 art. 23(4)(b) (binding text: the French transposition)
report-basis-nis2-final = NIS2 art. 23(4)(d) (binding text: the French transposition)
report-basis-oiv = French code de la défense, art. L. 1332-6-2 and R. 1332-41-10

## Which copy, and the page foot.
report-notice-annex = Annex no. { $number } to the procès-verbal de constat of { $date }
report-notice-counsel = Counsel's copy — CONFIDENTIAL: holds the assessment of notification deadlines; not to be annexed to the procès-verbal nor given to the other side.
report-footer-seal = seal
report-footer-seals = { $count } seals (see the sealed evidence)

## What the manifest records of the host and of the sealing.
report-host-os = Operating system
report-host-kernel = Kernel
report-host-machine-id = Machine id (machine-id)
report-host-time-zone = Host time zone
report-host-boot = Host boot time (host clock)
report-tool = Sealing tool
report-tool-value = scelle { $version }, SHA-256 of the executable { $sha256 }
report-sealing-legal-basis = Legal basis declared at sealing
report-sealing-examiner = Examiner declared at sealing
report-sealing-organization = Organisation declared at sealing
report-notes-intro = The responder's notes, recorded in the signed manifest:
report-manifest-sha256 = SHA-256 of the signed manifest (manifest.json)
report-appendix = Item list (attached file)
report-appendix-value = { $file }: { $items } items, with their SHA-256; SHA-256 of the attached file: { $sha256 }
report-timestamp-none = none: the manifest was not timestamped by a timestamping authority

## What a custody entry says of the step.
report-detail-to = to:
report-detail-means = means:
report-detail-location = place:
report-detail-text = note:
report-detail-result = result:

## The closing block.
report-section-signature = Making of this report
report-signature-author = Made by (name, quality)
report-signature-place-date = Place and date
report-signature-signature = Signature
report-signature-signed = This report is signed electronically with key { $key } (SHA-256 fingerprint { $fingerprint }); its signature is in the .minisig file that comes with it (check: minisign -Vm REPORT -p KEY.pub). Its SHA-256, given when it was made and written in the signature, goes in the procès-verbal.
report-signature-unsigned = This report is not signed electronically.

## The duties added with the regimes (GDPR art. 33(2) and 34, DORA).
report-duty-gdpr-controller = Processor informs the controller (without undue delay)
report-duty-gdpr-subjects = Communication of the breach to the persons concerned (high risk, without undue delay)
report-duty-dora-initial = DORA initial notification (4 hours after classification as major, 24 hours after awareness at the latest)
report-duty-dora-intermediate = DORA intermediate report (72 hours after the initial notification)
report-duty-dora-final = DORA final report (one month after the intermediate report)
report-basis-gdpr-controller = GDPR art. 33(2)
report-basis-gdpr-subjects = GDPR art. 34
report-basis-dora-initial = Regulation (EU) 2022/2554 (DORA) art. 19(4)(a) and its regulatory technical standards
report-basis-dora-intermediate = Regulation (EU) 2022/2554 (DORA) art. 19(4)(b) and its regulatory technical standards
report-basis-dora-final = Regulation (EU) 2022/2554 (DORA) art. 19(4)(c) and its regulatory technical standards
report-state-exempt = not owed: GDPR art. 34(3)({ $letter }) exemption relied on
report-state-exempt-unstated = not owed: exemption relied on
report-remark-delay-reasons = reasons for the delay: { $reasons }
report-remark-no-delay-reasons = WITHOUT the reasons for the delay GDPR art. 33(1) requires
report-recipient-CONTROLLER = the controller
report-recipient-DATA-SUBJECTS = the persons concerned

## The clocks.
report-occurred = Incident occurred (declared)
report-aware = Awareness (starts the GDPR, NIS2 and DORA clocks)
report-high-risk = High risk to persons (GDPR art. 34)
report-processor = The organisation is a processor (GDPR art. 33(2))
report-dora = Financial entity under DORA
report-dora-classified = DORA classification as a major incident

## The journal's own timestamps (case verbs with --tsa).
report-journal-timestamps = RFC 3161 timestamps of the journal (each vouches for the entry it stamps and, through the chain, every entry before it):
report-event-journal-timestamped = RFC 3161 timestamp of entry no. { $line } (TSA time: { $time })
report-event-journal-timestamp-failed = Timestamp of entry no. { $line } asked of { $tsa }, without success

## Baselines and audits recorded in the journal (--case-dir).
report-event-baseline-recorded = Signed integrity baseline (scelle baseline) of { $paths }: { $items } items, file { $reference } (SHA-256 { $sha256 })
report-event-audit-run = Audit of { $paths } against { $reference } (SHA-256 { $sha256 }): { $differences ->
        [0] no difference
        [one] { $differences } difference
       *[other] { $differences } differences
    } ({ $items } items examined)

## The steps of the response (scelle case done), counsel's copy.
report-section-steps = Steps of the response
report-steps-head-1 = Step
report-steps-head-2 = Done
report-steps-head-3 = Journal entry
report-step-pending = to do
report-step-documented = Document (journal kept)
report-step-backups-secured = Secure the backups out of reach
report-step-notified = Notify
report-step-scene-frozen = Freeze the scene on an isolated platform (sealing)
report-step-backups-inspected = Inspect the backups before going back into production
report-step-communication = Controlled communication
report-step-dpo-informed = DPO informed
report-step-counsel-informed = Counsel informed
report-step-legal-action = Criminal (art. 323-1 ff. code pénal) or civil (art. 145 CPC) action decided
report-event-step-done = Step done: { $step }

## The breach (GDPR art. 33(3)): the notification to the CNIL and the register.
report-breach-title-cnil = Personal data breach notification to the CNIL — content (GDPR art. 33(3))
report-breach-title-register = Personal data breach register — entry (GDPR art. 33(5))
report-breach-notice-cnil = Preparatory document: to be entered in the CNIL's notification service. The information may be provided in phases (art. 33(4)).
report-breach-notice-register = The controller documents any breach: the facts, its effects and the remedial action taken (art. 33(5)).
report-breach-section-controller = Controller
report-breach-section-dates = Dates
report-breach-section-description = Nature and extent of the breach
report-breach-section-subjects = Communication to the persons concerned (art. 34)
report-breach-section-notifications = Notifications made to the CNIL (initial and complementary, art. 33(4))
report-breach-section-missing = To complete before sending
report-breach-missing = to complete
report-breach-organization = Organisation
report-breach-dpo = Data protection officer (name and contact)
report-breach-occurred = Breach began
report-breach-ended = Breach ended
report-breach-aware = Awareness
report-breach-nature = Nature of the breach
report-breach-persons-categories = Categories of persons concerned
report-breach-persons-approx = Approximate number of persons concerned
report-breach-records-categories = Categories of records concerned
report-breach-records-approx = Approximate number of records concerned
report-breach-consequences = Likely consequences
report-breach-measures = Measures taken or proposed, including to mitigate its effects
report-breach-subjects-no-high-risk = No high risk to the rights and freedoms of persons declared: no communication to them required at this stage.
report-breach-subjects-exempt = High risk declared; art. 34(3)({ $letter }) exemption relied on: no individual communication.
report-breach-subjects-owed = High risk declared: the breach must be communicated to the persons concerned without undue delay.
report-breach-no-notification = No notification to the CNIL is recorded in the journal.
report-breach-initial = initial
report-breach-complementary = complementary
report-breach-notifications-head-1 = Notification
report-breach-notifications-head-2 = Sent
report-breach-notifications-head-3 = Reference
report-breach-notifications-head-4 = Kind
report-breach-notifications-head-5 = Acknowledgement (hash)
report-breach-notifications-head-6 = Reasons for the delay
report-event-breach-assessed = Breach assessment recorded (GDPR art. 33(3))

## Annexes for counsel: requête art. 145 CPC, criminal complaint.
report-annex-title-requete = Exhibit list — requête under article 145 of the French code de procédure civile
report-annex-notice-requete = Draft made from the incident case file, for counsel to complete and sign.
report-annex-title-complaint = Elements for a criminal complaint — attack on an automated data processing system (art. 323-1 ff. of the French code pénal)
report-annex-notice-complaint = Draft made from the incident case file, for counsel to complete; to be filed with a specialised unit, not a local police station.
report-annex-section-to-fill = For counsel to complete
report-annex-court = Court seized (président du tribunal judiciaire de …)
report-annex-measures = Measures of inquiry sought
report-annex-legitimate-reason = Legitimate reason to preserve or establish the evidence
report-annex-addressee = Addressee
report-annex-addressees = the public prosecutor at the Paris tribunal judiciaire (cybercrime section), or the BEFTI (Paris area), the OFAC, the C3N (gendarmerie)
report-annex-qualification = Offence considered
report-annex-qualification-hint = fraudulent access or remaining (art. 323-1 C. pén.), hindering (art. 323-2), fraudulent introduction, extraction or alteration of data (art. 323-3) — for counsel to assess
report-annex-section-exhibits = Exhibits
report-annex-exhibits-head-1 = Exhibit no.
report-annex-exhibits-head-2 = Description
report-annex-exhibits-head-3 = SHA-256
report-annex-exhibit-seal = Digital seal { $id } (file { $archive }, { $items } items), with its chain of custody
report-annex-exhibit-journal = Signed journal of the incident case file (hash of its last line)
report-annex-exhibit-report = Incident and digital evidence report (scelle report), signed
report-annex-section-chronology = Chronology (signed journal)
report-annex-section-victim = The victim
report-annex-section-facts = The facts (signed journal)
report-annex-section-harm = The harm
report-annex-harm-amount = Harm in figures

## NIS2 reports asked for, and the progress report.
report-duty-nis2-intermediate = NIS2 intermediate report (on request, by the time given)
report-duty-nis2-progress = NIS2 progress report (incident ongoing at the final report's deadline)
report-basis-nis2-intermediate = NIS2 art. 23(4)(c) (binding text: the French transposition)
report-basis-nis2-progress = NIS2 art. 23(4)(e) (binding text: the French transposition)
report-step-incident-handled = Incident handled (its handling ended)
report-event-report-requested = Intermediate report asked for by { $from }, due by { $due }
