//! Every attack class of the adversarial review (issue #18), as one table:
//! each row alters a genuine seal the way the other side's expert would and
//! names the finding kind that must catch it. No row may come out INTACT,
//! with or without the seal hash, and each must be caught by the kind named.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{clear_key, fingerprint_of, freeze, run, scelle, seal_of};
use crate::verify::{canonical_tar_of, compress, members, recompute_bag_manifests};

const ID: &str = "atk";
const BLOCK: usize = 512;

type Members = Vec<(String, Vec<u8>)>;

/// A genuine sealed scene, with a member long enough to need a pax header.
struct Scene {
    _dir: tempfile::TempDir,
    root: PathBuf,
    archive: PathBuf,
    public: PathBuf,
}

fn scene() -> Scene {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let files = root.join("s");
    fs::create_dir_all(&files).unwrap();
    fs::write(files.join("a.txt"), "the webshell's access log\n").unwrap();
    fs::write(
        files.join(format!("{}.php", "long".repeat(30))),
        "<?php ?>\n",
    )
    .unwrap();
    let out = root.join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(&out, ID, &[&files], &[]);
    frozen.run.expect(0);
    Scene {
        _dir: dir,
        root,
        archive: frozen.archive,
        public: frozen.public_key,
    }
}

/// What a verification said: its exit code and the kinds of its findings.
struct Outcome {
    code: i32,
    kinds: Vec<String>,
    intact: bool,
}

/// `scelle verify --json` with `args`, the findings' kinds collected.
fn verify(archive: &Path, args: &[&str]) -> Outcome {
    let done = run(scelle().args(["verify", "--json"]).args(args).arg(archive));
    let json: serde_json::Value = serde_json::from_str(&done.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", done.stdout, done.stderr));
    Outcome {
        code: done.code,
        kinds: kinds(&json["findings"]),
        intact: json["verdict"] == "intact",
    }
}

fn kinds(findings: &serde_json::Value) -> Vec<String> {
    findings
        .as_array()
        .map(|list| {
            list.iter()
                .map(|finding| finding["kind"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The altered archive `bytes`, written as `<ID>.tar.zst` in a directory of its own.
fn write(scene: &Scene, name: &str, bytes: &[u8]) -> PathBuf {
    let dir = scene.root.join(format!("fail_{name}"));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{ID}.tar.zst"));
    fs::write(&path, bytes).unwrap();
    path
}

/// Verified with the genuine key pinned by fingerprint, and again with the
/// seal hash of the genuine archive: neither may say intact.
fn checked(scene: &Scene, path: &Path) -> Outcome {
    let public = scene.public.to_str().unwrap();
    let fingerprint = fingerprint_of(&scene.public);
    let pinned = verify(path, &["--pubkey", public, "--fingerprint", &fingerprint]);
    let seal = seal_of(&scene.archive);
    let sealed = verify(path, &["--pubkey", public, "--expect", &seal]);
    assert!(!sealed.intact && sealed.code != 0, "INTACT with --expect");
    pinned
}

fn set(members: &mut Members, suffix: &str, data: Vec<u8>) {
    members
        .iter_mut()
        .find(|(name, _)| name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no member …{suffix}"))
        .1 = data;
}

fn get(members: &Members, suffix: &str) -> Vec<u8> {
    members
        .iter()
        .find(|(name, _)| name.ends_with(suffix))
        .unwrap()
        .1
        .clone()
}

/// The genuine members changed by `change`, re-packed with canonical headers.
fn members_changed(scene: &Scene, name: &str, change: impl FnOnce(&mut Members)) -> Outcome {
    let mut list = members(&scene.archive);
    change(&mut list);
    let tar = canonical_tar_of(&scene.archive, &list);
    checked(scene, &write(scene, name, &compress(&tar)))
}

/// The canonical tar of the genuine members with the ustar header of the
/// member named `…suffix` changed by `patch` (checksum made valid again).
fn header_patched(scene: &Scene, name: &str, suffix: &str, patch: impl Fn(&mut [u8])) -> Outcome {
    let list = members(&scene.archive);
    let mut tar = canonical_tar_of(&scene.archive, &list);
    let at = ustar_block_of(&tar, suffix);
    patch(&mut tar[at..at + BLOCK]);
    fix_checksum(&mut tar[at..at + BLOCK]);
    checked(scene, &write(scene, name, &compress(&tar)))
}

/// The canonical tar with `extra` pax records in a pax header of their own
/// before the member `…suffix` (a short ASCII name: it has none of its own).
fn pax_added(scene: &Scene, name: &str, suffix: &str, extra: &[(&str, &str)]) -> Outcome {
    let list = members(&scene.archive);
    let tar = canonical_tar_of(&scene.archive, &list);
    let at = ustar_block_of(&tar, suffix);
    let mut pax = tar::Builder::new(Vec::new());
    pax.append_pax_extensions(extra.iter().map(|(k, v)| (*k, v.as_bytes())))
        .unwrap();
    let pax = pax.into_inner().unwrap();
    let mut altered = tar[..at].to_vec();
    altered.extend_from_slice(&pax[..pax.len() - 2 * BLOCK]);
    altered.extend_from_slice(&tar[at..]);
    checked(scene, &write(scene, name, &compress(&altered)))
}

/// Offset of the ustar block of the member whose name ends in `suffix`.
fn ustar_block_of(tar: &[u8], suffix: &str) -> usize {
    let mut at = 0;
    let mut pax_path: Option<String> = None;
    while at + BLOCK <= tar.len() && tar[at..at + BLOCK].iter().any(|&b| b != 0) {
        let block = &tar[at..at + BLOCK];
        let size = octal(&block[124..136]);
        let content = &tar[at + BLOCK..at + BLOCK + size];
        if block[156] == b'x' {
            let records = String::from_utf8_lossy(content);
            pax_path = records
                .lines()
                .find_map(|line| line.split_once(" path=").map(|(_, p)| p.to_string()));
        } else {
            let name = pax_path.take().unwrap_or_else(|| {
                let field = &block[..100];
                let end = field.iter().position(|&b| b == 0).unwrap_or(100);
                String::from_utf8_lossy(&field[..end]).into_owned()
            });
            if name.ends_with(suffix) {
                return at;
            }
        }
        at += BLOCK + size.next_multiple_of(BLOCK);
    }
    panic!("no member …{suffix}");
}

fn octal(field: &[u8]) -> usize {
    let text: String = field
        .iter()
        .take_while(|&&b| b != 0 && b != b' ')
        .map(|&b| b as char)
        .collect();
    usize::from_str_radix(text.trim(), 8).unwrap_or(0)
}

fn fix_checksum(block: &mut [u8]) {
    block[148..156].fill(b' ');
    let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
    block[148..156].copy_from_slice(format!("{sum:07o}\0").as_bytes());
}

fn field(block: &mut [u8], range: std::ops::Range<usize>, value: &[u8]) {
    block[range.clone()].fill(0);
    block[range.start..range.start + value.len()].copy_from_slice(value);
}

/// First line of a `.minisig` replaced: its untrusted comment.
fn comment_edited(signature: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(signature.to_vec()).unwrap();
    let (_, rest) = text.split_once('\n').unwrap();
    format!("untrusted comment: signed by the court's own expert\n{rest}").into_bytes()
}

/// One attack: what it does, and the finding kind that must catch it.
struct Row {
    name: &'static str,
    kind: &'static str,
    attack: fn(&Scene, &'static str) -> Outcome,
}

const ROWS: &[Row] = &[
    Row {
        name: "bag_info_edited_with_the_tag_manifest_recomputed",
        kind: "signature",
        attack: |scene, name| {
            members_changed(scene, name, |list| {
                let mut info = get(list, "/bag-info.txt");
                info.extend_from_slice(b"Source-Organization: Cabinet Forge\n");
                set(list, "/bag-info.txt", info);
                recompute_bag_manifests(list, ID, false);
            })
        },
    },
    Row {
        name: "bag_info_edited",
        kind: "content-mismatch",
        attack: |scene, name| {
            members_changed(scene, name, |list| {
                let info = String::from_utf8(get(list, "/bag-info.txt")).unwrap();
                set(
                    list,
                    "/bag-info.txt",
                    info.replace(ID, "other").into_bytes(),
                );
            })
        },
    },
    Row {
        name: "verify_txt_edited_with_the_tag_manifest_recomputed",
        kind: "signature",
        attack: |scene, name| {
            members_changed(scene, name, |list| {
                set(list, "/VERIFY.txt", b"Nothing to check here.\n".to_vec());
                recompute_bag_manifests(list, ID, false);
            })
        },
    },
    Row {
        name: "manifest_signature_comment_edited_with_the_tag_manifest_recomputed",
        kind: "signature",
        attack: |scene, name| {
            members_changed(scene, name, |list| {
                let signature = get(list, "/scelle/manifest.json.minisig");
                set(
                    list,
                    "/scelle/manifest.json.minisig",
                    comment_edited(&signature),
                );
                recompute_bag_manifests(list, ID, false);
            })
        },
    },
    Row {
        name: "tag_signature_comment_edited",
        kind: "signature",
        attack: |scene, name| {
            members_changed(scene, name, |list| {
                let signature = get(list, "/tagmanifest-sha256.txt.minisig");
                set(
                    list,
                    "/tagmanifest-sha256.txt.minisig",
                    comment_edited(&signature),
                );
            })
        },
    },
    Row {
        name: "tag_signature_replaced_by_the_manifest_signature",
        kind: "signature",
        attack: |scene, name| {
            members_changed(scene, name, |list| {
                let signature = get(list, "/scelle/manifest.json.minisig");
                set(list, "/tagmanifest-sha256.txt.minisig", signature);
            })
        },
    },
    Row {
        name: "setuid_mode_in_a_tar_header",
        kind: "non-canonical-header",
        attack: |scene, name| {
            header_patched(scene, name, "/a.txt", |block| {
                field(block, 100..108, b"0006755\0")
            })
        },
    },
    Row {
        name: "mtime_changed_in_a_tar_header",
        kind: "non-canonical-header",
        attack: |scene, name| {
            header_patched(scene, name, "/a.txt", |block| {
                field(block, 136..148, b"00000000001\0")
            })
        },
    },
    Row {
        name: "owner_changed_in_a_tar_header",
        kind: "non-canonical-header",
        attack: |scene, name| {
            header_patched(scene, name, "/a.txt", |block| {
                field(block, 108..116, b"0001750\0");
                field(block, 265..297, b"www-data");
            })
        },
    },
    Row {
        name: "garbage_in_a_numeric_field",
        kind: "non-canonical-header",
        attack: |scene, name| {
            header_patched(scene, name, "/a.txt", |block| {
                field(block, 116..124, b"zz\x01zz\0\0\0")
            })
        },
    },
    Row {
        name: "ustar_prefix_beside_a_pax_path",
        kind: "non-canonical-header",
        attack: |scene, name| {
            header_patched(scene, name, "long.php", |block| {
                field(block, 345..500, b"evil")
            })
        },
    },
    Row {
        name: "pax_mtime_record_added",
        kind: "non-canonical-header",
        attack: |scene, name| pax_added(scene, name, "/a.txt", &[("mtime", "1.5")]),
    },
    Row {
        name: "gnu_sparse_records_added",
        kind: "non-canonical-header",
        attack: |scene, name| {
            pax_added(
                scene,
                name,
                "/a.txt",
                &[
                    ("GNU.sparse.major", "1"),
                    ("GNU.sparse.minor", "0"),
                    ("GNU.sparse.realsize", "4096"),
                ],
            )
        },
    },
    Row {
        name: "repacked_by_another_tar_writer",
        kind: "non-canonical-header",
        attack: |scene, name| {
            // What `tar --zstd -cf` of an extracted bag looks like: the
            // same names and bytes, mode 0644, the writer's own headers.
            let mut builder = tar::Builder::new(Vec::new());
            for (member, data) in members(&scene.archive) {
                let mut header = tar::Header::new_gnu();
                header.set_size(data.len() as u64);
                header.set_mode(0o644);
                builder
                    .append_data(&mut header, &member, &data[..])
                    .unwrap();
            }
            let tar = builder.into_inner().unwrap();
            checked(scene, &write(scene, name, &compress(&tar)))
        },
    },
    Row {
        name: "data_after_the_end_marker",
        kind: "trailing-data",
        attack: |scene, name| {
            let mut tar = canonical_tar_of(&scene.archive, &members(&scene.archive));
            let mut tail = vec![0u8; BLOCK];
            tail[100] = b'!';
            tar.extend_from_slice(&tail);
            checked(scene, &write(scene, name, &compress(&tar)))
        },
    },
    Row {
        name: "another_evidence_renamed_to_this_name",
        kind: "seal-mismatch",
        attack: |scene, name| {
            // A genuine seal by the same responder, of other evidence.
            let out = scene.root.join("other");
            fs::create_dir_all(&out).unwrap();
            for key in ["k.key", "k.pub"] {
                fs::copy(scene.root.join("out").join(key), out.join(key)).unwrap();
            }
            let other = freeze(&out, "other", &[&scene.root.join("s")], &[]);
            other.run.expect(0);
            let path = write(scene, name, &fs::read(&other.archive).unwrap());
            let seal = seal_of(&scene.archive);
            let public = scene.public.to_str().unwrap();
            verify(&path, &["--pubkey", public, "--expect", &seal])
        },
    },
    Row {
        name: "signed_by_a_key_handed_over_with_the_archive",
        kind: "key-not-pinned",
        attack: |scene, name| {
            let keys = scene.root.join(format!("keys_{name}"));
            fs::create_dir_all(&keys).unwrap();
            let (secret, public) = clear_key(&keys, "forger");
            let out = scene.root.join(format!("forged_{name}"));
            fs::create_dir_all(&out).unwrap();
            fs::copy(&secret, out.join("k.key")).unwrap();
            fs::copy(&public, out.join("k.pub")).unwrap();
            let forged = freeze(&out, ID, &[&scene.root.join("s")], &[]);
            forged.run.expect(0);
            let fingerprint = fingerprint_of(&scene.public);
            let public = public.to_str().unwrap();
            verify(
                &forged.archive,
                &["--pubkey", public, "--fingerprint", &fingerprint],
            )
        },
    },
    Row {
        name: "format_1_archive_with_unsigned_tag_files",
        kind: "format-version",
        attack: |_, _| {
            let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/custody");
            let public = format!("{fixtures}/golden.pub");
            verify(
                Path::new(&format!("{fixtures}/golden.tar.zst")),
                &[
                    "--pubkey",
                    &public,
                    "--fingerprint",
                    &fingerprint_of(Path::new(&public)),
                ],
            )
        },
    },
    Row {
        name: "custody_entries_dropped_after_a_receipt",
        kind: "head-missing",
        attack: |scene, _| {
            let log = scene.root.join(format!("out/{ID}.custody.jsonl"));
            let key = scene.root.join("out/k.key");
            let receipt = run(scelle()
                .args(["custody", "transfer", "--json", "--key"])
                .arg(&key)
                .args(["--to", "Camille Martin, expert"])
                .arg(&scene.archive))
            .expect(0);
            let receipt: serde_json::Value = serde_json::from_str(&receipt.stdout).unwrap();
            let head = receipt["head"]["sha256"].as_str().unwrap().to_string();
            let entries = receipt["head"]["entries"].to_string();
            // The attacker keeps only the sealed entry.
            let text = fs::read_to_string(&log).unwrap();
            fs::write(&log, text.split_inclusive('\n').next().unwrap()).unwrap();
            let done = run(scelle()
                .args(["custody", "verify", "--json", "--pubkey"])
                .arg(&scene.public)
                .args(["--head", &head, "--entries", &entries])
                .arg(&scene.archive));
            let json: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
            Outcome {
                code: done.code,
                kinds: kinds(&json["findings"]),
                intact: json["intact"] == true,
            }
        },
    },
];

#[test]
fn every_attack_class_is_caught_by_the_finding_kind_it_names() {
    let scene = scene();
    // The genuine seal is intact either way: the rows' findings come from
    // their attacks alone.
    let public = scene.public.to_str().unwrap();
    let fingerprint = fingerprint_of(&scene.public);
    let seal = seal_of(&scene.archive);
    for anchor in [["--fingerprint", &fingerprint], ["--expect", &seal]] {
        let genuine = verify(
            &scene.archive,
            &[&["--pubkey", public][..], &anchor].concat(),
        );
        assert!(genuine.intact && genuine.code == 0, "{:?}", genuine.kinds);
    }
    let mut missed = Vec::new();
    for row in ROWS {
        let outcome = (row.attack)(&scene, row.name);
        println!(
            "fail_{}: exit {}, kinds {:?}",
            row.name, outcome.code, outcome.kinds
        );
        let caught =
            !outcome.intact && outcome.code == 1 && outcome.kinds.iter().any(|k| k == row.kind);
        if !caught {
            missed.push(format!(
                "fail_{}: exit {}, intact {}, kinds {:?} (expected {})",
                row.name, outcome.code, outcome.intact, outcome.kinds, row.kind
            ));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
