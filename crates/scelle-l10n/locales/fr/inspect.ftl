# scelle inspect : ce que dit l'enregistrement, résumé d'abord.

inspect-not-verified = NON VÉRIFIÉ : ceci lit seulement l'enregistrement ; lancez `scelle verify --pubkey CLE.pub` pour le vérifier.
inspect-evidence-id = scellé :          { $value }
inspect-case = affaire :         { $value }
inspect-legal-basis = fondement :       { $value }
inspect-examiner = intervenant :     { $value }
inspect-notes = notes :           { $value }
inspect-host = machine :         { $value }
inspect-machine = identité :        { $value }
inspect-machine-id = machine-id { $value }
inspect-booted = démarrée le { $value }
inspect-time-zone = fuseau { $value }
inspect-started = début :           { $value }
inspect-by = par { $operator } (uid { $uid })
inspect-command-line = commande :        { $value }
inspect-tool = outil :           { $value }
inspect-ended = fin :             { $value }
inspect-signer = signé par :       clé { $key } (SHA256:{ $fingerprint }){ $source }
inspect-totals = totaux :          { $items } éléments, { $files ->
    [one] { $files } fichier conservé
   *[other] { $files } fichiers conservés
} ({ $bytes } octets) : { $complete } complets, { $changed } modifiés pendant la lecture, { $unreadable } illisibles, { $skipped } non collectés, { $failed } commandes en échec, { $vanished } disparus
inspect-incomplete = incomplets :
inspect-items = éléments :
inspect-items-hint = éléments :       non listés ; scelle inspect --items ARCHIVE les liste (--kind, --status, --path pour filtrer ; --json pour un programme)
