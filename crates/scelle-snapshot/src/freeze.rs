//! The whole freeze: header, collection, signed manifest, seal.

use std::ffi::OsString;
use std::io::{BufWriter, Seek, Write};
use std::path::PathBuf;

use chrono::{SecondsFormat, Utc};
use globset::{Glob, GlobSetBuilder};
use scelle_archive::{
    layout, ContainerOptions, ContainerWriter, EvidenceId, Sealed, TrustedComment,
};
use scelle_hash::Sha256Digest;
use scelle_manifest::{
    Acquisition, Case, Footer, Header, LosslessText, ManifestWriter, Signer, Status, Tool, Totals,
    FORMAT_NAME, FORMAT_VERSION,
};

use crate::collect::{Collector, RootOptions, Rules};
use crate::command::CommandSpec;
use crate::image::ImageOptions;
use crate::stat::Stat;
use crate::{host_facts, running_binary_sha256, Error, Progress};

/// How many incomplete items a [`FreezeOutcome`] lists; all are in the manifest.
pub const MAX_LISTED_INCOMPLETE: usize = 1000;

/// What to collect and how.
#[derive(Clone, Debug)]
pub struct FreezeRequest {
    /// Evidence id: bag name and archive name (already validated by the caller).
    pub evidence_id: String,
    /// Absolute paths to collect.
    pub roots: Vec<PathBuf>,
    /// Glob patterns matched against absolute paths; a match is recorded as skipped.
    pub excludes: Vec<String>,
    /// Stay on each root's filesystem.
    pub one_file_system: bool,
    /// Follow symlinks inside the scene.
    pub follow_symlinks: bool,
    /// Disk, volume or image files to image into `data/images/`, after the files.
    pub images: Vec<PathBuf>,
    /// How images are read.
    pub image_options: ImageOptions,
    /// Rules for particular roots (from a profile); others get the defaults.
    pub root_options: std::collections::HashMap<PathBuf, RootOptions>,
    /// Paths a profile asked for that are not on this host, recorded as skipped.
    pub missing: Vec<(PathBuf, String)>,
    /// Paths the responder asked for that cannot be reached (absent, no
    /// permission), recorded as unreadable: the freeze is incomplete.
    pub unreachable: Vec<(PathBuf, String)>,
    /// Live-response commands, run in order before anything else is read.
    pub commands: Vec<CommandSpec>,
    /// A trusted time the responder typed, with the host clock's offset.
    pub clock_reference: Option<scelle_manifest::ClockReference>,
    /// The profile used, for the record.
    pub profile: Option<scelle_manifest::ProfileRecord>,
    /// Paths never collected, recorded as skipped: where the archive itself is
    /// being written, when that lies inside the scene. They are matched by
    /// device and inode, so a bind mount or another path reaching them is
    /// caught too.
    pub never_collect: Vec<PathBuf>,
    /// How long a read may make no progress before the file is given up
    /// (recorded `unreadable` with the offset reached).
    pub read_timeout: std::time::Duration,
    /// Compression.
    pub container: ContainerOptions,
    /// Case facts.
    pub case: Case,
    /// Who runs the acquisition.
    pub operator: Option<String>,
    /// The exact command line, for the record.
    pub command_line: Vec<OsString>,
    /// Where the payload manifest and manifest.json wait until appended
    /// (unnamed temporary files, gone when closed).
    pub temp_dir: PathBuf,
}

impl FreezeRequest {
    /// A request with default options.
    pub fn new(evidence_id: &str, roots: Vec<PathBuf>, temp_dir: PathBuf) -> Self {
        Self {
            evidence_id: evidence_id.to_string(),
            roots,
            excludes: Vec::new(),
            one_file_system: false,
            follow_symlinks: false,
            never_collect: Vec::new(),
            images: Vec::new(),
            image_options: ImageOptions::default(),
            root_options: Default::default(),
            missing: Vec::new(),
            unreachable: Vec::new(),
            commands: Vec::new(),
            clock_reference: None,
            profile: None,
            read_timeout: crate::timed::DEFAULT_READ_TIMEOUT,
            container: ContainerOptions::default(),
            case: Case::default(),
            operator: None,
            command_line: std::env::args_os().collect(),
            temp_dir,
        }
    }
}

/// An item that is not complete, for the final summary.
#[derive(Clone, Debug)]
pub struct Incomplete {
    /// Its original path.
    pub path: LosslessText,
    /// Changed or unreadable.
    pub status: Status,
    /// What happened.
    pub reason: String,
}

/// What a finished freeze produced.
#[derive(Debug)]
pub struct FreezeOutcome<W> {
    /// The archive output and its seal hash and size.
    pub sealed: Sealed<W>,
    /// SHA-256 of manifest.json.
    pub manifest_sha256: Sha256Digest,
    /// Counts over all items.
    pub totals: Totals,
    /// The first [`MAX_LISTED_INCOMPLETE`] incomplete items.
    pub incomplete: Vec<Incomplete>,
    /// Start and end, RFC 3339 UTC.
    pub started: String,
    /// End of the acquisition.
    pub ended: String,
}

/// Collects `request.roots` into `output`, signs the manifest with `signer`
/// and returns the seal. The caller makes `output` durable (fsync, rename).
pub fn freeze<W: Write>(
    request: &FreezeRequest,
    signer: &dyn scelle_sign::Signer,
    output: W,
    progress: &dyn Progress,
) -> Result<FreezeOutcome<W>, Error> {
    let started_at = Utc::now();
    let started = rfc3339(started_at);
    let rules = rules(request)?;
    let header = header(request, &started)?;
    // Tag files carry the acquisition start in whole seconds: a verifier
    // re-derives their headers from the signed `acquisition.started`.
    let options = ContainerOptions {
        tag_mtime: u64::try_from(started_at.timestamp()).unwrap_or(0),
        ..request.container.clone()
    };
    // Volatile state first: commands run before any file is read.
    let ran: Vec<_> = request
        .commands
        .iter()
        .map(|spec| {
            progress.item(std::path::Path::new(&spec.line));
            crate::command::run(spec, &request.temp_dir)
        })
        .collect();
    let mut container =
        ContainerWriter::new(output, &request.evidence_id, &options, &request.temp_dir)?;
    let mut manifest = ManifestWriter::new(
        BufWriter::new(tempfile::tempfile_in(&request.temp_dir)?),
        &header,
    )?;

    // zstd's workers have the other cores; read-ahead threads share them.
    let read_ahead_threads = (cores() / 2).max(1);
    let mut collector = Collector::new(
        Some(&mut container),
        &mut manifest,
        &rules,
        progress,
        read_ahead_threads,
    );
    collect_roots(&mut collector, request)?;
    collector.current = RootOptions::default();
    for (path, reason) in &request.missing {
        collector.record_missing(path, reason)?;
    }
    for (path, reason) in &request.unreachable {
        collector.record_unreachable(path, reason)?;
    }
    for image in &request.images {
        collector.collect_image(image, &request.image_options)?;
    }
    for (index, ran) in ran.into_iter().enumerate() {
        collector.store_command(index, ran)?;
    }
    let incomplete = std::mem::take(&mut collector.incomplete);

    container.close_payload(&bag_info(request))?;
    let readme = verify_readme(&request.evidence_id);
    container.append_tag(layout::README, readme.len() as u64, &mut readme.as_bytes())?;
    let ended = now();
    let public = signer.public_key();
    let footer = Footer {
        ended: ended.clone(),
        totals: Totals::default(),
        signer: Signer::of(&public, Some(signer.source())),
    };
    let totals = manifest.totals().clone();
    let mut manifest_file = manifest
        .finish(footer)?
        .into_inner()
        .map_err(|error| error.into_error())?;
    let manifest_size = manifest_file.stream_position()?;

    manifest_file.rewind()?;
    let comment = TrustedComment::now(
        &request.evidence_id,
        env!("CARGO_PKG_VERSION"),
        signer.source().kind(),
    );
    let signature = signer
        .sign_reader(&mut manifest_file, &comment.to_text(layout::MANIFEST))?
        .to_file_text();

    manifest_file.rewind()?;
    let manifest_sha256 =
        container.append_tag(layout::MANIFEST, manifest_size, &mut manifest_file)?;
    container.append_tag(
        layout::SIGNATURE,
        signature.len() as u64,
        &mut signature.as_bytes(),
    )?;
    // The tag manifest covers every other tag file (bag-info.txt, VERIFY.txt,
    // both manifests, the manifest's signature): signing it leaves no byte
    // outside the payload unsigned.
    let tag_manifest = container.tag_manifest();
    let tag_signature = signer
        .sign_reader(
            &mut tag_manifest.as_bytes(),
            &comment.to_text(layout::TAG_MANIFEST),
        )?
        .to_file_text();
    let sealed = container.finish(&tag_signature)?;
    Ok(FreezeOutcome {
        sealed,
        manifest_sha256,
        totals,
        incomplete,
        started,
        ended,
    })
}

/// The cores this process may run on.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| cores.get())
}

/// The collection rules of a request.
fn rules(request: &FreezeRequest) -> Result<Rules, Error> {
    Ok(Rules {
        excludes: exclude_set(&request.excludes)?,
        exclude_patterns: request.excludes.clone(),
        one_file_system: request.one_file_system,
        follow_symlinks: request.follow_symlinks,
        never_collect: request
            .never_collect
            .iter()
            .filter_map(|path| Stat::at(rustix::fs::CWD, path.as_os_str(), true).ok())
            .map(|stat| stat.identity())
            .collect(),
        read_timeout: request.read_timeout,
    })
}

/// Collects every root with its own rules.
fn collect_roots<W: Write, M: Write>(
    collector: &mut Collector<'_, W, M>,
    request: &FreezeRequest,
) -> Result<(), Error> {
    for root in &request.roots {
        collector.current = request.root_options.get(root).cloned().unwrap_or_default();
        collector.collect_root(root)?;
    }
    collector.current = RootOptions::default();
    Ok(())
}

/// The `format` of a baseline file: a manifest.json of hashes, no content.
pub const BASELINE_FORMAT: &str = "scelle-baseline";

/// Hashes and records `request.roots` without copying anything: a signed
/// integrity baseline (the caller signs what is written to `output`).
/// Same item records and path mapping as manifest.json, `format`
/// [`BASELINE_FORMAT`], no `archive_path`.
pub fn baseline<W: Write>(
    request: &FreezeRequest,
    signer: Signer,
    output: W,
    progress: &dyn Progress,
) -> Result<(W, Totals), Error> {
    let rules = rules(request)?;
    let mut header = header(request, &now())?;
    header.format = BASELINE_FORMAT.into();
    let mut manifest = ManifestWriter::new(output, &header)?;
    // Hashing only: every core reads and hashes ahead.
    let mut collector =
        Collector::<std::io::Sink, W>::new(None, &mut manifest, &rules, progress, cores());
    collect_roots(&mut collector, request)?;
    let totals = manifest.totals().clone();
    let output = manifest.finish(Footer {
        ended: now(),
        totals: Totals::default(),
        signer,
    })?;
    Ok((output, totals))
}

fn now() -> String {
    rfc3339(Utc::now())
}

fn rfc3339(time: chrono::DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn exclude_set(patterns: &[String]) -> Result<globset::GlobSet, Error> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|error| Error::Exclude {
            pattern: pattern.clone(),
            reason: error.kind().to_string(),
        })?;
        set.add(glob);
    }
    set.build().map_err(|error| Error::Exclude {
        pattern: patterns.join(" "),
        reason: error.to_string(),
    })
}

fn header(request: &FreezeRequest, started: &str) -> Result<Header, Error> {
    Ok(Header {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        evidence_id: EvidenceId::parse(&request.evidence_id)?,
        tool: Tool {
            name: "scelle".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            binary_sha256: running_binary_sha256(),
        },
        case: request.case.clone(),
        host: host_facts(),
        acquisition: Acquisition {
            started: started.to_string(),
            operator: request.operator.clone(),
            uid: nix::unistd::getuid().as_raw(),
            command_line: request
                .command_line
                .iter()
                .map(|arg| LosslessText::from_os(arg))
                .collect(),
            roots: request
                .roots
                .iter()
                .map(|root| LosslessText::from_os(root.as_os_str()))
                .collect(),
            excludes: request.excludes.clone(),
            one_file_system: request.one_file_system,
            follow_symlinks: request.follow_symlinks,
            compression_level: request.container.level,
            clock_reference: request.clock_reference.clone(),
            profile: request.profile.clone(),
        },
    })
}

/// VERIFY.txt: how to check the bag with standard tools, in English and in
/// French (UTF-8, as BagIt's tag files are, accents included).
fn verify_readme(id: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let lines = [
        format!("VERIFY.txt - {id}"),
        String::new(),
        format!("EN  This archive was sealed by scelle {version}. To check it with standard tools only:"),
        format!("  1. sha256sum {id}.tar.zst"),
        "       must print the seal hash written in the procès-verbal.".into(),
        format!("  2. tar --zstd -xf {id}.tar.zst                      (GNU tar and zstd)"),
        format!("  3. minisign -Vm {id}/scelle/manifest.json -p responder.pub"),
        format!("     minisign -Vm {id}/tagmanifest-sha256.txt -p responder.pub"),
        "       with the responder's public key, whose SHA-256 fingerprint".into(),
        "       (tail -n 1 responder.pub | base64 -d | sha256sum) is in the procès-verbal.".into(),
        format!("  4. cd {id} && sha256sum -c tagmanifest-sha256.txt && sha256sum -c manifest-sha256.txt"),
        format!("       or: python3 -m bagit --validate {id}"),
        "  5. scelle/manifest.json lists every item: original path, metadata, SHA-256, status.".into(),
        "  The full procedure is VERIFY-WITHOUT-SCELLE.md, in the docs/ directory of scelle's sources.".into(),
        String::new(),
        format!("FR  Cette archive a été placée sous scellé par scelle {version}. Pour la vérifier avec"),
        "    des outils standard uniquement :".into(),
        format!("  1. sha256sum {id}.tar.zst"),
        "       doit afficher l'empreinte du scellé inscrite au procès-verbal.".into(),
        format!("  2. tar --zstd -xf {id}.tar.zst                      (GNU tar et zstd)"),
        format!("  3. minisign -Vm {id}/scelle/manifest.json -p responder.pub"),
        format!("     minisign -Vm {id}/tagmanifest-sha256.txt -p responder.pub"),
        "       avec la clé publique de l'intervenant, dont l'empreinte SHA-256".into(),
        "       (tail -n 1 responder.pub | base64 -d | sha256sum) figure au procès-verbal.".into(),
        format!("  4. cd {id} && sha256sum -c tagmanifest-sha256.txt && sha256sum -c manifest-sha256.txt"),
        format!("       ou : python3 -m bagit --validate {id}"),
        "  5. scelle/manifest.json décrit chaque élément : chemin d'origine, métadonnées, SHA-256, état.".into(),
        "  La procédure complète est VERIFY-WITHOUT-SCELLE.md, dans le répertoire docs/ des sources de scelle.".into(),
    ];
    lines.join("\n") + "\n"
}

/// bag-info.txt fields from the case facts (Bagging-Date and Payload-Oxum are added by the container).
fn bag_info(request: &FreezeRequest) -> Vec<(String, String)> {
    let case = &request.case;
    let mut fields = vec![
        (
            "External-Identifier".to_string(),
            request.evidence_id.clone(),
        ),
        (
            "Bag-Software-Agent".to_string(),
            format!("scelle {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    let optional = [
        ("Source-Organization", &case.organization),
        ("Contact-Name", &case.examiner),
        ("Internal-Sender-Identifier", &case.case_id),
        ("External-Description", &case.title),
    ];
    for (label, value) in optional {
        if let Some(value) = value {
            fields.push((label.to_string(), value.clone()));
        }
    }
    fields
}
