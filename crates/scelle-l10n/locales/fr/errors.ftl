# Ce que dit scelle quand une commande ne peut pas s'exécuter : ce qui ne va
# pas, puis ce qu'il faut faire. { $given } est la valeur en cause, avec son
# option quand il y en a une (« --key moi.pub »).

error-prefix = scelle : erreur :
advice-prefix = {"  "}que faire :
interrupted-prefix = scelle : interrompu :

# Ce que dit le système, en mots simples.
os-not-found = fichier ou dossier introuvable
os-permission-denied = accès refusé
os-already-exists = il existe déjà
os-no-space = plus d'espace libre sur le support
os-read-only = le système de fichiers est monté en lecture seule
os-is-a-directory = c'est un dossier
os-not-a-directory = une partie du chemin n'est pas un dossier
os-interrupted = interrompu

error-not-found = { $given } : fichier introuvable
advice-key-not-found = vérifiez le chemin ; pour créer une paire de clés : scelle key generate --out PREFIXE (écrit PREFIXE.key et PREFIXE.pub)
advice-pubkey-not-found = vérifiez le chemin ; demandez son fichier .pub à l'intervenant et comparez son empreinte (scelle key show FICHIER) avec le procès-verbal
advice-not-found = vérifiez le chemin et recommencez
error-permission-denied = { $given } : accès refusé
advice-permission-denied = lancez la commande sous un utilisateur autorisé à le lire (root pour les fichiers système), ou copiez le fichier là où vous pouvez le lire

error-public-key-given = { $given } est une clé publique (.pub), pas la clé secrète (.key) attendue ici
advice-public-key-given = donnez le fichier .key que scelle key generate a écrit à côté ; le .pub est celui que l'on remet aux experts
error-secret-key-given = { $given } est une clé secrète (.key), pas la clé publique (.pub) attendue ici
advice-secret-key-given = donnez le fichier .pub du signataire ; une clé secrète ne quitte jamais son titulaire
error-wrong-passphrase = { $given } : phrase de passe erronée (ou fichier de clé endommagé)
advice-wrong-passphrase = saisissez de nouveau la phrase de passe (majuscules et minuscules comptent) ; avec --passphrase-file, vérifiez la première ligne du fichier
error-passphrase-required = { $given } est protégée par une phrase de passe et aucune n'a pu être demandée (pas de terminal)
advice-passphrase-required = donnez --passphrase-file FICHIER, ou lancez la commande dans un terminal

error-key-without-record = --key { $key } ne sert qu'avec --record : c'est votre propre clé secrète, pour consigner le résultat dans la chaîne de possession, et elle ne vérifie rien
advice-key-without-record = pour vérifier la signature, donnez la clé publique du signataire : --pubkey FICHIER.pub (ajoutez --record pour aussi consigner le résultat, signé avec --key)

error-extract-target-exists = { $path } existe déjà : extract n'écrase jamais rien
advice-extract-target-exists = cette preuve y a sans doute déjà été extraite ; choisissez un autre --to, ou déplacez d'abord { $path }

error-archive-exists = { $path } existe déjà : freeze n'écrase jamais une archive
advice-archive-exists = choisissez un autre --id (ou un autre --out) ; pour vérifier l'archive existante : scelle verify --pubkey CLE.pub { $path }

error-to-not-a-directory = --to { $path } n'est pas un dossier existant
advice-to-not-a-directory = créez-le d'abord (mkdir -p { $path }) sur le support prévu pour la copie de travail

# Ctrl-C ou SIGTERM pendant un freeze.
freeze-interrupted = le freeze a été arrêté avant la fin : rien n'a été scellé, et l'archive partielle a été supprimée
freeze-interrupted-left = le freeze a été arrêté avant la fin : rien n'a été scellé ; reste dans le dossier de sortie, et n'est PAS un scellé : { $partial }
freeze-leftovers = remarque : { $count ->
    [one] { $names } reste d'un freeze interrompu dans ce dossier ; ce n'est pas un scellé (supprimez-le après avoir vérifié qu'il ne sert pas)
   *[other] { $names } restent de freezes interrompus dans ce dossier ; ce ne sont pas des scellés (supprimez-les après avoir vérifié qu'ils ne servent pas)
}
