//! Signing with an Ed25519 key on a PKCS#11 token (smart card, USB token,
//! HSM; SoftHSM2 in the tests): the private key is generated on the token
//! and never leaves it; the token makes the same Ed25519 signatures
//! (CKM_EDDSA) a minisign key file would.

mod uri;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::eddsa::{EddsaParams, EddsaSignatureScheme};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;

pub use uri::Pkcs11Uri;

use crate::{external_public_key, Error, KeySource, PublicKey, Signer};

/// DER of the Ed25519 curve's object identifier (1.3.101.112), the
/// CKA_EC_PARAMS of an Ed25519 key (RFC 8410).
const ED25519_OID: [u8; 5] = [0x06, 0x03, 0x2b, 0x65, 0x70];

/// A logged-in session on a token and the key chosen on it.
pub struct TokenSigner {
    session: Session,
    key: ObjectHandle,
    public: PublicKey,
    source: KeySource,
    // Kept for the session's lifetime; finalized when dropped.
    _context: Pkcs11,
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenSigner({})", self.source.describe())
    }
}

/// The PKCS#11 module (shared library) the URI or `SCELLE_PKCS11_MODULE` names.
pub fn module_path(uri: &Pkcs11Uri) -> Result<String, Error> {
    uri.module_path
        .clone()
        .or_else(|| std::env::var("SCELLE_PKCS11_MODULE").ok())
        .filter(|path| !path.is_empty())
        .ok_or_else(|| {
            Error::Pkcs11(
                "which PKCS#11 module (library) drives the token? Add \
                 ?module-path=/usr/lib/x86_64-linux-gnu/libykcs11.so (YubiKey), \
                 /usr/lib/softhsm/libsofthsm2.so (SoftHSM2), ... to the URI, or set \
                 SCELLE_PKCS11_MODULE"
                    .into(),
            )
        })
}

impl TokenSigner {
    /// Opens the token and key `uri` names, logged in with `pin`.
    pub fn open(uri: &Pkcs11Uri, pin: &str) -> Result<Self, Error> {
        let (context, slot, source_of) = open_token(uri)?;
        let session = logged_in(&context, slot, pin, &source_of.0)?;
        let key = private_key(&session, uri)?;
        let public = public_key_of(&session, uri)?;
        let object_label = label_of(&session, key)?;
        Ok(Self {
            session,
            key,
            public,
            source: source_of.with_object(object_label),
            _context: context,
        })
    }

    /// Generates a new Ed25519 key pair on the token `uri` names, labelled
    /// with its `object=` (refused if a key with that label exists), the
    /// private half sensitive and not extractable. Returns its public key.
    pub fn generate(uri: &Pkcs11Uri, pin: &str) -> Result<PublicKey, Error> {
        let label = uri
            .object
            .clone()
            .ok_or_else(|| Error::Pkcs11("name the new key with object=LABEL in the URI".into()))?;
        let (context, slot, source_of) = open_token(uri)?;
        let session = logged_in(&context, slot, pin, &source_of.0)?;
        let existing = session
            .find_objects(&[Attribute::Label(label.clone().into_bytes())])
            .map_err(|error| token_error("looking for existing keys", error))?;
        if !existing.is_empty() {
            return Err(Error::Pkcs11(format!(
                "the token {:?} already holds an object labelled {label:?}; choose another \
                 object= (scelle never replaces a key)",
                source_of.0
            )));
        }
        let common = [
            Attribute::Token(true),
            Attribute::Label(label.into_bytes()),
            Attribute::KeyType(KeyType::EC_EDWARDS),
        ];
        let public_template: Vec<Attribute> = common
            .iter()
            .cloned()
            .chain([
                Attribute::Verify(true),
                Attribute::EcParams(ED25519_OID.to_vec()),
            ])
            .collect();
        let private_template: Vec<Attribute> = common
            .iter()
            .cloned()
            .chain([
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Extractable(false),
                Attribute::Sign(true),
            ])
            .collect();
        let (public, _) = session
            .generate_key_pair(
                &Mechanism::EccEdwardsKeyPairGen,
                &public_template,
                &private_template,
            )
            .map_err(|error| token_error("generating an Ed25519 key pair", error))?;
        ec_point(&session, public)
    }
}

impl Signer for TokenSigner {
    fn public_key(&self) -> PublicKey {
        self.public.clone()
    }

    fn source(&self) -> KeySource {
        self.source.clone()
    }

    fn sign_unchecked(&self, message: &[u8]) -> Result<[u8; 64], Error> {
        let mechanism = Mechanism::Eddsa(EddsaParams::new(EddsaSignatureScheme::Pure));
        let signature = self
            .session
            .sign(&mechanism, self.key, message)
            .map_err(|error| token_error("signing", error))?;
        signature.try_into().map_err(|_| {
            Error::Pkcs11("the token returned a signature that is not 64 bytes".into())
        })
    }
}

/// The token's facts, waiting for the key's label.
struct TokenFacts(String, String, String, String);

impl TokenFacts {
    fn with_object(self, object_label: String) -> KeySource {
        let TokenFacts(token_label, token_serial, manufacturer, model) = self;
        KeySource::Pkcs11 {
            token_label,
            token_serial,
            manufacturer,
            model,
            object_label,
        }
    }
}

/// Loads the module and finds the one token the URI's attributes match.
fn open_token(uri: &Pkcs11Uri) -> Result<(Pkcs11, Slot, TokenFacts), Error> {
    let module = module_path(uri)?;
    let context = Pkcs11::new(&module).map_err(|error| {
        Error::Pkcs11(format!("cannot load the PKCS#11 module {module}: {error}"))
    })?;
    context
        .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .map_err(|error| token_error("initialising the module", error))?;
    let slots = context
        .get_slots_with_token()
        .map_err(|error| token_error("listing tokens", error))?;
    let mut seen = Vec::new();
    let mut matching = Vec::new();
    for slot in slots {
        let info = context
            .get_token_info(slot)
            .map_err(|error| token_error("reading a token's description", error))?;
        let facts = TokenFacts(
            info.label().trim().to_string(),
            info.serial_number().trim().to_string(),
            info.manufacturer_id().trim().to_string(),
            info.model().trim().to_string(),
        );
        let wanted = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        seen.push(format!("{:?} (serial {})", facts.0, facts.1));
        if wanted(&uri.token, &facts.0)
            && wanted(&uri.serial, &facts.1)
            && wanted(&uri.manufacturer, &facts.2)
            && wanted(&uri.model, &facts.3)
        {
            matching.push((slot, facts));
        }
    }
    let present = if seen.is_empty() {
        "no token is present (plugged in, and initialised?)".to_string()
    } else {
        format!("present: {}", seen.join(", "))
    };
    match matching.len() {
        1 => {
            let (slot, facts) = matching.pop().expect("one");
            Ok((context, slot, facts))
        }
        0 => Err(Error::Pkcs11(format!(
            "no token matches the URI's token/serial/manufacturer/model; {present}"
        ))),
        _ => Err(Error::Pkcs11(format!(
            "several tokens match; add token= or serial= to the URI; {present}"
        ))),
    }
}

fn logged_in(context: &Pkcs11, slot: Slot, pin: &str, token: &str) -> Result<Session, Error> {
    let session = context
        .open_rw_session(slot)
        .map_err(|error| token_error("opening a session", error))?;
    let pin = AuthPin::from(pin.to_string());
    match session.login(UserType::User, Some(&pin)) {
        Ok(()) => Ok(session),
        Err(CkError::Pkcs11(RvError::PinIncorrect, _)) => Err(Error::Pkcs11(format!(
            "wrong PIN for the token {token:?} (tokens lock after a few wrong PINs: check it \
             before trying again)"
        ))),
        Err(CkError::Pkcs11(RvError::PinLocked, _)) => Err(Error::Pkcs11(format!(
            "the PIN of the token {token:?} is locked after too many wrong tries; unlock it \
             with the token's own tool (SO PIN or PUK)"
        ))),
        Err(error) => Err(token_error("logging in", error)),
    }
}

/// The one Ed25519 private key the URI's `object=`/`id=` names.
fn private_key(session: &Session, uri: &Pkcs11Uri) -> Result<ObjectHandle, Error> {
    let found = ed25519_objects(session, uri, ObjectClass::PRIVATE_KEY)?;
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::Pkcs11(format!(
            "no Ed25519 private key with {} on the token; create one with \
             scelle key generate --pkcs11 URI",
            describe_selectors(uri)
        ))),
        _ => Err(Error::Pkcs11(format!(
            "several Ed25519 private keys have {}; add id= to the URI",
            describe_selectors(uri)
        ))),
    }
}

/// The public key of the key the URI names: the public object with the
/// same label/id. Every signature is checked against it, so a public object
/// that does not match the private key makes signing fail, never succeed.
fn public_key_of(session: &Session, uri: &Pkcs11Uri) -> Result<PublicKey, Error> {
    let found = ed25519_objects(session, uri, ObjectClass::PUBLIC_KEY)?;
    match found.as_slice() {
        [one] => ec_point(session, *one),
        [] => Err(Error::Pkcs11(format!(
            "the token has the private key with {} but not its public key object",
            describe_selectors(uri)
        ))),
        _ => Err(Error::Pkcs11(format!(
            "several public keys have {}; add id= to the URI",
            describe_selectors(uri)
        ))),
    }
}

/// The Ed25519 keys of `class` the URI's `object=`/`id=` select.
fn ed25519_objects(
    session: &Session,
    uri: &Pkcs11Uri,
    class: ObjectClass,
) -> Result<Vec<ObjectHandle>, Error> {
    let mut template = vec![
        Attribute::Class(class),
        Attribute::KeyType(KeyType::EC_EDWARDS),
    ];
    template.extend(selectors(uri));
    session
        .find_objects(&template)
        .map_err(|error| token_error("looking for the key", error))
}

fn selectors(uri: &Pkcs11Uri) -> Vec<Attribute> {
    let mut selectors = Vec::new();
    if let Some(label) = &uri.object {
        selectors.push(Attribute::Label(label.clone().into_bytes()));
    }
    if let Some(id) = &uri.id {
        selectors.push(Attribute::Id(id.clone()));
    }
    selectors
}

fn describe_selectors(uri: &Pkcs11Uri) -> String {
    let mut parts = Vec::new();
    if let Some(label) = &uri.object {
        parts.push(format!("object={label:?}"));
    }
    if let Some(id) = &uri.id {
        parts.push(format!(
            "id={}",
            id.iter().map(|b| format!("%{b:02x}")).collect::<String>()
        ));
    }
    parts.join(" and ")
}

fn label_of(session: &Session, object: ObjectHandle) -> Result<String, Error> {
    let attributes = session
        .get_attributes(object, &[AttributeType::Label])
        .map_err(|error| token_error("reading the key's label", error))?;
    Ok(attributes
        .into_iter()
        .find_map(|attribute| match attribute {
            Attribute::Label(label) => Some(String::from_utf8_lossy(&label).into_owned()),
            _ => None,
        })
        .unwrap_or_default())
}

/// The Ed25519 public key in a public key object's CKA_EC_POINT: a DER
/// OCTET STRING of 32 bytes (PKCS#11 3.0), or the 32 bytes alone (some
/// tokens).
fn ec_point(session: &Session, public: ObjectHandle) -> Result<PublicKey, Error> {
    let attributes = session
        .get_attributes(public, &[AttributeType::EcPoint])
        .map_err(|error| token_error("reading the public key", error))?;
    let point = attributes
        .into_iter()
        .find_map(|attribute| match attribute {
            Attribute::EcPoint(point) => Some(point),
            _ => None,
        })
        .ok_or_else(|| Error::Pkcs11("the public key object has no CKA_EC_POINT".into()))?;
    let raw = match point.as_slice() {
        [0x04, 32, key @ ..] if key.len() == 32 => key,
        key if key.len() == 32 => key,
        _ => {
            return Err(Error::Pkcs11(format!(
                "the public key object holds {} bytes, not an Ed25519 key",
                point.len()
            )))
        }
    };
    external_public_key(
        raw.try_into().expect("32 bytes"),
        "key on the PKCS#11 token",
    )
}

fn token_error(doing: &str, error: CkError) -> Error {
    Error::Pkcs11(format!("{doing}: {error}"))
}
