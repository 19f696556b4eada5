# scelle case status : où en est le dossier.

case-status-case = dossier { $id } — { $title }
case-status-discovered = découverte :     { $time }
case-status-as-of = état au :        { $time }
case-status-journal-intact = journal :        { $entries } entrées, intègre, signataires vérifiés
case-status-journal-unchecked = journal :        { $entries } entrées, cohérent, signataires NON vérifiés (donnez --pubkey ou --keyring)
case-status-journal-broken = journal :        { $entries } entrées, NON INTÈGRE
case-status-receipt = reçu :           { $entries } entrées, SHA-256 de la dernière ligne { $head } (à conserver ; plus tard, case status --entries { $entries } --head { $head } montre si une entrée a été retirée)
case-status-no-deadline = délais : aucun (ni données personnelles, ni NIS2, ni DORA, ni OIV)
case-status-deadlines = délais :
case-status-deadline = {"    "}destinataire : { $recipient } ; échéance : { $due } ; état : { $state }
case-status-met-by = {"    "}accomplie par : { $by }
case-status-steps = étapes de la réponse (scelle case done ÉTAPE) :
case-status-step-done = {"  "}[x] { $step } : { $time } (entrée n° { $line })
case-status-step-pending = {"  "}[ ] { $step } ({ $name })
case-status-no-evidence = scellés : aucun pour l'instant (scelle freeze --case-dir)
case-status-evidence = scellés :
case-status-sealed = {"  "}{ $id }  empreinte { $seal }  { $items } éléments, { $bytes } octets, { $incomplete } incomplets

## Ce que dit chaque verbe du dossier (entrées numérotées comme dans le rapport).
case-said-opened = dossier { $id } ouvert dans { $dir } : journal signé par { $key } ; délais : scelle case status --dir { $dir }
case-said-logged = entrée n° { $line } du journal consignée le { $time }
case-unknown-recipient = attention : « { $name } » n'est pas un destinataire que scelle connaît ({ $known }) : la notification est consignée, mais elle ne décharge aucun délai ; si vous pensiez à l'un d'eux, consignez-la de nouveau sous ce nom
case-said-notified = notification { $to ->
        [CNIL] à la CNIL
        [ANSSI] à l'ANSSI
       *[other] à { $to }
    } consignée (entrée n° { $line } du journal)
case-said-impact = catégories d'atteinte déclarées : { $impact } (entrée n° { $line } du journal)
case-said-request = rapport intermédiaire demandé par { $from } consigné (entrée n° { $line } du journal) ; son échéance : scelle case status
case-said-done = étape { $step } consignée comme accomplie (entrée n° { $line } du journal)
case-said-breach = évaluation de la violation consignée (entrée n° { $line } du journal) ; ce qu'il manque pour la CNIL : scelle case export cnil --out FICHIER.html
case-said-no-impact = aucune
