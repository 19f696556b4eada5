//! Reading manifest.json out of an archive without checking anything else:
//! what `scelle inspect` shows. It stops as soon as the manifest has been read.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use scelle_archive::{layout, reader, Next, TarProblem};

use crate::lines::LineSplitter;
use crate::Error;

/// Calls `on_line` with each line of manifest.json (without `\n`), from an
/// archive or a bag directory. Nothing is verified: the lines come from an
/// unauthenticated file.
pub fn manifest_lines(path: &Path, on_line: &mut dyn FnMut(&[u8])) -> Result<(), Error> {
    let io_error = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let mut splitter = LineSplitter::default();
    if path.is_dir() {
        let mut file = crate::open_regular(&path.join(layout::MANIFEST)).map_err(io_error)?;
        let mut buffer = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut buffer).map_err(io_error)?;
            if n == 0 {
                break;
            }
            splitter.push(&buffer[..n], on_line);
        }
    } else {
        let file = BufReader::with_capacity(1 << 20, File::open(path).map_err(io_error)?);
        let mut tar = reader::open(file).map_err(io_error)?;
        let damaged = |problem: TarProblem| {
            let detail = match problem {
                TarProblem::Truncated(message)
                | TarProblem::Corrupt(message)
                | TarProblem::Trailing(message) => message,
                TarProblem::Read(error) => error.to_string(),
            };
            io_error(std::io::Error::other(format!(
                "the archive is damaged before its manifest ({detail}); run scelle verify"
            )))
        };
        // The bag is named by the first member, `<ID>/bagit.txt`; the record
        // is `<ID>/scelle/manifest.json` and no other member, whatever its
        // name ends with (a collected file can be called that too).
        let mut bag: Option<Vec<u8>> = None;
        loop {
            match tar.next_member().map_err(damaged)? {
                Next::End => {
                    return Err(io_error(std::io::Error::other(
                        "no scelle/manifest.json in this archive; run scelle verify",
                    )))
                }
                Next::Member(header)
                    if header.is_regular() && is_manifest(&header.name, bag.as_deref()) =>
                {
                    tar.content(header.size, |chunk| splitter.push(chunk, on_line))
                        .map_err(damaged)?;
                    break;
                }
                Next::Member(header) => {
                    if bag.is_none() {
                        bag = Some(bag_of(&header.name));
                    }
                    tar.content(header.content_size(), |_| {})
                        .map_err(damaged)?
                }
            }
        }
    }
    let overflowed = splitter.overflowed;
    if let Some(last) = splitter.finish() {
        on_line(&last);
    }
    if overflowed {
        return Err(io_error(std::io::Error::other(
            "manifest.json has a line longer than scelle ever writes",
        )));
    }
    Ok(())
}

/// The bag directory a first member names (`<ID>` of `<ID>/bagit.txt`).
fn bag_of(first_member: &[u8]) -> Vec<u8> {
    first_member
        .split(|&b| b == b'/')
        .next()
        .unwrap_or_default()
        .to_vec()
}

/// Whether a member name is exactly `<bag>/scelle/manifest.json`.
fn is_manifest(name: &[u8], bag: Option<&[u8]>) -> bool {
    let Some(bag) = bag.filter(|bag| !bag.is_empty()) else {
        return false;
    };
    name.strip_prefix(bag)
        .and_then(|rest| rest.strip_prefix(b"/"))
        .is_some_and(|rest| rest == layout::MANIFEST.as_bytes())
}
