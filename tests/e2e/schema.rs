//! docs/manifest.schema.json against real manifests, with a real validator
//! (python jsonschema, Draft 2020-12).

use std::fs;
use std::path::Path;

use crate::util::{extract_with_tar, freeze, run};

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/manifest.schema.json"
);

const VALIDATE: &str = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
errors = list(Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
for error in errors[:5]:
    print(list(error.absolute_path), error.message)
sys.exit(1 if errors else 0)
"#;

/// A change that makes a manifest invalid.
type Mutation = dyn Fn(&mut serde_json::Value);

pub(crate) fn validate(manifest: &Path) -> crate::util::Run {
    run(std::process::Command::new("python3")
        .arg("-c")
        .arg(VALIDATE)
        .arg(SCHEMA)
        .arg(manifest))
}

#[test]
fn real_manifests_validate_and_broken_ones_do_not() {
    let temp = tempfile::tempdir().unwrap();
    let scene = temp.path().join("scene");
    fs::create_dir(&scene).unwrap();
    fs::write(scene.join("a.log"), "x\n").unwrap();
    use std::os::unix::ffi::OsStrExt;
    fs::write(scene.join(std::ffi::OsStr::from_bytes(b"bad\xffname")), "y").unwrap();
    std::os::unix::fs::symlink("a.log", scene.join("link")).unwrap();
    fs::hard_link(scene.join("a.log"), scene.join("b.log")).unwrap();
    nix::unistd::mkfifo(
        &scene.join("pipe"),
        nix::sys::stat::Mode::from_bits_truncate(0o600),
    )
    .unwrap();
    let image = temp.path().join("disk.img");
    fs::File::create(&image).unwrap().set_len(3 << 20).unwrap();
    let out = temp.path().join("out");
    fs::create_dir(&out).unwrap();
    let frozen = freeze(
        &out,
        "schema",
        &[&scene],
        &[
            "--image",
            image.to_str().unwrap(),
            "--piece-size",
            "1M",
            "--extra-hash",
            "md5,sha1",
            "--command",
            "echo hello",
            "--command",
            "absent-tool",
            "--reference-time",
            "2026-11-25T10:00:00Z",
            "--case-id",
            "RG 26/01234",
            "--note",
            "first",
        ],
    );
    frozen.run.expect(0);
    let bag = extract_with_tar(&frozen.archive, temp.path(), "schema");
    let manifest_path = bag.join("scelle/manifest.json");
    let valid = validate(&manifest_path);
    assert_eq!(valid.code, 0, "{}{}", valid.stdout, valid.stderr);

    let golden = temp.path().join("golden");
    fs::create_dir(&golden).unwrap();
    let fixture = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/custody/golden.tar.zst"
    ));
    let golden_bag = extract_with_tar(fixture, &golden, "golden");
    assert_eq!(validate(&golden_bag.join("scelle/manifest.json")).code, 0);

    let original: serde_json::Value =
        serde_json::from_slice(&fs::read(&manifest_path).unwrap()).unwrap();
    let broken = temp.path().join("broken.json");
    let mutations: [(&str, Box<Mutation>); 4] = [
        (
            "missing evidence_id",
            Box::new(|m| drop(m.as_object_mut().unwrap().remove("evidence_id"))),
        ),
        (
            "missing item sha256",
            Box::new(|m| drop(m["items"][1].as_object_mut().unwrap().remove("sha256"))),
        ),
        (
            "unknown field",
            Box::new(|m| m["tool"]["plugin"] = "x".into()),
        ),
        (
            "bad hash",
            Box::new(|m| m["signer"]["public_key_fingerprint_sha256"] = "ABC".into()),
        ),
    ];
    for (what, mutate) in mutations {
        let mut manifest = original.clone();
        mutate(&mut manifest);
        fs::write(&broken, serde_json::to_vec(&manifest).unwrap()).unwrap();
        assert_eq!(validate(&broken).code, 1, "{what} was accepted");
    }
}
