//! The exact bytes of a log line.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::Entry;

const SIG_MARK: &[u8] = b",\"sig\":\"";
const END: &[u8] = b"\"}";

/// Serialises `entry` and signs it: `{"entry":<json>,"sig":"<base64>"}`,
/// without the newline. The signature covers the bytes before `,"sig":"`.
pub fn encode_line<E>(
    entry: &Entry,
    sign: impl FnOnce(&[u8]) -> Result<[u8; 64], E>,
) -> Result<Vec<u8>, E> {
    let mut line = b"{\"entry\":".to_vec();
    line.extend_from_slice(&serde_json::to_vec(entry).expect("entries always serialise"));
    let signature = sign(&line)?;
    line.extend_from_slice(SIG_MARK);
    line.extend_from_slice(STANDARD.encode(signature).as_bytes());
    line.extend_from_slice(END);
    Ok(line)
}

/// A line taken apart.
#[derive(Debug)]
pub struct LineParts<'a> {
    /// The bytes the signature covers.
    pub signed: &'a [u8],
    /// The signature.
    pub signature: [u8; 64],
    /// The entry.
    pub entry: Entry,
}

/// Splits a line (without newline) into signed bytes, signature and entry;
/// the error says in plain words what is wrong with the layout.
pub fn split_line(line: &[u8]) -> Result<LineParts<'_>, String> {
    let mark = line
        .windows(SIG_MARK.len())
        .rposition(|window| window == SIG_MARK)
        .ok_or("no \"sig\" field at the end of the line")?;
    let signed = &line[..mark];
    let rest = &line[mark + SIG_MARK.len()..];
    let encoded = rest
        .strip_suffix(END)
        .ok_or("the line does not end right after the signature")?;
    let decoded = STANDARD
        .decode(encoded)
        .map_err(|_| "the signature is not valid base64".to_string())?;
    let signature: [u8; 64] = decoded
        .try_into()
        .map_err(|_| "the signature is not 64 bytes".to_string())?;
    let json = signed
        .strip_prefix(b"{\"entry\":")
        .ok_or("the line does not start with {\"entry\":")?;
    let entry: Entry =
        serde_json::from_slice(json).map_err(|error| format!("the entry is not valid: {error}"))?;
    Ok(LineParts {
        signed,
        signature,
        entry,
    })
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use scelle_sign::{SecretKey, Signer};

    proptest! {
        #[test]
        fn any_entry_round_trips_and_its_signature_holds(
            actor in proptest::option::of("\\PC{0,40}"),
            text in "\\PC{0,200}",
            seq in any::<u64>(),
            extra in proptest::option::of("[a-z]{1,10}"),
        ) {
            let key = SecretKey::generate().unwrap();
            let public = key.public_key();
            let mut entry = Entry {
                v: 1,
                seq,
                prev: scelle_hash::Sha256Digest::of(text.as_bytes()),
                time: "2026-11-25T10:00:00.000Z".into(),
                event: "note".into(),
                evidence_id: scelle_archive::EvidenceId::parse("ev").unwrap(),
                actor,
                host: None,
                key_id: public.key_id(),
                public_key: public.to_base64(),
                key_source: Some(scelle_sign::KeySource::File),
                details: [("text".to_string(), serde_json::Value::from(text))].into_iter().collect(),
                extra: Default::default(),
            };
            if let Some(field) = extra {
                entry.extra.insert(format!("x_{field}"), serde_json::Value::from(1));
            }
            let line = encode_line(&entry, |bytes| key.sign_bytes(bytes)).unwrap();
            prop_assert!(!line.contains(&b'\n'), "one entry, one line");
            let parts = split_line(&line).unwrap();
            prop_assert_eq!(&parts.entry, &entry);
            prop_assert!(public.verify_bytes(parts.signed, &parts.signature));
        }
    }
}
