//! POSIX pax tar headers for regular-file members, in the one canonical form
//! a scelle container uses (docs/FORMAT.md section 2.1).
//!
//! Every member is a ustar header for a regular file. When the name does not
//! fit the 100-byte ustar field or is not ASCII, or the size does not fit 11
//! octal digits (8 GiB), a pax extended header (`typeflag 'x'`) before it
//! carries the exact `path` and `size`. The header bytes are a function of
//! (name, size, mtime) alone, so a verifier re-derives them from the signed
//! record and compares every byte: [`member_header`].

use std::io::{self, Write};

use tar::{EntryType, Header};

/// Largest size the ustar octal field holds.
const USTAR_MAX_SIZE: u64 = 0o777_7777_7777;
pub(crate) const BLOCK: usize = 512;

/// Mode of every member: read-only for everyone. Source modes are in the manifest;
/// extracted evidence must not be writable or executable by accident.
const MEMBER_MODE: u32 = 0o444;

/// Writes the header(s) for a regular file `name` of `size` bytes.
pub(crate) fn write_file_header(
    out: &mut dyn Write,
    name: &str,
    size: u64,
    mtime: u64,
) -> io::Result<()> {
    out.write_all(&member_header(name, size, mtime))
}

/// The exact header bytes of the member `name` (full name, `<ID>/...`) of
/// `size` bytes and modification time `mtime` (Unix seconds): the pax header
/// and its records when needed, then the ustar header.
pub fn member_header(name: &str, size: u64, mtime: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(BLOCK);
    let mut records = Vec::new();
    if name.len() > 100 || !name.is_ascii() {
        records.extend(pax_record("path", name));
    }
    if size > USTAR_MAX_SIZE {
        records.extend(pax_record("size", &size.to_string()));
    }
    if !records.is_empty() {
        let header = ustar_header(
            &pax_header_name(name),
            EntryType::XHeader,
            records.len() as u64,
            mtime,
            0o644,
        );
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(&records);
        out.resize(out.len().next_multiple_of(BLOCK), 0);
    }
    let header = ustar_header(name, EntryType::Regular, size, mtime, MEMBER_MODE);
    out.extend_from_slice(header.as_bytes());
    out
}

/// Zero bytes after `len` bytes of data, up to the next 512-byte block.
pub(crate) fn pad(out: &mut dyn Write, len: u64) -> io::Result<()> {
    let rest = (BLOCK - (len % BLOCK as u64) as usize) % BLOCK;
    out.write_all(&[0u8; BLOCK][..rest])
}

/// The two zero blocks that end a tar archive.
pub(crate) fn write_end(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(&[0u8; 2 * BLOCK])
}

fn ustar_header(name: &str, kind: EntryType, size: u64, mtime: u64, mode: u32) -> Header {
    let mut header = Header::new_ustar();
    header.set_entry_type(kind);
    header.set_size(size);
    header.set_mtime(mtime);
    header.set_mode(mode);
    header.set_uid(0);
    header.set_gid(0);
    let field = &mut header.as_ustar_mut().expect("ustar header").name;
    let fitted = ascii_prefix(name, field.len());
    field[..fitted.len()].copy_from_slice(fitted.as_bytes());
    header.set_cksum();
    header
}

/// The longest prefix of `name` that is ASCII and at most `max` bytes, with
/// any non-ASCII character replaced by `_` (the pax record has the real name).
fn ascii_prefix(name: &str, max: usize) -> String {
    name.chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .take(max)
        .collect()
}

fn pax_header_name(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    format!("PaxHeaders/{}", ascii_prefix(base, 80))
}

/// One pax record: `"<length> <key>=<value>\n"`, where length counts itself.
fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = format!(" {key}={value}\n");
    let mut length = body.len();
    loop {
        let candidate = length.to_string().len() + body.len();
        if candidate == length {
            break;
        }
        length = candidate;
    }
    format!("{length}{body}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pax_record_length_counts_itself() {
        assert_eq!(pax_record("path", "a"), b"9 path=a\n");
        let long = "x".repeat(95);
        let record = pax_record("path", &long);
        let text = String::from_utf8(record.clone()).unwrap();
        let (length, _) = text.split_once(' ').unwrap();
        assert_eq!(length.parse::<usize>().unwrap(), record.len());
    }

    #[test]
    fn short_ascii_names_need_no_pax_header() {
        let mut out = Vec::new();
        write_file_header(&mut out, "bag/data/files/etc/passwd", 10, 0).unwrap();
        assert_eq!(out.len(), 512);
    }

    #[test]
    fn long_or_unicode_names_and_huge_sizes_get_pax_records() {
        for (name, size) in [("é", 1u64), (&*"d/".repeat(60), 1), ("big", 9 << 30)] {
            let mut out = Vec::new();
            write_file_header(&mut out, name, size, 0).unwrap();
            assert_eq!(out.len(), 3 * 512, "{name}");
            assert_eq!(out[156], b'x');
        }
    }
}
