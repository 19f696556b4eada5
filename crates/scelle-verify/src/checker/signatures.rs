//! The two signatures of a bag (manifest.json's and the tag manifest's),
//! the key that checks them, and what anchors the verdict.

use scelle_archive::layout::{MANIFEST, SIGNATURE, TAG_MANIFEST, TAG_SIGNATURE};
use scelle_archive::TrustedComment;
use scelle_sign::{Prehasher, PublicKey, SignatureFile};

use super::{Checker, Options};
use crate::report::{Anchor, FindingKind as K, SignatureReport, SignatureStatus};

impl<'a> Checker<'a> {
    pub(super) fn parse_signature(&mut self, rel: &str, bytes: &[u8]) -> Option<SignatureFile> {
        let member = self.member_name(rel);
        match std::str::from_utf8(bytes)
            .map_err(|_| "not UTF-8 text".to_string())
            .and_then(|text| SignatureFile::parse(text, &member).map_err(|error| error.to_string()))
        {
            Ok(signature) => Some(signature),
            Err(message) => {
                self.findings.add(K::Signature, Some(&member), message);
                None
            }
        }
    }

    /// The tag manifest's signature is the one tag file nothing else
    /// covers, so its unsigned comment line must be exactly scelle's.
    pub(super) fn parse_tag_signature(&mut self, bytes: &[u8]) {
        let Some(signature) = self.parse_signature(TAG_SIGNATURE, bytes) else {
            return;
        };
        let canonical = SignatureFile {
            untrusted_comment: scelle_sign::SIGNATURE_COMMENT.into(),
            ..signature.clone()
        }
        .to_file_text();
        if canonical.as_bytes() != bytes {
            let member = self.member_name(TAG_SIGNATURE);
            self.findings.add(
                K::Signature,
                Some(&member),
                "the signature file is not in the form scelle writes (its untrusted comment or \
                 line breaks were changed)",
            );
        }
        self.tag_signature = Some(signature);
    }

    /// The key the signature is checked with: the one given, or the trusted
    /// key whose id the signature names.
    pub(super) fn checking_key(&self) -> Option<&'a PublicKey> {
        let options: &'a Options = self.options;
        options.public_key.as_ref().or_else(|| {
            let named = self.signature.as_ref()?.key_id;
            options
                .trusted_keys
                .iter()
                .find(|key| key.key_id() == named)
        })
    }

    /// The key that checked a valid signature anchors the verdict when
    /// its fingerprint was pinned; with `--fingerprint`, another key is a finding.
    pub(super) fn key_anchor(&mut self, signature: &SignatureReport) -> Option<Anchor> {
        let used = signature
            .public_key_fingerprint_sha256
            .filter(|_| signature.status == SignatureStatus::Verified)?;
        if let Some(pinned) = self.options.fingerprint {
            if pinned != used {
                let member = self.member_name(SIGNATURE);
                self.findings.mismatch(
                    K::KeyNotPinned,
                    Some(&member),
                    "the signing key is not the one whose fingerprint was given (--fingerprint)",
                    pinned,
                    used,
                );
                return None;
            }
            return Some(Anchor::Fingerprint);
        }
        self.options
            .pinned_keys
            .contains(&used)
            .then_some(Anchor::Keyring)
    }

    pub(super) fn check_signature(&mut self) -> SignatureReport {
        let member = self.member_name(SIGNATURE);
        let mut report = SignatureReport {
            status: SignatureStatus::Missing,
            key_id: self.signature.as_ref().map(|signature| signature.key_id),
            trusted_comment: self
                .signature
                .as_ref()
                .map(|signature| signature.trusted_comment.clone()),
            public_key_fingerprint_sha256: self.checking_key().map(PublicKey::fingerprint),
            key_source: None,
        };
        let (Some(signature), Some(prehash)) = (&self.signature, &self.manifest.prehash) else {
            return report;
        };
        let Some(public) = self.checking_key() else {
            report.status = SignatureStatus::NotChecked;
            return report;
        };
        match public.verify_prehash(signature, prehash, &member) {
            Ok(verified) => {
                report.status = SignatureStatus::Verified;
                self.check_trusted_comment(&verified.trusted_comment, MANIFEST);
                if let Some(footer) = &self.manifest.footer {
                    report.key_source = footer.signer.key_source.clone();
                    let recorded = footer
                        .signer
                        .key_source
                        .as_ref()
                        .map(|source| source.kind());
                    let stated = TrustedComment::key_kind(&verified.trusted_comment);
                    if let (Some(recorded), Some(stated)) = (recorded, stated) {
                        if recorded != stated {
                            self.findings.mismatch(
                                K::Manifest,
                                Some(&member),
                                "manifest.json and the trusted comment disagree on where the signing key was kept",
                                recorded,
                                stated,
                            );
                        }
                    }
                    if footer.signer.public_key_fingerprint_sha256 != public.fingerprint() {
                        let recorded = footer.signer.public_key_fingerprint_sha256;
                        self.findings.mismatch(
                            K::Manifest,
                            Some(&member),
                            "manifest.json names another signer than the key that signed it",
                            recorded,
                            public.fingerprint(),
                        );
                    }
                }
            }
            Err(scelle_sign::Error::KeyMismatch {
                expected, found, ..
            }) => {
                report.status = SignatureStatus::OtherKey;
                // What manifest.json says of its signer is unverified, but
                // tells the expert which key to ask for.
                let stated = self
                    .manifest
                    .footer
                    .as_ref()
                    .map(|footer| {
                        format!(" (SHA256:{})", footer.signer.public_key_fingerprint_sha256)
                    })
                    .unwrap_or_default();
                self.findings.mismatch(
                    K::Signature,
                    Some(&member),
                    "signed by another key than the one given (its fingerprint is the one \
                     manifest.json states): this seal was not made with the key you hold",
                    format!("{expected} (SHA256:{})", public.fingerprint()),
                    format!("{found}{stated}"),
                );
            }
            Err(error) => {
                report.status = SignatureStatus::Invalid;
                self.findings
                    .add(K::Signature, Some(&member), without_origin(&error, &member));
            }
        }
        report
    }
    /// The tag manifest's signature, by the key that checks the manifest's.
    pub(super) fn check_tag_signature(&mut self) {
        let member = self.member_name(TAG_SIGNATURE);
        let (Some(signature), Some(text), Some(public)) = (
            self.tag_signature.take(),
            self.tag_manifest.as_ref(),
            self.checking_key(),
        ) else {
            return;
        };
        let mut prehash = Prehasher::new();
        prehash.update(text);
        let manifest_signer = self.signature.as_ref().map(|signature| signature.key_id);
        match public.verify_prehash(&signature, &prehash.finish(), &member) {
            Ok(verified) => self.check_trusted_comment(&verified.trusted_comment, TAG_MANIFEST),
            // The same other key signed manifest.json: said once, there.
            Err(scelle_sign::Error::KeyMismatch { found, .. })
                if Some(found) == manifest_signer =>
            {
                self.findings.knock_on(K::Signature)
            }
            Err(error) => {
                self.findings
                    .add(K::Signature, Some(&member), without_origin(&error, &member))
            }
        }
    }

    /// A signed trusted comment must name this evidence id and the file it
    /// signs: a signature lifted from another archive, or from the other
    /// signed file, names something else.
    pub(super) fn check_trusted_comment(&mut self, comment: &str, file: &str) {
        let id = self.id.clone().unwrap_or_default();
        if !TrustedComment::names(comment, &id, file) {
            let member = self.member_name(&format!("{file}.minisig"));
            self.findings.mismatch(
                K::Signature,
                Some(&member),
                "the signed trusted comment names another evidence id or file",
                format!("evidence:{id} file:{file}"),
                comment,
            );
        }
    }
}

/// A signature error's words without the file name it starts with (the
/// finding names the member already).
fn without_origin(error: &scelle_sign::Error, member: &str) -> String {
    let text = error.to_string();
    match text.strip_prefix(member) {
        Some(rest) => rest.trim_start_matches(':').trim_start().to_string(),
        None => text,
    }
}
