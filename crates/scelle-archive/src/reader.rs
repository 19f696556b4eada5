//! Reading a container: the zstd stream (one frame, window capped so a
//! hostile archive cannot make the reader allocate gigabytes) and the
//! hostile-input tar parser on top of it.

use std::io::{self, BufRead};

use crate::tar_reader::TarReader;
use crate::MAX_WINDOW_LOG;

/// The decompressed tar stream of a container read from `input`.
pub type ContainerReader<R> = TarReader<zstd::stream::read::Decoder<'static, R>>;

/// Opens the container in `input` (buffered: give it a 1 MiB `BufReader`)
/// for reading member by member. Fails only when zstd cannot start.
pub fn open<R: BufRead>(input: R) -> io::Result<ContainerReader<R>> {
    let mut decoder = zstd::stream::read::Decoder::with_buffer(input)?.single_frame();
    decoder.window_log_max(MAX_WINDOW_LOG)?;
    Ok(TarReader::new(decoder))
}
