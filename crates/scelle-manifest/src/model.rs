//! The typed content of manifest.json. Field names and meanings are specified
//! in docs/FORMAT.md and checked by docs/manifest.schema.json.

use scelle_archive::EvidenceId;
use scelle_hash::Sha256Digest;
use scelle_sign::KeyId;
use serde::{Deserialize, Serialize};

use crate::LosslessText;

/// Everything known before the first item is collected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`crate::FORMAT_NAME`].
    pub format: String,
    /// Always [`crate::FORMAT_VERSION`] for what this crate writes.
    pub format_version: u32,
    /// The evidence id: the bag's directory name and the archive's file name.
    pub evidence_id: EvidenceId,
    /// The program that sealed the evidence.
    pub tool: Tool,
    /// The legal and organisational frame of the seal.
    pub case: Case,
    /// Facts about the machine the evidence was collected on.
    pub host: Host,
    /// How the acquisition was run.
    pub acquisition: Acquisition,
}

/// The sealing program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `scelle`.
    pub name: String,
    /// Its version.
    pub version: String,
    /// SHA-256 of the executable that ran, so the exact build can be found again.
    pub binary_sha256: Option<Sha256Digest>,
}

/// Case facts given by the responder; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Case or file number.
    pub case_id: Option<String>,
    /// Short title.
    pub title: Option<String>,
    /// The order or law the seal rests on, e.g. "ordonnance art. 145 CPC, TJ Paris, 2026-11-20".
    pub legal_basis: Option<String>,
    /// Who examines or seals.
    pub examiner: Option<String>,
    /// On whose behalf.
    pub organization: Option<String>,
    /// Free notes, in the order given.
    pub notes: Vec<String>,
    /// The incident case file the evidence was sealed for (`--case-dir`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<Incident>,
}

/// Facts of the incident case file an archive was sealed for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// When the incident was discovered (RFC 3339 UTC).
    pub discovered: String,
    /// Personal data involved.
    pub personal_data: bool,
    /// NIS2 class (`essential`, `important`) or `None`.
    pub nis2: Option<String>,
    /// Opérateur d'importance vitale.
    pub oiv: bool,
    /// Categories of impact at sealing time.
    pub impact: Vec<String>,
    /// SHA-256 of the case journal's last line when sealing began: the
    /// archive is bound to the journal as it then stood.
    pub journal_sha256: Sha256Digest,
}

/// The host evidence was collected on, as read at the start.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    /// `gethostname(2)`.
    pub hostname: Option<String>,
    /// `PRETTY_NAME` from /etc/os-release.
    pub os_release: Option<String>,
    /// `uname -srvm`.
    pub kernel: Option<String>,
    /// /etc/machine-id.
    pub machine_id: Option<String>,
    /// Boot time from /proc/stat, RFC 3339 UTC.
    pub boot_time: Option<String>,
    /// The host's configured time zone (/etc/timezone or the /etc/localtime link).
    pub time_zone: Option<String>,
}

/// How the acquisition ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acquisition {
    /// The host clock at the start, RFC 3339 UTC with nanoseconds.
    pub started: String,
    /// Who ran it (as given, or the login name).
    pub operator: Option<String>,
    /// User id the acquisition ran as.
    pub uid: u32,
    /// The exact command line, argument by argument.
    pub command_line: Vec<LosslessText>,
    /// The paths given to collect, made absolute.
    pub roots: Vec<LosslessText>,
    /// `--exclude` patterns.
    pub excludes: Vec<String>,
    /// Whether collection stayed on each root's filesystem.
    pub one_file_system: bool,
    /// Whether symbolic links inside the scene were followed.
    pub follow_symlinks: bool,
    /// zstd compression level.
    pub compression_level: i32,
    /// The time the responder read from a trusted clock, and the offset of the host clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_reference: Option<ClockReference>,
    /// The collection profile used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileRecord>,
}

/// A trusted time typed by the responder (RFC 3227 asks for the clock offset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockReference {
    /// The trusted time as given, RFC 3339.
    pub reference_time: String,
    /// The host clock when it was given, RFC 3339 UTC.
    pub host_clock: String,
    /// Host clock minus reference, in milliseconds (positive: the host is ahead).
    pub host_offset_ms: i64,
}

/// Which collection profile drove the acquisition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileRecord {
    /// Its name.
    pub name: String,
    /// SHA-256 of its TOML text, so the exact profile can be found again.
    pub sha256: scelle_hash::Sha256Digest,
}

/// What an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// Regular file; content in `data/files/`.
    File,
    /// Directory; metadata only.
    Dir,
    /// Symbolic link; the target is recorded, never followed unless asked.
    Symlink,
    /// A further name of a regular file already stored; content stored once.
    Hardlink,
    /// FIFO, socket or device node; metadata only, never opened.
    Special,
    /// Disk or volume image.
    Image,
    /// Live-response command output.
    Command,
    /// Not known: it vanished or could not be reached before it was stat'ed.
    Unknown,
}

impl ItemKind {
    /// The word used in manifest.json.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::File => "file",
            ItemKind::Dir => "dir",
            ItemKind::Symlink => "symlink",
            ItemKind::Hardlink => "hardlink",
            ItemKind::Special => "special",
            ItemKind::Image => "image",
            ItemKind::Command => "command",
            ItemKind::Unknown => "unknown",
        }
    }
}

/// How completely an item was acquired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Everything as stat'ed was read and stored.
    Complete,
    /// The item changed while it was read; what was stored is described in `reason` and `read`.
    Changed,
    /// The item (or part of it) could not be read; `reason` has the OS error.
    Unreadable,
    /// Deliberately not collected (excluded, other filesystem); `reason` says why.
    Skipped,
    /// An image with sectors that could not be read; they are stored as zeros
    /// and listed in `image.unreadable_ranges`.
    #[serde(rename = "unreadable-ranges")]
    UnreadableRanges,
    /// A live-response command that ran and ended with a non-zero exit code
    /// or was killed by a signal; what it printed is stored.
    Failed,
    /// Listed in its directory, gone when examined or opened; nothing of it
    /// is known but its name.
    Vanished,
}

impl Status {
    /// Changed, unreadable, with unreadable ranges, failed or vanished:
    /// acquired only in part.
    pub fn is_incomplete(self) -> bool {
        matches!(
            self,
            Status::Changed
                | Status::Unreadable
                | Status::UnreadableRanges
                | Status::Failed
                | Status::Vanished
        )
    }

    /// The word used in manifest.json.
    pub fn name(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::Changed => "changed",
            Status::Unreadable => "unreadable",
            Status::Skipped => "skipped",
            Status::UnreadableRanges => "unreadable-ranges",
            Status::Failed => "failed",
            Status::Vanished => "vanished",
        }
    }
}

/// For special files: which kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpecialKind {
    /// Named pipe.
    Fifo,
    /// Unix-domain socket.
    Socket,
    /// Character device node.
    CharDevice,
    /// Block device node.
    BlockDevice,
}

/// What happened while a file's content was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadRecord {
    /// Size from `fstat` right after opening: the member size in the archive
    /// (except with `read_to_end`).
    pub announced_size: u64,
    /// Bytes the source actually yielded, up to `announced_size`.
    pub source_bytes: u64,
    /// Zero bytes added because the source yielded fewer than announced.
    pub zero_padded: u64,
    /// Whether the source had more bytes than announced (not stored).
    pub extra_bytes: bool,
    /// Size from `fstat` after reading.
    pub size_after: u64,
    /// Modification time from `fstat` after reading, in ns.
    pub mtime_after_ns: i64,
    /// Whether the file was opened with O_NOATIME, so its atime cannot have changed.
    pub noatime: bool,
    /// The file is on a kernel pseudo filesystem (procfs, sysfs, ...) whose
    /// `fstat` size is not its content's: it was read to its end (up to a
    /// cap), `source_bytes` is the member size and `announced_size` what
    /// `fstat` said.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_to_end: bool,
    /// For a file with fewer bytes allocated than its size: where its data
    /// lies. Holes were not read (they are zeros by definition) but are in
    /// the member and the hash like any other byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sparse: Option<SparseRecord>,
}

/// The layout of a sparse file, from `SEEK_DATA` / `SEEK_HOLE` at opening.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SparseRecord {
    /// Bytes the filesystem has allocated to it (`st_blocks` × 512).
    pub allocated_bytes: u64,
    /// The data extents, in order; everything else is holes.
    pub data: Vec<Extent>,
    /// How many data extents there are, when more than those listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_total: Option<u64>,
}

/// A byte range of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extent {
    /// Where it starts.
    pub offset: u64,
    /// How many bytes.
    pub length: u64,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// One record per thing found in the scene.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// The original absolute path, byte-exact.
    pub path: LosslessText,
    /// The tar member name inside the bag (e.g. `data/files/etc/passwd`), for stored content.
    pub archive_path: Option<String>,
    /// Completeness.
    pub status: Status,
    /// Why the status is not `complete`.
    pub reason: Option<String>,
    /// For specials: which kind.
    pub special: Option<SpecialKind>,
    /// Size in bytes as stat'ed (for stored files: the bytes stored).
    pub size: u64,
    /// SHA-256 of exactly the bytes stored.
    pub sha256: Option<Sha256Digest>,
    /// Permission bits (including setuid, setgid, sticky) as 4 octal digits.
    /// This and the other `stat` fields are null when nothing was stat'ed
    /// (an item that vanished or could not be reached, a command): never an
    /// invented 0.
    pub mode: Option<String>,
    /// Owner user id.
    pub uid: Option<u32>,
    /// Owner group id.
    pub gid: Option<u32>,
    /// Owner user name, where the host resolves it.
    pub user: Option<String>,
    /// Owner group name, where the host resolves it.
    pub group: Option<String>,
    /// Modification time, ns since the Unix epoch.
    pub mtime_ns: Option<i64>,
    /// Access time, ns since the Unix epoch (as found: scelle does not change it).
    pub atime_ns: Option<i64>,
    /// Inode change time, ns since the Unix epoch.
    pub ctime_ns: Option<i64>,
    /// Birth time, ns since the Unix epoch, where the filesystem records it.
    pub btime_ns: Option<i64>,
    /// Inode number.
    pub inode: Option<u64>,
    /// Device number of the containing filesystem.
    pub device: Option<u64>,
    /// Device number a device node stands for.
    pub rdev: Option<u64>,
    /// Hard link count.
    pub nlink: Option<u64>,
    /// Symlink target, or for a hard link the path of the name whose content was stored.
    pub link_target: Option<LosslessText>,
    /// Details of the content read, for files whose content was read.
    pub read: Option<ReadRecord>,
    /// For disk and volume images: pieces, unreadable ranges, device facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Box<ImageRecord>>,
    /// For live-response commands: what ran, how it ended, where its output is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Box<CommandRecord>>,
    /// For a directory that was listed: whether O_NOATIME was in effect.
    /// `false` (no ownership, no CAP_FOWNER) means listing it may have
    /// updated its atime; `atime_ns` is the one before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listing_noatime: Option<bool>,
    /// What `stat` does not tell (extended attributes, ACLs, file
    /// capabilities, inode flags); absent when there is none of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended: Option<Box<Extended>>,
}

/// Extended attributes and what is decoded from them, and inode flags:
/// where persistence hides (`cap_setuid=ep`, `chattr +i`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extended {
    /// Every extended attribute the collecting user could read, in every
    /// namespace (`user.`, `trusted.`, `security.`, `system.`), sorted by
    /// name, values byte-exact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub xattrs: Vec<Xattr>,
    /// Why the extended attributes could not be listed or read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xattrs_error: Option<String>,
    /// The access ACL (`system.posix_acl_access`) in `getfacl`'s short
    /// numeric form, e.g. `user::rw-,user:1000:r--,group::r--,mask::r--,other::r--`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acl_access: Option<String>,
    /// The default ACL of a directory (`system.posix_acl_default`), same form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acl_default: Option<String>,
    /// File capabilities (`security.capability`) as `getcap` writes them,
    /// e.g. `cap_net_raw,cap_setuid=ep`; `[rootid=N]` appended for a
    /// namespaced (version 3) capability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<String>,
    /// Inode flags set, as `statx` reports them: `immutable`, `append-only`,
    /// `nodump`, `compressed`, `encrypted`, `verity`, `dax`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

impl Extended {
    /// Whether there is nothing to record.
    pub fn is_empty(&self) -> bool {
        *self == Extended::default()
    }
}

/// One extended attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Xattr {
    /// Its full name, namespace included.
    pub name: LosslessText,
    /// Its value, byte-exact.
    pub value: LosslessText,
}

/// A program a shell command line names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramRecord {
    /// The name as written in the line.
    pub name: String,
    /// The executable it resolves to (symlinks resolved), if any.
    pub binary: Option<String>,
    /// SHA-256 of that executable, read with O_NOATIME.
    pub binary_sha256: Option<scelle_hash::Sha256Digest>,
}

/// One captured output stream of a command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputRecord {
    /// Member name inside the bag (`data/commands/NNN-slug.stdout|.stderr`).
    pub archive_path: String,
    /// Bytes stored.
    pub size: u64,
    /// SHA-256 of the bytes stored.
    pub sha256: scelle_hash::Sha256Digest,
    /// Bytes the command wrote in all (more than `size` when truncated).
    pub bytes_written: u64,
    /// Whether output beyond the cap was dropped.
    pub truncated: bool,
}

/// A live-response command and its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// The command line as given.
    pub command_line: String,
    /// Whether it ran through `/bin/sh -c`.
    pub shell: bool,
    /// The arguments executed.
    pub argv: Vec<String>,
    /// The executable that ran, resolved through PATH.
    pub binary: Option<String>,
    /// SHA-256 of that executable (a trojaned `ps` matters).
    pub binary_sha256: Option<scelle_hash::Sha256Digest>,
    /// Its permission bits, owner, size, mtime and inode, as found.
    pub binary_mode: Option<String>,
    /// Owner of the executable.
    pub binary_uid: Option<u32>,
    /// Size of the executable.
    pub binary_size: Option<u64>,
    /// Modification time of the executable, ns since the epoch.
    pub binary_mtime_ns: Option<i64>,
    /// Inode of the executable.
    pub binary_inode: Option<u64>,
    /// The whole environment it ran with.
    pub environment: std::collections::BTreeMap<String, String>,
    /// Start, RFC 3339 UTC with ns.
    pub started: String,
    /// End, RFC 3339 UTC with ns.
    pub ended: String,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// Exit code, when it exited.
    pub exit_code: Option<i32>,
    /// Signal that ended it, when one did.
    pub signal: Option<i32>,
    /// Whether the timeout passed before the command ended and closed its
    /// outputs: scelle then stopped reading and killed what was left.
    pub timed_out: bool,
    /// For a shell command line: the programs it names besides the shell
    /// (`ps -ef | grep x`: ps, grep), each resolved in the command PATH and
    /// hashed like `binary`. Builtins and programs chosen at run time are
    /// not in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<ProgramRecord>,
    /// Processes the command left behind (a daemon that escaped its process
    /// group, a background job), killed when it ended: "PID NAME" each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_running: Vec<String>,
    /// The timeout, seconds.
    pub timeout_secs: u64,
    /// Why it could not run, when it could not.
    pub error: Option<String>,
    /// Standard error (standard output is the item's own `archive_path`).
    pub stderr: Option<OutputRecord>,
    /// Standard output details (truncation, bytes written).
    pub stdout: Option<OutputRecord>,
}

/// A byte range of an image that could not be read (stored as zeros).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByteRange {
    /// First byte.
    pub offset: u64,
    /// Length in bytes.
    pub length: u64,
    /// The OS error of the first failed read in the range.
    pub error: String,
}

/// Facts about an imaged block device (each `None` where sysfs does not tell).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceFacts {
    /// Whether the source is a block device (else a regular file).
    pub block_device: bool,
    /// Kernel name (`sdb`, `nvme0n1p2`, `loop0`).
    pub kernel_name: Option<String>,
    /// Logical sector size in bytes.
    pub logical_sector_size: Option<u64>,
    /// Physical sector size in bytes.
    pub physical_sector_size: Option<u64>,
    /// Model string.
    pub model: Option<String>,
    /// Vendor string.
    pub vendor: Option<String>,
    /// Serial number.
    pub serial: Option<String>,
    /// World Wide Name / WWID.
    pub wwn: Option<String>,
    /// Mount points of the source at acquisition time, with their options.
    pub mounted: Vec<String>,
    /// Whether one of those mounts was read-write.
    pub mounted_read_write: bool,
    /// `mbr`, `gpt` or null, from the first sectors read.
    pub partition_table: Option<String>,
}

/// Smallest image piece size scelle writes (and accepts): 1 MiB.
pub const MIN_PIECE_SIZE: u64 = 1 << 20;

/// How a disk or volume image was acquired.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRecord {
    /// Piece size in bytes (the last piece may be shorter).
    pub piece_size: u64,
    /// SHA-256 of each piece, in order.
    pub pieces: Vec<scelle_hash::Sha256Digest>,
    /// Sector size used to retry around read errors.
    pub retry_sector_size: u64,
    /// Ranges that could not be read and are stored as zeros.
    pub unreadable_ranges: Vec<ByteRange>,
    /// Bytes read from the source that were zeros (counted in whole 4 KiB blocks).
    pub zero_bytes_read: u64,
    /// Bytes stored as zeros because they could not be read.
    pub zero_bytes_filled: u64,
    /// Extra digests asked for with `--extra-hash` (`md5`, `sha1`), hex.
    pub extra_hashes: std::collections::BTreeMap<String, String>,
    /// Facts about the source.
    pub device: DeviceFacts,
}

/// Counts over all items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// All items.
    pub items: u64,
    /// Items whose content is stored in `data/`.
    pub payload_files: u64,
    /// Bytes stored in `data/` (BagIt's Payload-Oxum octets).
    pub payload_bytes: u64,
    /// Items by status.
    pub complete: u64,
    /// Items that changed while read.
    pub changed: u64,
    /// Items not (fully) readable.
    pub unreadable: u64,
    /// Items deliberately not collected.
    pub skipped: u64,
    /// Commands that failed (non-zero exit, signal).
    #[serde(default)]
    pub failed: u64,
    /// Items gone between listing and examining.
    #[serde(default)]
    pub vanished: u64,
}

impl Totals {
    /// Counts one item. Byte totals saturate rather than wrap: sizes come
    /// from the filesystem and a hostile one can claim anything.
    pub fn add(&mut self, item: &Item) {
        self.items += 1;
        if item.archive_path.is_some() {
            self.payload_files += 1;
            self.payload_bytes = self.payload_bytes.saturating_add(item.size);
        }
        if let Some(stderr) = item
            .command
            .as_ref()
            .and_then(|command| command.stderr.as_ref())
        {
            self.payload_files += 1;
            self.payload_bytes = self.payload_bytes.saturating_add(stderr.size);
        }
        match item.status {
            Status::Complete => self.complete += 1,
            Status::Changed => self.changed += 1,
            Status::Unreadable | Status::UnreadableRanges => self.unreadable += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => self.failed += 1,
            Status::Vanished => self.vanished += 1,
        }
    }

    /// Items that are not complete (changed, unreadable or with unreadable
    /// ranges, failed, vanished). Skipped items were left out on purpose
    /// and do not count.
    pub fn incomplete(&self) -> u64 {
        self.changed + self.unreadable + self.failed + self.vanished
    }
}

/// Who signed manifest.json.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// minisign key id (16 upper-case hex digits).
    pub key_id: KeyId,
    /// SHA-256 of the decoded public key line.
    pub public_key_fingerprint_sha256: Sha256Digest,
    /// Where the key was kept: a key file, an ssh-agent, a PKCS#11 token
    /// (absent in manifests written before scelle 0.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_source: Option<scelle_sign::KeySource>,
}

impl Signer {
    /// The record of `public`, kept as `source` says (`None`: unknown).
    pub fn of(public: &scelle_sign::PublicKey, source: Option<scelle_sign::KeySource>) -> Self {
        Self {
            key_id: public.key_id(),
            public_key_fingerprint_sha256: public.fingerprint(),
            key_source: source,
        }
    }
}

/// Everything known once the last item is collected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footer {
    /// The host clock at the end, RFC 3339 UTC with nanoseconds.
    pub ended: String,
    /// Counts.
    pub totals: Totals,
    /// The signing key.
    pub signer: Signer,
}

/// A whole manifest.json, for reading small ones in one go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Header fields.
    #[serde(flatten)]
    pub header: Header,
    /// Every item, in archive order.
    pub items: Vec<Item>,
    /// Footer fields.
    #[serde(flatten)]
    pub footer: Footer,
}
