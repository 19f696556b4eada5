//! PKCS#11 URIs (RFC 7512): which token, which key, which module, where the PIN is.

use crate::Error;

/// A parsed `pkcs11:` URI. Path attributes select the token and the key;
/// query attributes say which module to load and where the PIN comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    /// `token=`: the token's label.
    pub token: Option<String>,
    /// `serial=`: the token's serial number.
    pub serial: Option<String>,
    /// `manufacturer=`: the token's manufacturer.
    pub manufacturer: Option<String>,
    /// `model=`: the token's model.
    pub model: Option<String>,
    /// `object=`: the key's label.
    pub object: Option<String>,
    /// `id=`: the key's CKA_ID bytes.
    pub id: Option<Vec<u8>>,
    /// `module-path=`: the PKCS#11 library to load.
    pub module_path: Option<String>,
    /// `pin-source=`: a file holding the PIN (`file:` prefix optional).
    pub pin_source: Option<String>,
    /// `pin-value=`: the PIN itself (visible in `ps`; prefer pin-source).
    pub pin_value: Option<String>,
}

impl Pkcs11Uri {
    /// Parses `text`, refusing attributes it does not know (a key chosen by
    /// an attribute scelle ignored could be the wrong key).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad =
            |why: String| Error::Pkcs11(format!("{text:?} is not a usable PKCS#11 URI: {why}"));
        let rest = text
            .strip_prefix("pkcs11:")
            .ok_or_else(|| bad("it must start with pkcs11:".into()))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut uri = Self::default();
        for (attribute, separator) in [(path, ';'), (query, '&')] {
            for pair in attribute.split(separator).filter(|pair| !pair.is_empty()) {
                let (name, value) = pair
                    .split_once('=')
                    .ok_or_else(|| bad(format!("{pair:?} has no '='")))?;
                let bytes = percent_decode(value).map_err(|why| bad(format!("{name}: {why}")))?;
                let text = || {
                    String::from_utf8(bytes.clone())
                        .map_err(|_| bad(format!("{name} is not UTF-8 text")))
                };
                let slot = match (separator, name) {
                    (';', "token") => &mut uri.token,
                    (';', "serial") => &mut uri.serial,
                    (';', "manufacturer") => &mut uri.manufacturer,
                    (';', "model") => &mut uri.model,
                    (';', "object") => &mut uri.object,
                    (';', "id") => {
                        uri.id = Some(bytes);
                        continue;
                    }
                    (';', "type") if value == "private" => continue,
                    ('&', "module-path") => &mut uri.module_path,
                    ('&', "pin-source") => &mut uri.pin_source,
                    ('&', "pin-value") => &mut uri.pin_value,
                    _ => {
                        return Err(bad(format!(
                            "attribute {name:?} is not one scelle uses (token, serial, \
                             manufacturer, model, object, id, type=private; ?module-path, \
                             pin-source, pin-value)"
                        )))
                    }
                };
                *slot = Some(text()?);
            }
        }
        if uri.object.is_none() && uri.id.is_none() {
            return Err(bad("name the key with object=LABEL (or id=...)".into()));
        }
        Ok(uri)
    }
}

fn percent_decode(value: &str) -> Result<Vec<u8>, String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = value
                .get(at + 1..at + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or("a '%' not followed by two hex digits")?;
            out.push(hex);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7512_attributes_are_read() {
        let uri = Pkcs11Uri::parse(
            "pkcs11:token=Scell%C3%A9s%20CJ;serial=ab12;object=dupont;id=%01%02;type=private\
             ?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin",
        )
        .unwrap();
        assert_eq!(uri.token.as_deref(), Some("Scellés CJ"));
        assert_eq!(uri.serial.as_deref(), Some("ab12"));
        assert_eq!(uri.object.as_deref(), Some("dupont"));
        assert_eq!(uri.id, Some(vec![1, 2]));
        assert_eq!(
            uri.module_path.as_deref(),
            Some("/usr/lib/softhsm/libsofthsm2.so")
        );
        assert_eq!(uri.pin_source.as_deref(), Some("file:/run/pin"));
    }

    #[test]
    fn unknown_attributes_and_missing_keys_are_refused() {
        for (text, expected) in [
            ("pkcs11:token=t;object=k;slot-id=3", "not one scelle uses"),
            ("pkcs11:token=t", "name the key"),
            ("pkcs11:token=t%4;object=k", "two hex digits"),
            ("pkcs11:token;object=k", "has no '='"),
        ] {
            let error = Pkcs11Uri::parse(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
