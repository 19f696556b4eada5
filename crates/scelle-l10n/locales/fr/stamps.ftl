# Horodatages, signatures détachées et la ligne de résumé du rapport.

timestamp-token = horodatage :  { $time } de { $stamped } par { $tsa } (jeton { $token }, numéro de série { $serial }, politique { $policy })
timestamp-token-only = horodatage :  jeton { $token }
timestamp-unnamed-tsa = une autorité d'horodatage sans nom
timestamp-not-valid = {"              "}NON VALIDE :
timestamp-valid = {"              "}valide ; le certificat de l'autorité d'horodatage remonte à --tsa-ca
timestamp-unauthenticated = {"              "}signature valide, mais l'autorité d'horodatage n'est PAS AUTHENTIFIÉE (donnez --tsa-ca)
timestamp-openssl-agrees = {"              "}openssl ts -verify rend le même verdict
timestamp-openssl-disagrees = {"              "}openssl ts -verify n'est PAS D'ACCORD (voir les problèmes)
timestamp-nonce-unchecked = {"              "}nonce non vérifié (pas d'entrée d'horodatage correspondante dans la chaîne de possession)
timestamp-offset = {"              "}heure de signature déclarée par la machine { $host } ; heure de l'autorité moins heure de la machine : { $offset } s
timestamp-obtained = horodaté le { $time } par { $tsa } (numéro de série { $serial }, politique { $policy }) ; jeton écrit dans { $token }

signature-ok = OK      { $file } : signé par la clé { $key } ({ $algorithm })
signature-comment = {"        "}commentaire de confiance : { $comment }
signature-failed = ÉCHEC   { $file } : { $error }
signature-written = signé { $file } -> { $signature }

report-written = rapport écrit dans { $path } : { $archives } archive(s), dont { $failed } non intègre(s) ; journal { $journal }
report-journal-consistent = cohérent
report-journal-not-intact = NON INTÈGRE
report-written-sha256 = {"  "}SHA-256 du rapport (pour le procès-verbal) : { $sha256 }
report-written-signed = {"  "}signé : { $signature }
report-written-unsigned = {"  "}non signé (--unsigned)
report-written-items = {"  "}liste des éléments { $path } (SHA-256 { $sha256 }, citée dans le rapport)
