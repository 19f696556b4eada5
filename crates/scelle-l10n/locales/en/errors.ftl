# What scelle says when a command cannot run: what went wrong, then what to
# do. { $given } is the value at fault, with its option when there is one
# ("--key me.pub").

error-prefix = scelle: error:
advice-prefix = {"  "}what to do:
interrupted-prefix = scelle: interrupted:

# What the operating system said, in plain words.
os-not-found = no such file or directory
os-permission-denied = permission denied
os-already-exists = it already exists
os-no-space = no space left on the device
os-read-only = the filesystem is mounted read-only
os-is-a-directory = it is a directory
os-not-a-directory = a part of the path is not a directory
os-interrupted = interrupted

error-not-found = { $given }: no such file
advice-key-not-found = check the path; to make a key pair: scelle key generate --out PREFIX (writes PREFIX.key and PREFIX.pub)
advice-pubkey-not-found = check the path; ask the responder for their .pub file and compare its fingerprint (scelle key show FILE) with the procès-verbal
advice-not-found = check the path and try again
error-permission-denied = { $given }: permission denied
advice-permission-denied = run the command as a user allowed to read it (root for system files), or copy the file somewhere you can read

error-public-key-given = { $given } is a public key (.pub), not the secret key (.key) needed here
advice-public-key-given = give the .key file that scelle key generate wrote beside it; the .pub is what you hand to experts
error-secret-key-given = { $given } is a secret key (.key), not the public key (.pub) needed here
advice-secret-key-given = give the signer's .pub file; a secret key never leaves its owner
error-wrong-passphrase = { $given }: wrong passphrase (or the key file is damaged)
advice-wrong-passphrase = type the passphrase again (it is case-sensitive); with --passphrase-file, check the file's first line
error-passphrase-required = { $given } is protected by a passphrase and none could be asked for (no terminal)
advice-passphrase-required = give --passphrase-file FILE, or run the command in a terminal

error-key-without-record = --key { $key } is used only with --record: it is your own secret key, for recording the outcome in the custody log, and checks nothing
advice-key-without-record = to check the signature, give the signer's public key: --pubkey FILE.pub (add --record to also record the outcome, signed with --key)

error-extract-target-exists = { $path } already exists: extract never overwrites
advice-extract-target-exists = this evidence was probably extracted there before; choose another --to, or move { $path } away first

error-archive-exists = { $path } already exists: freeze never overwrites an archive
advice-archive-exists = choose another --id (or another --out); to check the existing archive: scelle verify --pubkey KEY.pub { $path }

error-to-not-a-directory = --to { $path } is not an existing directory
advice-to-not-a-directory = create it first (mkdir -p { $path }) on the drive meant for the working copy

# Ctrl-C or SIGTERM during a freeze.
freeze-interrupted = the freeze was stopped before it ended: nothing was sealed, and the partial archive was removed
freeze-interrupted-left = the freeze was stopped before it ended: nothing was sealed; left in the output directory, NOT a seal: { $partial }
freeze-leftovers = note: { $count ->
    [one] { $names } is left over from an interrupted freeze in this directory; it is not a seal (remove it once you have checked it is not needed)
   *[other] { $names } are left over from interrupted freezes in this directory; they are not seals (remove them once you have checked they are not needed)
}
