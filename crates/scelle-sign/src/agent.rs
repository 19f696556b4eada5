//! Signing through an ssh-agent (the agent protocol, draft-ietf-sshm-ssh-agent):
//! the responder's Ed25519 key stays on their own machine, the agent socket
//! is forwarded to the host (`ssh -A`), and the agent signs the exact bytes a
//! minisign signature covers. Only the few messages needed are spoken:
//! list identities, sign. Replies are bounded in size and time.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use scelle_hash::Sha256Digest;

use crate::{external_public_key, Error, KeySource, PublicKey, Signer};

const FAILURE: u8 = 5;
const REQUEST_IDENTITIES: u8 = 11;
const IDENTITIES_ANSWER: u8 = 12;
const SIGN_REQUEST: u8 = 13;
const SIGN_RESPONSE: u8 = 14;
const ED25519: &[u8] = b"ssh-ed25519";

/// The largest reply accepted (an agent holding a few hundred keys).
const MAX_REPLY: usize = 256 * 1024;

/// How long the agent may take to answer: a confirm-each-use agent
/// (`ssh-add -c`) waits for the responder to click.
const REPLY_TIMEOUT: Duration = Duration::from_secs(120);

/// One Ed25519 key an agent holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentKey {
    /// The key's wire form (`string "ssh-ed25519" ‖ string key`).
    blob: Vec<u8>,
    /// The key, with its derived minisign key id.
    pub public_key: PublicKey,
    /// The comment the agent gives it.
    pub comment: String,
    /// OpenSSH's fingerprint, `SHA256:` and unpadded base64, as
    /// `ssh-add -l` prints it.
    pub fingerprint: String,
}

/// A connection to an agent and the key chosen in it.
pub struct AgentSigner {
    connection: Mutex<UnixStream>,
    key: AgentKey,
    socket: PathBuf,
}

impl std::fmt::Debug for AgentSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "AgentSigner({}, {})",
            self.socket.display(),
            self.key.fingerprint
        )
    }
}

/// The agent socket named by `SSH_AUTH_SOCK`.
pub fn socket_from_environment() -> Result<PathBuf, Error> {
    std::env::var_os("SSH_AUTH_SOCK")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::Agent(
                "SSH_AUTH_SOCK is not set: connect with `ssh -A` (or start an agent and \
                 `ssh-add` your key) so that an agent holding your key is reachable"
                    .into(),
            )
        })
}

impl AgentSigner {
    /// Connects to the agent at `socket` and picks its Ed25519 key that
    /// `selector` names (an OpenSSH fingerprint `SHA256:...`, a minisign key
    /// id, or the key's comment), or its only one when `selector` is `None`.
    pub fn connect(socket: &Path, selector: Option<&str>) -> Result<Self, Error> {
        let connection = connect(socket)?;
        let keys = list(&connection)?;
        let key = choose(keys, selector)?;
        Ok(Self {
            connection: Mutex::new(connection),
            key,
            socket: socket.to_path_buf(),
        })
    }

    /// The Ed25519 keys the agent at `socket` holds (other kinds are left out).
    pub fn keys(socket: &Path) -> Result<Vec<AgentKey>, Error> {
        list(&connect(socket)?)
    }

    /// The chosen key.
    pub fn key(&self) -> &AgentKey {
        &self.key
    }
}

impl Signer for AgentSigner {
    fn public_key(&self) -> PublicKey {
        self.key.public_key.clone()
    }

    fn source(&self) -> KeySource {
        KeySource::SshAgent {
            comment: self.key.comment.clone(),
            fingerprint: self.key.fingerprint.clone(),
        }
    }

    fn sign_unchecked(&self, message: &[u8]) -> Result<[u8; 64], Error> {
        let mut request = vec![SIGN_REQUEST];
        put_string(&mut request, &self.key.blob);
        put_string(&mut request, message);
        request.extend(0u32.to_be_bytes()); // flags: none apply to Ed25519
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let reply = exchange(&connection, &request)?;
        match reply.split_first() {
            Some((&SIGN_RESPONSE, rest)) => {
                let mut reader = Fields(rest);
                let mut signature = Fields(reader.string()?);
                if signature.string()? != ED25519 {
                    return Err(protocol("the signature is not an ssh-ed25519 signature"));
                }
                signature
                    .string()?
                    .try_into()
                    .map_err(|_| protocol("an Ed25519 signature is 64 bytes"))
            }
            Some((&FAILURE, _)) => Err(Error::Agent(format!(
                "the agent refused to sign with {} ({}): was the key removed, or a \
                 confirmation (ssh-add -c) declined or impossible on this machine?",
                self.key.fingerprint, self.key.comment
            ))),
            _ => Err(protocol("unexpected reply to a sign request")),
        }
    }
}

fn connect(socket: &Path) -> Result<UnixStream, Error> {
    let connection = UnixStream::connect(socket).map_err(|error| {
        Error::Agent(format!(
            "cannot reach the agent at {}: {error} (is SSH_AUTH_SOCK that of a running agent?)",
            socket.display()
        ))
    })?;
    connection
        .set_read_timeout(Some(REPLY_TIMEOUT))
        .and_then(|()| connection.set_write_timeout(Some(REPLY_TIMEOUT)))
        .map_err(|error| Error::Agent(error.to_string()))?;
    Ok(connection)
}

fn list(connection: &UnixStream) -> Result<Vec<AgentKey>, Error> {
    let reply = exchange(connection, &[REQUEST_IDENTITIES])?;
    let Some((&IDENTITIES_ANSWER, rest)) = reply.split_first() else {
        return Err(protocol("unexpected reply to a request for identities"));
    };
    let mut fields = Fields(rest);
    let count = fields.u32()?;
    let mut keys = Vec::new();
    for _ in 0..count {
        let blob = fields.string()?.to_vec();
        let comment = String::from_utf8_lossy(fields.string()?).into_owned();
        let mut parts = Fields(&blob);
        if parts.string()? != ED25519 {
            continue;
        }
        let key: [u8; 32] = parts
            .string()?
            .try_into()
            .map_err(|_| protocol("an ssh-ed25519 key is 32 bytes"))?;
        let public_key = external_public_key(&key, "key from the ssh-agent")?;
        let fingerprint = format!(
            "SHA256:{}",
            STANDARD_NO_PAD.encode(Sha256Digest::of(&blob).as_bytes())
        );
        keys.push(AgentKey {
            blob,
            public_key,
            comment,
            fingerprint,
        });
    }
    Ok(keys)
}

fn choose(keys: Vec<AgentKey>, selector: Option<&str>) -> Result<AgentKey, Error> {
    let listing = || {
        keys.iter()
            .map(|key| {
                format!(
                    "{} {} (key id {})",
                    key.fingerprint,
                    key.comment,
                    key.public_key.key_id()
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if keys.is_empty() {
        return Err(Error::Agent(
            "the agent holds no Ed25519 key: on your own machine, `ssh-keygen -t ed25519` \
             and `ssh-add` it (other key types cannot make minisign signatures)"
                .into(),
        ));
    }
    let matching: Vec<&AgentKey> = match selector {
        None => keys.iter().collect(),
        Some(selector) => keys
            .iter()
            .filter(|key| {
                key.fingerprint == selector
                    || key.public_key.key_id().to_string() == selector.to_ascii_uppercase()
                    || key.comment == selector
            })
            .collect(),
    };
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::Agent(format!(
            "no key of the agent matches {:?}; it holds: {}",
            selector.unwrap_or_default(),
            listing()
        ))),
        _ => Err(Error::Agent(format!(
            "the agent holds several Ed25519 keys; name one with --key ssh-agent:FINGERPRINT \
             (or its key id or comment): {}",
            listing()
        ))),
    }
}

/// Sends one message, returns the reply's body (type byte first).
fn exchange(mut connection: &UnixStream, message: &[u8]) -> Result<Vec<u8>, Error> {
    let io = |error: std::io::Error| Error::Agent(format!("talking to the agent: {error}"));
    let mut framed = (message.len() as u32).to_be_bytes().to_vec();
    framed.extend_from_slice(message);
    connection.write_all(&framed).map_err(io)?;
    let mut length = [0u8; 4];
    connection.read_exact(&mut length).map_err(io)?;
    let length = u32::from_be_bytes(length) as usize;
    if length == 0 || length > MAX_REPLY {
        return Err(protocol("a reply of an impossible length"));
    }
    let mut reply = vec![0u8; length];
    connection.read_exact(&mut reply).map_err(io)?;
    Ok(reply)
}

fn put_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend((bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn protocol(what: &str) -> Error {
    Error::Agent(format!("the agent's reply is malformed: {what}"))
}

/// The fields of a message, read in order.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn u32(&mut self) -> Result<u32, Error> {
        let (head, rest) = self
            .0
            .split_first_chunk::<4>()
            .ok_or_else(|| protocol("truncated"))?;
        self.0 = rest;
        Ok(u32::from_be_bytes(*head))
    }

    fn string(&mut self) -> Result<&'a [u8], Error> {
        let length = self.u32()? as usize;
        if length > self.0.len() {
            return Err(protocol("truncated"));
        }
        let (string, rest) = self.0.split_at(length);
        self.0 = rest;
        Ok(string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// A real ssh-agent on a socket in a temporary directory, killed on drop.
    struct Agent {
        dir: tempfile::TempDir,
        pid: u32,
    }

    impl Agent {
        fn start() -> Self {
            let dir = tempfile::tempdir().unwrap();
            // A confirmation would be asked of a program that declines.
            let output = Command::new("ssh-agent")
                .env("SSH_ASKPASS", "/bin/false")
                .env("SSH_ASKPASS_REQUIRE", "force")
                .env_remove("DISPLAY")
                .arg("-a")
                .arg(dir.path().join("agent.sock"))
                .arg("-s")
                .output()
                .expect("ssh-agent (openssh-client) is needed");
            let text = String::from_utf8_lossy(&output.stdout);
            let pid = text
                .split(';')
                .find_map(|part| part.trim().strip_prefix("SSH_AGENT_PID="))
                .unwrap()
                .parse()
                .unwrap();
            Self { dir, pid }
        }

        fn socket(&self) -> PathBuf {
            self.dir.path().join("agent.sock")
        }

        fn add(&self, kind: &str, name: &str, extra: &[&str]) -> PathBuf {
            let key = self.dir.path().join(name);
            let made = Command::new("ssh-keygen")
                .args(["-q", "-t", kind, "-N", "", "-C", name, "-f"])
                .arg(&key)
                .status()
                .unwrap();
            assert!(made.success());
            let added = Command::new("ssh-add")
                .args(extra)
                .arg(&key)
                .env("SSH_AUTH_SOCK", self.socket())
                .env_remove("SSH_ASKPASS")
                .env_remove("DISPLAY")
                .output()
                .unwrap();
            assert!(added.status.success(), "{added:?}");
            key
        }
    }

    impl Drop for Agent {
        fn drop(&mut self) {
            let _ = Command::new("kill").arg(self.pid.to_string()).status();
        }
    }

    #[test]
    fn an_agent_key_signs_what_its_public_key_verifies() {
        let agent = Agent::start();
        agent.add("rsa", "not-ed25519", &[]);
        agent.add("ed25519", "dupont@laptop", &[]);
        let signer = AgentSigner::connect(&agent.socket(), None).unwrap();
        assert_eq!(signer.key().comment, "dupont@laptop");
        let signature = signer.sign_bytes(b"custody entry").unwrap();
        assert!(signer
            .public_key()
            .verify_bytes(b"custody entry", &signature));
        // The fingerprint is the one ssh-add prints.
        let listed = Command::new("ssh-add")
            .arg("-l")
            .env("SSH_AUTH_SOCK", agent.socket())
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&listed.stdout);
        assert!(listed.contains(&signer.key().fingerprint), "{listed}");
        // Chosen by fingerprint, key id or comment alike.
        for selector in [
            signer.key().fingerprint.clone(),
            signer.key_id().to_string(),
            "dupont@laptop".into(),
        ] {
            let chosen = AgentSigner::connect(&agent.socket(), Some(&selector)).unwrap();
            assert_eq!(chosen.key_id(), signer.key_id());
        }
    }

    #[test]
    fn several_keys_no_key_and_no_agent_are_explained() {
        let agent = Agent::start();
        let none = AgentSigner::connect(&agent.socket(), None).unwrap_err();
        assert!(none.to_string().contains("holds no Ed25519 key"), "{none}");
        agent.add("ed25519", "one", &[]);
        agent.add("ed25519", "two", &[]);
        let several = AgentSigner::connect(&agent.socket(), None).unwrap_err();
        assert!(
            several.to_string().contains("several Ed25519 keys"),
            "{several}"
        );
        let unknown = AgentSigner::connect(&agent.socket(), Some("three")).unwrap_err();
        assert!(
            unknown.to_string().contains("no key of the agent matches"),
            "{unknown}"
        );
        let gone = AgentSigner::connect(&agent.dir.path().join("nothing"), None).unwrap_err();
        assert!(
            gone.to_string().contains("cannot reach the agent"),
            "{gone}"
        );
    }

    #[test]
    fn a_confirm_each_use_key_without_a_confirmer_is_refused() {
        let agent = Agent::start();
        agent.add("ed25519", "confirm", &["-c"]);
        let signer = AgentSigner::connect(&agent.socket(), None).unwrap();
        let refused = signer.sign_bytes(b"x").unwrap_err();
        assert!(matches!(refused, Error::Agent(_)), "{refused:?}");
        assert!(refused.to_string().contains("refused to sign"), "{refused}");
    }
}
