# scelle key, baseline et audit : ce qu'ils ont écrit ou trouvé.

key-secret = clé secrète :    { $path }
key-secret-clear = clé secrète :    { $path } (NON chiffrée)
key-public = clé publique :   { $path }
key-public-held = clé publique :   { $path } ({ $held })
key-on-token = paire de clés :  créée sur le jeton, clé privée non extractible ({ $token })
key-id = identifiant :    { $id }
key-fingerprint = empreinte :      SHA256:{ $fingerprint }
key-check = contrôle :       tail -n 1 { $path } | base64 -d | sha256sum
key-passphrase-new = Phrase de passe de la nouvelle clé :{" "}

baseline-written = référence :  { $path } ({ $items } éléments)
baseline-signature = signature :  { $path }
baseline-sha256 = SHA-256 :    { $sha256 }
audit-summary = audit contre { $baseline } ({ $items } éléments ; { $now } maintenant) : { $differences ->
    [0] aucune différence
    [one] { $differences } différence
   *[other] { $differences } différences
}
audit-critical = CRITIQUE
audit-high = élevée
audit-medium = moyenne
audit-low = faible
audit-from = (depuis { $path })
audit-recorded = consigné au journal du dossier : entrée { $entry }
