# La démonstration de scelle, et scelle profile.

demo-title = == démonstration de scelle dans { $dir }
demo-scene = {"\u000A"}1. Un serveur web compromis, tel que trouvé : { $scene }
demo-scene-what = {"   "}les journaux nginx de l'intrusion, un webshell PHP dans uploads/, un fichier dont le nom contient un saut de ligne, la clé SSH de l'attaquant, une tâche cron, un lien symbolique et une FIFO.
demo-key = {"\u000A"}2. Une clé d'intervenant jetable (non chiffrée, pour la démonstration seulement) : identifiant { $id }
demo-case = {"\u000A"}3. scelle case init : le dossier d'incident, découvert il y a 3 heures, données personnelles concernées : { $dir }
demo-freeze = {"\u000A"}4. scelle freeze --case-dir : lire chaque fichier une fois, hacher, archiver, signer, sceller.{"\u000A"}
demo-verify = {"\u000A"}5. scelle verify, comme l'expert judiciaire le lancerait :{"\u000A"}
demo-flipped = {"\u000A"}6. Un bit inversé à l'octet { $byte } d'une copie ({ $copy }) :{"\u000A"}
demo-custody = {"\u000A"}7. La chaîne de possession ({ $log }) commence par le scellé : { $entries ->
    [one] { $entries } entrée
   *[other] { $entries } entrées
}, { $state }.
demo-custody-intact = intègre
demo-custody-broken = ROMPUE
demo-custody-next = {"   "}Pour la remettre : scelle custody transfer --key CLE --to "NOM, QUALITÉ" { $archive }
demo-report = {"\u000A"}8. scelle report : délais, chronologie, preuves, chaîne de possession, pour le commissaire de justice :{"\u000A"}
demo-report-next = {"   "}Ouvrez-le dans un navigateur et imprimez-le en PDF. Les délais maintenant : scelle case status --dir { $dir }
demo-by-hand = {"\u000A"}9. Sans scelle, avec des outils standard seulement :
demo-caught = {"\u000A"}L'original est vérifié INTÈGRE et la copie altérée est détectée.
demo-unexpected = {"\u000A"}INATTENDU : la démonstration ne s'est pas comportée comme elle le doit ; merci de le signaler.

profile-name = profil :   { $name } (SHA-256 { $sha256 })
profile-about = objet :    { $about }
profile-commands = commandes, lancées d'abord, dans cet ordre :
profile-timeout = [délai { $seconds } s]
profile-paths = chemins :
profile-max-size = fichiers de plus de { $size } consignés seulement
profile-metadata-only = métadonnées seulement
profile-follows-symlinks = suit les liens symboliques
