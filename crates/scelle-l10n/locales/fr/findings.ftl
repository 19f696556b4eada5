# Findings of the checks, by kind, in words for the report: what is wrong
# and what it means for the evidence. Ids: finding-<check>-<kind>.

## Where and which values.
finding-member = fichier { $member }
finding-line = ligne { $line }
finding-offset = octet { $offset }
finding-expected = attendu :
finding-found = constaté :

## Verification of an archive (scelle verify).
finding-verify-not-an-archive = le fichier n'est pas du tout une archive scelle (pas un flux zstd) : mauvais fichier donné, ou archive remplacée
finding-verify-seal-mismatch = l'empreinte SHA-256 de l'archive n'est pas celle attendue : ce n'est pas le scellé consigné
finding-verify-compressed-stream = le flux compressé (zstd) est endommagé : l'archive a été altérée ou mal copiée
finding-verify-truncated = l'archive s'arrête avant sa fin : elle est tronquée (copie incomplète ou coupée)
finding-verify-trailing-data = des octets suivent la fin de l'archive : ils ont été ajoutés après la mise sous scellé
finding-verify-tar-structure = la structure tar est corrompue ou d'un type que scelle n'écrit jamais
finding-verify-non-canonical-header = l'en-tête tar d'un fichier n'est pas celui que scelle écrit : l'archive a été refaite ou un champ modifié (droits, propriétaire, date)
finding-verify-unsafe-name = un nom de fichier pourrait sortir du répertoire d'extraction ou n'est pas canonique
finding-verify-not-regular-file = l'archive contient autre chose qu'un fichier ordinaire (lien, répertoire, périphérique)
finding-verify-unexpected-member = l'archive contient un fichier étranger au format de scelle
finding-verify-duplicate-member = un même nom figure deux fois dans l'archive
finding-verify-member-order = les fichiers ne sont pas dans l'ordre que fixe le format : l'archive a été refaite
finding-verify-content-mismatch = le contenu d'un fichier diffère de l'empreinte consignée : il a été modifié
finding-verify-missing-member = un fichier consigné dans le manifeste manque dans l'archive
finding-verify-unlisted-member = un fichier de l'archive n'est consigné dans aucun manifeste : il a été ajouté
finding-verify-tag-file = un fichier obligatoire du sac BagIt manque ou est mal formé
finding-verify-manifest = le manifeste signé (manifest.json) est mal formé ou contredit le contenu
finding-verify-signature = la signature du manifeste manque, n'est pas valide ou émane d'une autre clé
finding-verify-key-not-pinned = la clé qui a signé n'est pas celle dont l'empreinte a été donnée
finding-verify-file-name = le nom du fichier d'archive n'est pas celui du scellé qu'il contient
finding-verify-format-version = scellé dans une ancienne version du format, dont l'intégrité ne peut être prouvée en entier

## The custody log beside an archive, and the case journal (same checks).
finding-custody-torn-line = la dernière ligne est incomplète (écriture interrompue)
finding-custody-line-too-long = une ligne dépasse la taille permise
finding-custody-empty-log = le fichier est vide
finding-custody-not-an-entry = une ligne n'est pas une entrée valide
finding-custody-bad-public-key = la clé publique d'une entrée est illisible
finding-custody-key-id-mismatch = l'identifiant de clé d'une entrée ne correspond pas à sa clé
finding-custody-bad-signature = la signature d'une entrée n'est pas valide : l'entrée a été modifiée
finding-custody-sequence = la numérotation des entrées est rompue : une entrée a été retirée, insérée ou déplacée
finding-custody-broken-link = une entrée n'est pas chaînée à la précédente : le fichier a été modifié
finding-custody-first-event = la première entrée n'est pas celle qui ouvre le fichier
finding-custody-missing-seal = la mise sous scellé ne consigne pas d'empreinte
finding-custody-seal-mismatch = l'empreinte consignée n'est pas celle de l'archive examinée
finding-custody-other-evidence = une entrée concerne un autre scellé
finding-custody-unknown-signer = une entrée est signée par une clé absente du trousseau : son auteur n'est pas établi
finding-custody-head-missing = la dernière entrée consignée ailleurs n'y figure plus : des entrées ont été retirées
finding-custody-clock-backwards = l'heure d'une entrée précède celle de la précédente (horloge du signataire)
finding-custody-bad-time = l'heure d'une entrée est illisible

## The case file.
finding-case-journal-chain = le journal du dossier est rompu : une entrée manque, a été modifiée ou n'est pas chaînée
finding-case-unreadable-entry = une entrée du journal du dossier est illisible
finding-case-case-file-differs = case.json ne correspond pas à ce que le journal signé consigne (le journal prévaut)
finding-case-case-file-unreadable = case.json est illisible (le journal signé prévaut)
finding-case-impossible-chronology = chronologie impossible : une date consignée précède la découverte de l'incident, ou un rapport final précède la notification

## Found while the report is made.
finding-report-journal-head-missing = le journal du dossier ne contient plus la ligne sur laquelle ce scellé a été fait : des entrées ont été retirées ou réécrites
finding-report-not-in-journal = le journal du dossier ne consigne pas la mise sous scellé de cette archive, alors qu'elle a été faite pour ce dossier : l'entrée a été retirée, ou la mise sous scellé s'est arrêtée avant de l'écrire
finding-report-manifest-unreadable = le manifeste signé (manifest.json) est illisible
