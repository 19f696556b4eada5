# scelle case status: where the case stands.

case-status-case = case { $id } — { $title }
case-status-discovered = discovered: { $time }
case-status-as-of = as of:      { $time }
case-status-journal-intact = journal:    { $entries } entries, intact, signers checked
case-status-journal-unchecked = journal:    { $entries } entries, consistent, signers NOT checked (give --pubkey or --keyring)
case-status-journal-broken = journal:    { $entries } entries, NOT INTACT
case-status-receipt = receipt:    { $entries } entries, head SHA-256 { $head } (keep both; later, case status --entries { $entries } --head { $head } shows whether an entry was dropped)
case-status-no-deadline = deadlines: none (no personal data, not NIS2, not DORA, not OIV)
case-status-deadlines = deadlines:
case-status-deadline = {"    "}to { $recipient }, due { $due }: { $state }
case-status-met-by = {"    "}met by: { $by }
case-status-steps = steps of the response (scelle case done STEP):
case-status-step-done = {"  "}[x] { $name }: { $time } (journal entry { $line })
case-status-step-pending = {"  "}[ ] { $name }
case-status-no-evidence = evidence sealed: none yet (scelle freeze --case-dir)
case-status-evidence = evidence sealed:
case-status-sealed = {"  "}{ $id }  seal { $seal }  { $items } items, { $bytes } bytes, { $incomplete } incomplete

## What each case verb says once done (entries numbered as the report numbers them).
case-said-opened = case { $id } opened in { $dir }: journal signed by { $key }; deadlines: scelle case status --dir { $dir }
case-said-logged = journal entry { $line } recorded at { $time }
case-unknown-recipient = warning: "{ $name }" is not a body scelle knows ({ $known }): the notification is recorded, but it discharges no deadline; if you meant one of them, record it again under that name
case-said-notified = notification to { $to } recorded (journal entry { $line })
case-said-impact = impact set to { $impact } (journal entry { $line })
case-said-request = intermediate report asked by { $from } recorded (journal entry { $line }); its deadline: scelle case status
case-said-done = step { $step } recorded as done (journal entry { $line })
case-said-breach = breach assessment recorded (journal entry { $line }); what the CNIL still needs: scelle case export cnil --out FILE.html
case-said-no-impact = none
