# scelle freeze : le résumé de la mise sous scellé.

freeze-archive = archive :              { $archive }
freeze-custody-log = chaîne de possession : { $log }
freeze-custody-head = tête de la chaîne :    { $head }
freeze-unknown = (inconnue)
freeze-evidence-id = scellé :               { $id }
freeze-seal = empreinte SHA-256 :    { $seal }
freeze-size = taille :               { $bytes } octets
freeze-head = { $entries ->
    [one] { $entries } entrée
   *[other] { $entries } entrées
}, SHA-256 de la dernière ligne { $sha256 }
freeze-items = éléments :             { $items } ({ $files ->
    [one] { $files } fichier conservé
   *[other] { $files } fichiers conservés
}, { $bytes } octets ; { $complete } complets, { $changed } modifiés pendant la lecture, { $unreadable } illisibles, { $skipped } non collectés, { $failed } commandes en échec, { $vanished } disparus)
freeze-signed = signé par :            clé { $key } (SHA256:{ $fingerprint }){ $source }
freeze-time = heure (machine) :      { $started } -> { $ended }
freeze-locked = verrouillé :           { $url } version { $version } — { $mode } jusqu'au { $until }{ $hold } (relu auprès du dépôt)
freeze-entry-locked = entrée verrouillée :   { $url } version { $version } — { $mode } jusqu'au { $until }{ $hold } (relu auprès du dépôt)
freeze-legal-hold = , conservation légale
freeze-incomplete = INCOMPLET :            { $count } éléments
freeze-incomplete-more = {"  "}... et { $count } autres (les { $shown } premiers sont affichés ; tous figurent dans manifest.json)

# Ce qu'une opération en cours signale sur la sortie d'erreur.
event-mounted-read-write = scelle : ATTENTION : { $device } est monté en LECTURE-ÉCRITURE ({ $mounts }) : l'image ne sera pas cohérente, et le volume peut changer pendant sa lecture. Démontez-le ou remontez-le en lecture seule si possible.
event-timestamped = horodatage :  { $time } par { $tsa } (jeton { $token })
event-no-timestamp = scelle : ATTENTION : pas d'horodatage qualifié : { $error }. { $later }
