# Le résumé de chaque commande dans l'aide (--help), en français ; l'anglais
# est dans les commentaires de cli.rs (help-<commande>[-<sous-commande>]).

help-scelle = scelle met des preuves numériques sous scellés : une archive signée et vérifiable, que chacun peut contrôler, avec scelle ou avec des outils standard.
help-after = Exemples :
  scelle demo
  scelle key generate --out /media/usb/dupont
  scelle freeze --key /media/usb/dupont.key --out /media/usb --profile linux-web /srv/app
  scelle verify --pubkey dupont.pub --expect <empreinte> web01-20261125T091500Z.tar.zst
  scelle custody transfer --key dupont.key --to "Camille Martin, expert" web01-20261125T091500Z.tar.zst

  Codes de sortie : 0 succès ou intègre, 1 la preuve n'a pas passé la vérification,
  2 erreur d'utilisation ou d'entrée, 3 acquisition terminée avec des éléments incomplets,
  4 authentique mais non rattaché au procès-verbal, 130 interrompu (Ctrl-C).
help-example = Exemple :
help-demo = Construire une scène de démonstration, la sceller, la vérifier, et montrer qu'une altération est détectée
help-freeze = Sceller des fichiers et dossiers dans DOSSIER/<ID>.tar.zst, signé avec la clé
help-verify = Vérifier une archive scellée (ou un sac extrait) : chaque empreinte, les manifestes du sac, manifest.json et sa signature, en une passe
help-extract = Vérifier une archive en l'extrayant dans DOSSIER/<ID>/ (noms d'origine, lecture seule, dates consignées) ; ne garde rien si un contrôle échoue
help-inspect = Montrer ce qu'une archive consigne (dossier, machine, acquisition, signataire, totaux, éléments incomplets ; les éléments avec --items) sans l'extraire ni la vérifier
help-baseline = Hacher et consigner une arborescence sans la copier : une référence d'intégrité signée
help-audit = Comparer une arborescence vivante ou une sauvegarde restaurée à une référence signée ou à une archive scellée
help-custody = La chaîne de possession qui accompagne une archive (<ID>.custody.jsonl)
help-case = Le dossier d'incident : faits, journal signé, délais de notification
help-report = Écrire le rapport du dossier (HTML à imprimer, ou Markdown) en revérifiant chaque archive donnée, signé (FICHIER.minisig), avec la liste des éléments de chaque archive
help-timestamp = Horodater le manifeste d'une archive scellée (ou tout fichier) auprès d'une autorité RFC 3161, pour l'intervenant hors ligne au moment du scellé
help-key = Créer et afficher des paires de clés compatibles minisign
help-locker = Le coffre à preuves (S3 Object Lock) : état du verrou, et récupération d'une version verrouillée
help-profile = Lister et afficher les profils de collecte
help-manpage = Imprimer la page de manuel (roff) sur la sortie standard
help-completions = Imprimer un script de complétion pour le shell sur la sortie standard
help-sign = Signer des fichiers : écrit FICHIER.minisig, vérifiable avec `minisign -Vm FICHIER -p CLE.pub`
help-verify-signature = Vérifier des signatures FICHIER.minisig avec une clé publique
help-key-generate = Créer PREFIXE.key (secrète, mode 0600) et PREFIXE.pub ; n'écrase jamais rien. Avec --pkcs11 URI, la paire est créée sur le jeton et seul PREFIXE.pub est écrit
help-key-show = Afficher l'identifiant et l'empreinte SHA-256 d'une clé publique (pour le procès-verbal)
help-key-export = Écrire la clé publique minisign (.pub) d'une clé détenue par un ssh-agent ou un jeton PKCS#11 (ou d'un fichier de clé), pour les experts et les trousseaux
help-custody-show = Montrer la chaîne : qui a détenu la preuve, quand, et ce qu'il en a fait
help-custody-verify = Contrôler chaque maillon et chaque signature, les signataires, et l'empreinte de l'archive
help-custody-transfer = Consigner la remise de la preuve (signée par celui qui s'en dessaisit)
help-custody-receive = Consigner la prise en charge de la preuve (signée par celui qui la reçoit)
help-custody-note = Ajouter une note signée
help-case-init = Ouvrir un dossier : DOSSIER/case.json et DOSSIER/journal.jsonl, sa première entrée signée avec --key
help-case-log = Ajouter au journal une entrée signée et datée : tout consigner
help-case-notify = Consigner une notification faite (CNIL, ANSSI, CSIRT, police...)
help-case-impact = Fixer les catégories d'atteinte déclarées (remplace les précédentes)
help-case-status = Délais (temps restant, dépassés, tenus), preuves scellées, intégrité du journal
help-case-request = Consigner un rapport demandé par le CSIRT ou l'autorité (NIS2 art. 23, § 4, c), à rendre avant --due
help-case-done = Consigner une étape de la réponse comme faite : documented, backups-secured, notified, scene-frozen, backups-inspected, communication, dpo-informed, counsel-informed, legal-action, incident-handled
help-case-breach = Consigner ce que l'on sait de la violation de données à caractère personnel (RGPD art. 33, § 3) : nature, personnes et enregistrements concernés, conséquences, mesures. Les champs non donnés gardent leur valeur
help-case-export = Écrire depuis le dossier : le contenu de la notification à la CNIL (cnil : art. 33, § 3 et 4), l'entrée du registre des violations (register : art. 33, § 5), le bordereau de pièces d'une requête art. 145 CPC (requete-145) ou les faits et pièces d'une plainte (plainte)
help-case-show = Le journal en chronologie, à l'heure locale du dossier : qui a fait quoi, et quand
help-locker-status = Montrer le verrou d'un objet : version, mode et date de rétention, conservation légale
help-locker-list = Lister les archives d'un dossier : état du verrou, et l'empreinte que consigne leur première entrée de possession verrouillée
help-locker-grant = Pour chaque machine, un fichier d'autorisation (DOSSIER/<machine>.grant.json) avec lequel `scelle freeze --out grant:FICHIER` téléverse et verrouille son archive sans identifiants. Le compartiment doit avoir une rétention par défaut
help-locker-verify = Vérifier une archive directement dans le compartiment, en une passe (rien n'est stocké localement) : les contrôles de `scelle verify`, l'état du verrou, et les entrées de possession verrouillées à côté
help-locker-hold = Poser (--on) ou lever (--off) une conservation légale sur une version
help-locker-fetch = Récupérer une version verrouillée dans un nouveau fichier local, hachée au passage ; avec --expect, un fichier dont l'empreinte n'est pas celle du scellé n'est pas gardé (code 1)
help-profile-list = Les profils intégrés
help-profile-show = Les commandes et chemins d'un profil (un nom intégré ou un fichier .toml)
help-lang = Langue de scelle : fr ou en (par défaut la locale, d'après LC_ALL, LC_MESSAGES ou LANG ; le français quand elle le désigne). La sortie --json n'en dépend pas
