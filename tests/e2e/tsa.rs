//! A real RFC 3161 TSA for the tests: a CA and a TSA certificate made with
//! openssl, and an HTTP responder on 127.0.0.1 answering with `openssl ts -reply`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::run;

/// How the responder misbehaves, to test that scelle notices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Answers every request properly.
    Honest,
    /// Answers with a token for another hash.
    WrongHash,
    /// Answers a request whose nonce it changed first.
    WrongNonce,
}

/// A running TSA.
pub struct Tsa {
    /// Its URL.
    pub url: String,
    /// The CA certificate that certifies it (PEM).
    pub ca: PathBuf,
}

const CONFIG: &str = "
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[tsa_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server_ext]
subjectAltName = IP:127.0.0.1
extendedKeyUsage = serverAuth
basicConstraints = CA:FALSE
[tsa]
default_tsa = tsa1
[tsa1]
dir = .
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
";

fn openssl(dir: &Path, args: &[&str]) {
    run(Command::new("openssl").args(args).current_dir(dir)).expect(0);
}

/// Makes a CA named `name` in `dir` (`ca.pem`, `ca.key`).
pub fn make_ca(dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("ca.cnf"), CONFIG).unwrap();
    let subject = format!("/CN={name}");
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            &subject,
            "-days",
            "3650",
            "-config",
            "ca.cnf",
            "-extensions",
            "ca_ext",
        ],
    );
    dir.join("ca.pem")
}

/// An EC P-256 key `NAME.key` and a certificate `NAME.pem` for `subject`,
/// issued by the CA of `dir` with the extensions of section `extensions`.
fn issue(dir: &Path, name: &str, subject: &str, serial: &str, extensions: &str) {
    let (key, csr, pem) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
    );
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            subject,
            "-config",
            "ca.cnf",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            serial,
            "-out",
            &pem,
            "-days",
            "3650",
            "-extfile",
            "ca.cnf",
            "-extensions",
            extensions,
        ],
    );
}

impl Tsa {
    /// Makes the certificates in `dir` and starts the responder.
    pub fn start(dir: &Path, behaviour: Behaviour) -> Self {
        let ca = make_ca(dir, "scelle test root CA");
        issue(dir, "tsa", "/CN=scelle test TSA", "2", "tsa_ext");
        std::fs::write(dir.join("serial"), "01\n").unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/tsa", listener.local_addr().unwrap());
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            for (count, stream) in listener.incoming().enumerate() {
                if let Ok(stream) = stream {
                    answer(stream, &dir, count, behaviour);
                }
            }
        });
        Tsa { url, ca }
    }
}

fn answer(mut stream: TcpStream, dir: &Path, count: usize, behaviour: Behaviour) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut request = vec![0u8; length];
    reader.read_exact(&mut request).unwrap();
    let query = dir.join(format!("q{count}.tsq"));
    match behaviour {
        Behaviour::Honest => std::fs::write(&query, &request).unwrap(),
        Behaviour::WrongNonce => {
            // scelle's requests end with the 8-byte nonce, then certReq TRUE.
            let at = request.len() - 4;
            request[at] ^= 0x01;
            std::fs::write(&query, &request).unwrap();
        }
        Behaviour::WrongHash => {
            std::fs::write(dir.join("other"), format!("another file {count}")).unwrap();
            openssl(
                dir,
                &[
                    "ts",
                    "-query",
                    "-data",
                    "other",
                    "-sha256",
                    "-cert",
                    "-out",
                    query.file_name().unwrap().to_str().unwrap(),
                ],
            );
        }
    }
    let reply = dir.join(format!("r{count}.tsr"));
    openssl(
        dir,
        &[
            "ts",
            "-reply",
            "-config",
            "ca.cnf",
            "-queryfile",
            query.to_str().unwrap(),
            "-out",
            reply.to_str().unwrap(),
        ],
    );
    let body = std::fs::read(&reply).unwrap();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// An HTTPS front for a TSA: stunnel on 127.0.0.1 with a server
/// certificate for 127.0.0.1 from the TSA's CA (directory `dir`).
pub struct HttpsFront {
    /// `https://127.0.0.1:PORT/tsa`.
    pub url: String,
    stunnel: std::process::Child,
}

impl HttpsFront {
    /// Starts stunnel in front of `tsa` (whose CA is in `dir`).
    pub fn start(dir: &Path, tsa: &Tsa) -> Self {
        issue(dir, "server", "/CN=127.0.0.1", "9", "server_ext");
        let backend = tsa
            .url
            .trim_start_matches("http://")
            .trim_end_matches("/tsa");
        // The port is free when chosen but another process may take it
        // before stunnel binds it: stunnel then exits, and another is tried.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            std::fs::write(
                dir.join("stunnel.conf"),
                format!(
                    "foreground = yes\npid =\n[tsa]\naccept = 127.0.0.1:{port}\nconnect = {backend}\ncert = server.pem\nkey = server.key\n"
                ),
            )
            .unwrap();
            let mut stunnel = Command::new("stunnel")
                .arg("stunnel.conf")
                .current_dir(dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect(
                    "stunnel is needed for the HTTPS test: apt-get install stunnel4 (.ci/run does)",
                );
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while stunnel.try_wait().unwrap().is_none() {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return HttpsFront {
                        url: format!("https://127.0.0.1:{port}/tsa"),
                        stunnel,
                    };
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "stunnel never listened"
                );
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        panic!("stunnel could not listen on 127.0.0.1 five times in a row");
    }
}

impl Drop for HttpsFront {
    fn drop(&mut self) {
        let _ = self.stunnel.kill();
        let _ = self.stunnel.wait();
    }
}
