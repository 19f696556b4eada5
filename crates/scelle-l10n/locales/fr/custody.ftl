# scelle custody show|verify et les commandes de possession : la chaîne de possession en texte.

custody-log = chaîne de possession : { $log }
custody-who-key = clé { $key }
custody-who-unknown = CLÉ INCONNUE { $key }
custody-who-not-checked = clé { $key } (non vérifiée)
custody-who-via = { $who }, par { $kind }
custody-archive-seal = empreinte du scellé (SHA-256) : { $seal }
custody-warning = avertissement, ligne { $line } : { $message }
custody-finding = ANOMALIE, ligne { $line } : { $message }
custody-more-findings = ... et { $count } autres anomalies, non listées
custody-verdict-intact = verdict : chaîne de possession INTÈGRE
custody-verdict-unauthenticated = verdict : aucune anomalie, mais signataires NON AUTHENTIFIÉS (donnez --pubkey ou --keyring)
custody-verdict-broken = verdict : chaîne de possession ROMPUE
custody-checked = { $entries } entrées ; { $verdict }
custody-recorded = « { $event } » consigné comme entrée n° { $number } de { $log } (signé par la clé { $key })
custody-receipt = reçu :       { $entries } entrées, SHA-256 de la dernière ligne { $head } (à porter au procès-verbal ; plus tard, scelle custody verify --entries { $entries } --head { $head } prouve qu'aucune entrée jusqu'ici n'a été retirée)
custody-more-entries = ... et { $count } autres entrées vérifiées (signature et chaînage), non listées ; leurs jetons d'horodatage éventuels n'ont pas été vérifiés
