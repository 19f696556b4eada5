//! Public hostile corpora (tests/fixtures/hostile-tar, bagit-conformance):
//! every archive of Go's archive/tar, libarchive and tar-rs test data, and
//! every bag of the Library of Congress conformance suite, is refused as
//! NOT INTACT with findings, under 256 MiB of address space and 60 s each.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{clear_key, fingerprint_of, run, scelle_path};
use crate::verify::compress;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

/// `scelle verify --json` of `target` with a pinned key, in a shell whose
/// address space is capped at 256 MiB, killed after 60 s.
fn verify_bounded(target: &Path, public: &Path) -> (i32, serde_json::Value) {
    let done = run(std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -v 262144 && exec timeout 60 "$0" verify --json --pubkey "$1" --fingerprint "$2" "$3""#)
        .arg(scelle_path())
        .env("LC_ALL", crate::util::ENGLISH)
        .arg(public)
        .arg(fingerprint_of(public))
        .arg(target));
    let json = serde_json::from_str(&done.stdout).unwrap_or(serde_json::Value::Null);
    (done.code, json)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .flat_map(|entry| {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect();
    files.sort();
    files
}

#[test]
fn hostile_tar_corpora_are_never_intact_and_stay_bounded() {
    let temp = tempfile::tempdir().unwrap();
    let (_, public) = clear_key(temp.path(), "k");
    let corpus = files_under(&Path::new(FIXTURES).join("hostile-tar"));
    let archives: Vec<&PathBuf> = corpus
        .iter()
        .filter(|path| path.extension().is_none_or(|ext| ext != "md"))
        .collect();
    assert!(archives.len() > 100, "{} archives", archives.len());
    let mut wrong = Vec::new();
    for (index, source) in archives.iter().enumerate() {
        let bytes = fs::read(source).unwrap();
        // As a container (the tar inside a zstd frame) and as the raw file.
        let compressed = temp.path().join(format!("{index}.tar.zst"));
        fs::write(&compressed, compress(&bytes)).unwrap();
        for target in [compressed.as_path(), source.as_path()] {
            let (code, json) = verify_bounded(target, &public);
            let refused = code == 1
                && json["verdict"] == "not-intact"
                && json["findings_total"].as_u64().unwrap_or(0) > 0;
            if !refused {
                wrong.push(format!("{}: exit {code}", source.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn bagit_conformance_bags_are_never_intact_scelle_bags() {
    let temp = tempfile::tempdir().unwrap();
    let (_, public) = clear_key(temp.path(), "k");
    let suite = Path::new(FIXTURES).join("bagit-conformance/v1.0");
    let mut bags = Vec::new();
    for group in ["valid", "invalid"] {
        for entry in fs::read_dir(suite.join(group)).unwrap() {
            bags.push(entry.unwrap().path());
        }
    }
    assert!(bags.len() >= 5);
    for bag in bags {
        let (code, json) = verify_bounded(&bag, &public);
        assert_eq!(code, 1, "{}: {json}", bag.display());
        assert_eq!(json["verdict"], "not-intact", "{}", bag.display());
        let kinds: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"tag-file"), "{}: {kinds:?}", bag.display());
    }
}
