# scelle verify (et extract, locker verify) : le compte rendu lisible d'une vérification.

verify-source = source :           { $source } ({ $kind })
verify-evidence-id = scellé :           { $id }
verify-no-evidence-id = (aucun identifiant trouvé)
verify-seal-matches = empreinte SHA-256 : { $seal } (égale à --expect)
verify-seal-differs = empreinte SHA-256 : { $seal } (DIFFÉRENTE de --expect)
verify-seal-not-compared = empreinte SHA-256 : { $seal } (aucun --expect : comparez-la au procès-verbal)
verify-checked = vérifié :          { $members } { $members ->
        [one] fichier
       *[other] fichiers
    } d'archive ; { $files } { $files ->
        [one] fichier
       *[other] fichiers
    } de contenu ({ $bytes } octets) { $files ->
        [one] haché
       *[other] hachés
    } ; manifestes du sac ; manifest.json ({ $items } { $items ->
        [one] élément
       *[other] éléments
    }, dont { $incomplete } { $incomplete ->
        [one] incomplet
       *[other] incomplets
    } à l'acquisition)
verify-signature-verified = signature :        valide, clé { $key } ; commentaire de confiance : { $comment }
verify-signature-invalid = signature :        NON VALIDE pour la clé { $key } (voir les anomalies)
verify-signature-other-key = signature :        faite avec la clé { $key }, PAS avec la clé que vous avez donnée (voir les anomalies)
verify-checked-stopped = vérifié :          seulement les { $members } premiers fichiers d'archive ({ $files } fichiers de contenu, { $bytes } octets) : l'archive n'a pas pu être lue plus loin, et rien après le dommage n'a été vérifié
verify-checked-nothing = vérifié :          rien : le fichier n'est pas une archive scelle
verify-knock-on = {"  "}+ { $count ->
    [one] { $count } autre anomalie qui ne fait que découler de ce qui précède, non listée
   *[other] { $count } autres anomalies qui ne font que découler de ce qui précède, non listées
} : { $kinds }
verify-signature-not-checked = signature :        NON VÉRIFIÉE : aucune --pubkey donnée, le signataire (clé { $key }) n'est donc pas authentifié
verify-signature-missing = signature :        ABSENTE ou inutilisable (voir les anomalies)
verify-key-pinned = clé SHA-256 :      SHA256:{ $fingerprint } (égale à --fingerprint)
verify-key-in-keyring = clé SHA-256 :      SHA256:{ $fingerprint } (dans le trousseau --keyring)
verify-key-compare = clé SHA-256 :      SHA256:{ $fingerprint } (comparez-la au procès-verbal ; un identifiant de clé seul peut être forgé)
verify-key-kept = clé :             { $source }
verify-warning = AVERTISSEMENT :    { $warning }
verify-findings-none = anomalies :        aucune
verify-findings = anomalies :        { $count }
verify-findings-more = ... et { $count } autres, non listées
verify-recorded = attendu :
verify-found = constaté :
verify-verdict-intact = verdict :          INTÈGRE ({ $anchors })
verify-anchor-seal = empreinte du scellé égale à --expect
verify-anchor-fingerprint = clé de signature égale à --fingerprint
verify-anchor-keyring = clé de signature dans le trousseau --keyring
verify-verdict-authentic = verdict :          AUTHENTIQUE — empreinte non comparée au procès-verbal (signature valide, mais donnez --expect EMPREINTE ou --fingerprint pour la rattacher au procès-verbal)
verify-verdict-unauthenticated = verdict :          aucune anomalie, mais NON AUTHENTIFIÉ (donnez --pubkey)
verify-verdict-not-intact = verdict :          NON INTÈGRE
