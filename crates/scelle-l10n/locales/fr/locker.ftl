# scelle locker : le coffre à preuves (S3 Object Lock).

locker-none = (aucun)
locker-empty = aucune archive à cet endroit
locker-seal = scellé :   { $seal } (consigné dans sa première entrée de possession ; { $entries ->
    [one] { $entries } entrée verrouillée
   *[other] { $entries } entrées verrouillées
})
locker-grant = { $host } : { $file } -> { $archive } (jusqu'au { $until } ; ne remettez ce fichier qu'à cette machine)
locker-fetched = récupéré : { $bytes } octets
locker-sha256 = SHA-256 :  { $sha256 }
locker-file = fichier :  { $file }
locker-not-kept = NON GARDÉ : l'empreinte SHA-256 n'est pas celle du scellé donnée avec --expect
locker-object = objet :    { $url }
locker-version = version :  { $version }
locker-lock = verrou :   { $mode } jusqu'au { $until }
locker-lock-held = verrou :   { $mode } jusqu'au { $until }, conservation légale
locker-versions = versions : { $count } pour cette clé dans le coffre
locker-versions-one = versions : { $count } pour cette clé dans le coffre (jamais réécrite)
locker-warning = ATTENTION : { $warning }
locker-no-lock = ATTENTION : aucune rétention n'est en vigueur sur cette version : le coffre ne la protège pas (maintenant) contre l'effacement ou le remplacement
locker-custody = entrées de possession verrouillées : { $entries } sous { $prefix }
locker-custody-gap = {"  "}entrées 0 à { $last } contrôlées comme une chaîne ; les autres suivent une lacune (une entrée ajoutée sans --locker) et n'ancrent que la chaîne donnée avec --log
locker-custody-none = {"  "}ATTENTION : aucune entrée de scellé verrouillée (00000000.json) : l'empreinte n'est pas consignée dans le coffre ; cette archive a-t-elle été scellée dedans par scelle ?
locker-log-given = chaîne de possession donnée : { $log }
locker-overall-custody = ensemble :   NON INTÈGRE (l'archive est correcte, mais pas sa chaîne de possession : voir les anomalies ci-dessus)
locker-overall = ensemble :   { $verdict } (l'archive et ses entrées de possession ; le verrou est indiqué plus haut)
locker-verdict-intact = INTÈGRE
locker-verdict-authentic = AUTHENTIQUE, non rattachée au procès-verbal
locker-verdict-unauthenticated = NON AUTHENTIFIÉE
locker-verdict-not-intact = NON INTÈGRE
