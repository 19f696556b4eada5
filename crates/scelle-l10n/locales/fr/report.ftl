# The case report (scelle report): an annex for a procès-verbal, and counsel's copy.
report-heading = Rapport d'incident et de scellés numériques
report-case-ref = Dossier
report-generated = établi le
report-case-title = Intitulé
report-discovered = Découverte de l'incident
report-personal-data = Données à caractère personnel concernées
report-nis2 = Entité soumise à NIS2
report-essential = entité essentielle
report-important = entité importante
report-oiv = Opérateur d'importance vitale
report-impact-label = Catégories d'atteinte déclarées
report-none-yet = non encore qualifiées
report-organization = Organisme
report-legal-basis = Fondement juridique
report-dpo = Délégué à la protection des données
report-counsel = Conseil
report-time-zone = Fuseau horaire de référence
report-yes = oui
report-no = non
report-section-case = Le dossier
report-section-deadlines = Délais de notification
report-deadline-method = Les délais en heures courent, en temps écoulé, de la prise de connaissance de l'incident (à défaut, de sa découverte) ; le délai d'un mois est calendaire, dans le fuseau du dossier.{" "}
report-no-deadline = Au vu des éléments déclarés (pas de données personnelles, ni entité NIS2, ni OIV), aucun délai de notification réglementaire ne s'applique.
report-duty-gdpr = Notification à la CNIL de la violation de données à caractère personnel (72 heures)
report-duty-nis2-early = Alerte précoce (24 heures)
report-duty-nis2-notification = Notification d'incident (72 heures)
report-duty-nis2-final = Rapport final (un mois)
report-duty-oiv = Déclaration de l'incident à l'ANSSI (sans délai)
report-provisional = (provisoire : le délai court de la notification d'incident)
report-without-delay = sans délai
report-reference = réf.
report-sent = envoyée le
report-day-unit = j
report-met = respecté
report-state-met = respecté ({ $margin } d'avance)
report-state-met-late = accompli avec un retard de { $margin }
# "il reste 1 j 2 h": no agreement to get wrong.
report-state-open = en cours — il reste { $margin }
report-state-overdue = dépassé de { $margin }
report-due-now = à accomplir sans délai
report-section-timeline = Chronologie (journal signé)
report-case-opened = Ouverture du dossier
report-impact-set = Catégories d'atteinte déclarées :
report-evidence-sealed = Mise sous scellé de
report-journal-intact = Journal intègre : chaque entrée est signée, chaînée à la précédente, et les signataires ont été vérifiés avec les clés publiques fournies
report-journal-unauthenticated = Journal cohérent : chaque entrée est signée et chaînée à la précédente ; les signataires n'ont pas été vérifiés faute de clé publique fournie
report-journal-broken = ATTENTION : le journal présente des anomalies ; seules les entrées vérifiées figurent ci-dessus
report-journal-receipt = Reçu du journal (à reporter au procès-verbal ; scelle case status --entries N --head H montre ensuite si une entrée a été retirée) :
report-last-line-sha256 = SHA-256 de sa dernière ligne
report-entries = entrées
report-section-evidence = Scellés
report-section-evidence-one = Scellé
report-no-evidence = Aucun scellé n'a été examiné pour ce rapport.
report-evidence-examined = Nombre de scellés examinés et vérifiés pour le présent rapport :
report-as-of = État apprécié au
report-file = Fichier
report-evidence-id = Identifiant du scellé
report-seal = Empreinte SHA-256 du scellé
report-signer = Signataire (clé Ed25519)
report-key-in-file = clé conservée dans un fichier
report-key-in-agent = clé tenue par un agent ssh
report-key-on-token = clé sur le jeton PKCS#11
report-serial = n° de série
report-host = Machine d'origine
report-acquisition = Acquisition (horloge de la machine)
report-contents = Contenu
report-items = éléments
report-files-stored = fichiers conservés
report-bytes = octets
report-incomplete = Éléments incomplets
report-skipped = Éléments non collectés (exclusions, autre système de fichiers)
report-skipped-intro = Éléments délibérément non collectés, avec leur motif :
report-command-line = Commande de la collecte (exacte)
report-operator = Opérateur déclaré
report-roots = Chemins collectés
report-excludes = Motifs d'exclusion
report-clock = Horloge de la machine
report-clock-reference = heure de référence relevée :
report-clock-host = horloge de la machine à cet instant :
report-clock-offset = décalage :
report-clock-none = non comparée à une heure de référence (--reference-time non donné)
report-none = aucun
report-verification = Vérification
report-timestamp = Horodatage (RFC 3161) du manifeste
report-timestamp-valid = jeton valide, autorité d'horodatage certifiée par l'AC fournie
report-timestamp-unauthenticated = jeton valide, mais autorité d'horodatage non authentifiée (aucune AC fournie)
report-timestamp-invalid = JETON NON VALIDE :
report-intact = INTÈGRE — aucune anomalie, signature vérifiée avec une clé dont l'empreinte a été fournie (trousseau), ou empreinte du scellé comparée
report-authentic = AUTHENTIQUE — aucune anomalie, signature valide, mais ni l'empreinte du scellé ni celle de la clé n'ont été comparées au procès-verbal
report-unauthenticated = aucune anomalie, mais signataire non authentifié (aucune clé publique fournie)
report-not-intact = NON INTÈGRE — anomalies constatées :
report-in-journal = Inscription au journal du dossier
report-not-in-journal = non inscrit
report-journal-line = entrée n°
report-findings-intro = Anomalies constatées lors de la vérification :
report-incomplete-intro = Éléments que l'acquisition signale comme incomplets (modifiés pendant la lecture, illisibles) :
report-custody-intro = Chaîne de possession (fichier signé joint au scellé, ID.custody.jsonl) :
report-key-in-keyring = clé du trousseau
report-key-unknown = CLÉ INCONNUE du trousseau
report-key-not-checked = signataire non vérifié, clé
report-declared = déclaré :
report-differs = ce n'est PAS le titulaire de la clé
report-untrusted-entries = Entrées signées par une clé absente du trousseau (leur auteur n'est pas établi) :
report-custody-intact = Chaîne de possession intègre, signataires vérifiés.
report-custody-unauthenticated = Chaîne de possession cohérente ; signataires non vérifiés faute de clé publique fournie.
report-custody-broken = ATTENTION : la chaîne de possession présente des anomalies :
report-no-custody = Aucune chaîne de possession (fichier ID.custody.jsonl) n'a été trouvée à côté du scellé.
report-section-method = Méthode
report-method = Chaque scellé est une archive tar compressée (zstd) contenant un sac BagIt (RFC 8493) et un manifeste signé (Ed25519, format minisign). L'empreinte du scellé est le SHA-256 (FIPS 180-4) du fichier d'archive : elle peut être recalculée par tout expert avec la commande standard sha256sum, sans utiliser scelle (voir docs/VERIFY-WITHOUT-SCELLE.md). Les vérifications rapportées ci-dessus ont été refaites lors de l'établissement du présent rapport. Les dates sont données dans le fuseau du dossier puis en temps universel (UTC) ; celles qui proviennent de la machine examinée reflètent son horloge, qui peut être inexacte ; celles du journal et des chaînes de possession sont données par l'horloge du signataire, sauf horodatage RFC 3161. Le mot « scellé » désigne ici une archive numérique scellée par empreinte et signature : ce n'est pas un scellé judiciaire au sens des articles 56 et 97 du code de procédure pénale, qui relève de l'officier de police judiciaire ou du juge d'instruction.
report-deadline-head-1 = Obligation
report-deadline-head-2 = Destinataire
report-deadline-head-3 = Échéance
report-deadline-head-4 = État
report-deadline-head-5 = Accomplie par
report-timeline-head-1 = N°
report-timeline-head-2 = Date
report-timeline-head-3 = Signataire (selon le trousseau de clés)
report-timeline-head-4 = Événement
report-timeline-head-5 = Clé de signature
report-incomplete-head-1 = Chemin ou commande
report-incomplete-head-2 = État
report-incomplete-head-3 = Motif
report-custody-head-1 = Date
report-custody-head-3 = Détails
report-custody-head-2 = Événement
report-custody-head-4 = Signataire (selon le trousseau de clés)
report-custody-head-5 = Clé de signature
report-impact-availability = disponibilité
report-impact-integrity = intégrité
report-impact-confidentiality = confidentialité
report-impact-traceability = traçabilité
report-notification-kind-early-warning = alerte précoce
report-notification-kind-notification = notification
report-notification-kind-intermediate-report = rapport intermédiaire
report-notification-kind-final-report = rapport final
report-notification-kind-other = autre
report-kind-file = fichiers
report-kind-dir = répertoires
report-kind-symlink = liens symboliques
report-kind-hardlink = liens physiques
report-kind-special = fichiers spéciaux
report-kind-image = images disque
report-kind-command = sorties de commandes

## A notification, with the article French puts before the body's name.
report-notified-to = Notification { $to ->
    [CNIL] à la CNIL
    [BEFTI] à la BEFTI
    [POLICE] à la police
    [GENDARMERIE] à la gendarmerie
    [ANSSI] à l'ANSSI
    [ACPR] à l'ACPR
    [AMF] à l'AMF
    [OFAC] à l'OFAC
    [CERT-FR] au CERT-FR
    [CSIRT] au CSIRT
    [C3N] au C3N
    [PARQUET] au parquet
    [CONTROLLER] au responsable de traitement
    [DATA-SUBJECTS] aux personnes concernées
   *[other] à : { $to }
}

## An item's acquisition status.
report-status-complete = complet
report-status-changed = modifié pendant la lecture
report-status-unreadable = illisible
report-status-skipped = non collecté
report-status-unreadable-ranges = secteurs illisibles
report-status-failed = commande en échec
report-status-vanished = disparu avant lecture

## Custody events.
report-event-sealed = mise sous scellé
report-event-timestamped = horodatage
report-event-timestamp-failed = horodatage échoué
report-event-transferred = remise
report-event-received = réception
report-event-verified = vérification
report-event-copied = copie
report-event-extracted = extraction
report-event-note = note

## The legal basis of each duty, cited the French way.
report-basis-gdpr = art. 33, § 1, du RGPD
report-basis-nis2-early = directive NIS2, art. 23, § 4, a) (texte applicable : sa transposition en droit français)
report-basis-nis2-notification = directive NIS2, art. 23, § 4, b) (texte applicable : sa transposition en droit français)
report-basis-nis2-final = directive NIS2, art. 23, § 4, d) (texte applicable : sa transposition en droit français)
report-basis-oiv = art. L. 1332-6-2 et R. 1332-41-10 du code de la défense

## Which copy, and the page foot.
report-notice-annex = Annexe n° { $number } au procès-verbal de constat du { $date }
report-notice-counsel = Copie du conseil — CONFIDENTIELLE : contient l'appréciation des délais de notification ; ne pas annexer au procès-verbal ni communiquer à la partie adverse.
report-footer-seal = scellé
report-footer-seals = { $count } scellés (voir la liste des scellés)

## What the manifest records of the host and of the sealing.
report-host-os = Système d'exploitation
report-host-kernel = Noyau
report-host-machine-id = Identifiant de machine (machine-id)
report-host-time-zone = Fuseau horaire de la machine
report-host-boot = Démarrage de la machine (horloge de la machine)
report-tool = Outil de mise sous scellé
report-tool-value = scelle { $version }, SHA-256 de l'exécutable { $sha256 }
report-sealing-legal-basis = Fondement juridique déclaré à la mise sous scellé
report-sealing-examiner = Intervenant déclaré à la mise sous scellé
report-sealing-organization = Organisme déclaré à la mise sous scellé
report-notes-intro = Notes de l'intervenant, consignées dans le manifeste signé :
report-manifest-sha256 = Empreinte SHA-256 du manifeste signé (manifest.json)
report-appendix = Liste des éléments (fichier joint)
report-appendix-value = { $file } : { $items } éléments, avec leur empreinte SHA-256 ; empreinte SHA-256 du fichier joint : { $sha256 }
report-timestamp-none = aucun : le manifeste n'a pas été horodaté par une autorité d'horodatage

## What a custody entry says of the step.
report-detail-to = remis à :
report-detail-means = moyen :
report-detail-location = lieu :
report-detail-text = note :
report-detail-result = résultat :

## The closing block.
report-section-signature = Établissement du rapport
report-signature-author = Établi par (nom, qualité)
report-signature-place-date = Fait à, le
report-signature-signature = Signature
report-signature-signed = Le présent rapport est signé électroniquement avec la clé { $key } (empreinte SHA-256 { $fingerprint }) ; sa signature est dans le fichier .minisig qui l'accompagne (vérification : minisign -Vm RAPPORT -p CLÉ.pub). Son empreinte SHA-256, donnée à son établissement et inscrite dans la signature, est à reporter au procès-verbal.
report-signature-unsigned = Le présent rapport n'est pas signé électroniquement.

## The duties added with the regimes (GDPR art. 33(2) and 34, DORA).
report-duty-gdpr-controller = Information du responsable de traitement par le sous-traitant (dans les meilleurs délais)
report-duty-gdpr-subjects = Communication de la violation aux personnes concernées (risque élevé, dans les meilleurs délais)
report-duty-dora-initial = Notification initiale DORA (4 heures après la classification comme majeur, 24 heures au plus tard après la prise de connaissance)
report-duty-dora-intermediate = Rapport intermédiaire DORA (72 heures après la notification initiale)
report-duty-dora-final = Rapport final DORA (un mois après le rapport intermédiaire)
report-basis-gdpr-controller = art. 33, § 2, du RGPD
report-basis-gdpr-subjects = art. 34 du RGPD
report-basis-dora-initial = règlement (UE) 2022/2554 (DORA), art. 19, § 4, a), et ses normes techniques de réglementation
report-basis-dora-intermediate = règlement (UE) 2022/2554 (DORA), art. 19, § 4, b), et ses normes techniques de réglementation
report-basis-dora-final = règlement (UE) 2022/2554 (DORA), art. 19, § 4, c), et ses normes techniques de réglementation
report-state-exempt = non due : exception de l'art. 34, § 3, { $letter }), du RGPD invoquée
report-state-exempt-unstated = non due : exception invoquée
report-remark-delay-reasons = motifs du retard : { $reasons }
report-remark-no-delay-reasons = SANS les motifs du retard qu'exige l'art. 33, § 1, du RGPD
report-recipient-CONTROLLER = responsable de traitement
report-recipient-DATA-SUBJECTS = personnes concernées

## The clocks.
report-occurred = Survenance de l'incident (déclarée)
report-aware = Prise de connaissance (point de départ des délais RGPD, NIS2 et DORA)
report-high-risk = Risque élevé pour les personnes (art. 34 du RGPD)
report-processor = L'organisme est sous-traitant (art. 33, § 2, du RGPD)
report-dora = Entité financière soumise à DORA
report-dora-classified = Classification DORA comme incident majeur

## The journal's own timestamps (case verbs with --tsa).
report-journal-timestamps = Horodatages RFC 3161 du journal (chacun atteste l'entrée qu'il horodate et, par le chaînage, toutes les précédentes) :
report-event-journal-timestamped = Horodatage RFC 3161 de l'entrée n° { $line } (heure de l'autorité : { $time })
report-event-journal-timestamp-failed = Horodatage de l'entrée n° { $line } demandé à { $tsa }, sans succès

## Baselines and audits recorded in the journal (--case-dir).
report-event-baseline-recorded = Référence d'intégrité signée (scelle baseline) de { $paths } : { $items } éléments, fichier { $reference } (SHA-256 { $sha256 })
report-event-audit-run = Audit de { $paths } contre { $reference } (SHA-256 { $sha256 }) : { $differences ->
        [0] aucune différence
        [one] { $differences } différence
       *[other] { $differences } différences
    } ({ $items } éléments examinés)

## The steps of the response (scelle case done), counsel's copy.
report-section-steps = Étapes de la réponse
report-steps-head-1 = Étape
report-steps-head-2 = Accomplie le
report-steps-head-3 = Entrée du journal
report-step-pending = à faire
report-step-documented = Documenter (journal tenu)
report-step-backups-secured = Sauvegarder et mettre les sauvegardes hors d'atteinte
report-step-notified = Notifier
report-step-scene-frozen = Figer la scène sur une plateforme isolée (mise sous scellé)
report-step-backups-inspected = Inspecter les sauvegardes avant remise en production
report-step-communication = Communication maîtrisée
report-step-dpo-informed = DPO informé
report-step-counsel-informed = Conseil informé
report-step-legal-action = Voie pénale (art. 323-1 s. du code pénal) ou civile (art. 145 CPC) décidée
report-event-step-done = Étape accomplie : { $step }

## The breach (GDPR art. 33(3)): the notification to the CNIL and the register.
report-breach-title-cnil = Notification d'une violation de données à caractère personnel à la CNIL — contenu (art. 33, § 3, du RGPD)
report-breach-title-register = Registre des violations de données à caractère personnel — fiche (art. 33, § 5, du RGPD)
report-breach-notice-cnil = Document préparatoire : à reporter dans le téléservice de notification de la CNIL. Les informations peuvent être communiquées de manière échelonnée (art. 33, § 4).
report-breach-notice-register = Le responsable du traitement documente toute violation : les faits, leurs effets et les mesures prises pour y remédier (art. 33, § 5).
report-breach-section-controller = Responsable du traitement
report-breach-section-dates = Dates
report-breach-section-description = Nature et étendue de la violation
report-breach-section-subjects = Communication aux personnes concernées (art. 34)
report-breach-section-notifications = Notifications faites à la CNIL (initiale et complémentaires, art. 33, § 4)
report-breach-section-missing = À compléter avant envoi
report-breach-missing = à compléter
report-breach-organization = Organisme
report-breach-dpo = Délégué à la protection des données (nom et coordonnées)
report-breach-occurred = Début de la violation
report-breach-ended = Fin de la violation
report-breach-aware = Prise de connaissance
report-breach-nature = Nature de la violation
report-breach-persons-categories = Catégories de personnes concernées
report-breach-persons-approx = Nombre approximatif de personnes concernées
report-breach-records-categories = Catégories d'enregistrements concernés
report-breach-records-approx = Nombre approximatif d'enregistrements concernés
report-breach-consequences = Conséquences probables
report-breach-measures = Mesures prises ou envisagées, y compris pour en atténuer les effets
report-breach-subjects-no-high-risk = Risque élevé pour les droits et libertés des personnes non déclaré : pas de communication aux personnes requise à ce stade.
report-breach-subjects-exempt = Risque élevé déclaré ; exception de l'art. 34, § 3, { $letter }), invoquée : pas de communication individuelle.
report-breach-subjects-owed = Risque élevé déclaré : la violation doit être communiquée aux personnes concernées dans les meilleurs délais.
report-breach-no-notification = Aucune notification à la CNIL n'est consignée au journal.
report-breach-initial = initiale
report-breach-complementary = complémentaire
report-breach-notifications-head-1 = Notification
report-breach-notifications-head-2 = Envoyée le
report-breach-notifications-head-3 = Référence
report-breach-notifications-head-4 = Nature
report-breach-notifications-head-5 = Accusé de réception (empreinte)
report-breach-notifications-head-6 = Motifs du retard
report-event-breach-assessed = Évaluation de la violation consignée (art. 33, § 3, du RGPD)

## Annexes for counsel: requête art. 145 CPC, criminal complaint.
report-annex-title-requete = Bordereau de pièces — requête sur le fondement de l'article 145 du code de procédure civile
report-annex-notice-requete = Projet établi à partir du dossier d'incident, à compléter et à signer par le conseil.
report-annex-title-complaint = Éléments pour une plainte — atteinte à un système de traitement automatisé de données (art. 323-1 et suivants du code pénal)
report-annex-notice-complaint = Projet établi à partir du dossier d'incident, à compléter par le conseil ; à adresser à un service spécialisé, non au commissariat de quartier.
report-annex-section-to-fill = À compléter par le conseil
report-annex-court = Juridiction saisie (président du tribunal judiciaire de …)
report-annex-measures = Mesures d'instruction sollicitées
report-annex-legitimate-reason = Motif légitime de conserver ou d'établir la preuve
report-annex-addressee = Destinataire
report-annex-addressees = procureur de la République près le tribunal judiciaire de Paris (section de lutte contre la cybercriminalité), ou BEFTI (Paris et petite couronne), OFAC, C3N (gendarmerie)
report-annex-qualification = Qualification envisagée
report-annex-qualification-hint = accès ou maintien frauduleux (art. 323-1 C. pén.), entrave (art. 323-2), introduction, extraction ou modification frauduleuse de données (art. 323-3) — à apprécier par le conseil
report-annex-section-exhibits = Pièces
report-annex-exhibits-head-1 = Pièce n°
report-annex-exhibits-head-2 = Désignation
report-annex-exhibits-head-3 = Empreinte SHA-256
report-annex-exhibit-seal = Scellé numérique { $id } (fichier { $archive }, { $items } éléments), avec sa chaîne de possession
report-annex-exhibit-journal = Journal signé du dossier d'incident (empreinte de sa dernière ligne)
report-annex-exhibit-report = Rapport d'incident et de scellés numériques (scelle report), signé
report-annex-section-chronology = Chronologie (journal signé)
report-annex-section-victim = La victime
report-annex-section-facts = Les faits (journal signé)
report-annex-section-harm = Le préjudice
report-annex-harm-amount = Préjudice chiffré

## NIS2 reports asked for, and the progress report.
report-duty-nis2-intermediate = Rapport intermédiaire NIS2 (à la demande, au plus tard à la date fixée)
report-duty-nis2-progress = Rapport d'avancement NIS2 (incident en cours à l'échéance du rapport final)
report-basis-nis2-intermediate = directive NIS2, art. 23, § 4, c) (texte applicable : sa transposition en droit français)
report-basis-nis2-progress = directive NIS2, art. 23, § 4, e) (texte applicable : sa transposition en droit français)
report-step-incident-handled = Incident traité (fin de la gestion de l'incident)
report-event-report-requested = Rapport intermédiaire demandé par { $from }, à remettre au plus tard le { $due }
