//! SHA-256 throughput of the hashing layer, to compare with
//! `openssl speed -evp sha256` on the same machine (docs/BENCHMARKS.md).
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::io::{Read, Write};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scelle_hash::{HashingReader, HashingWriter, Sha256Digest};

fn hashing(c: &mut Criterion) {
    let data = vec![0x5au8; 16 << 20];
    let mut group = c.benchmark_group("sha256");
    // openssl speed's largest default block: a buffer that stays in cache.
    group.throughput(Throughput::Bytes(1 << 20));
    group.bench_function("digest 1 MiB", |b| {
        b.iter(|| Sha256Digest::of(&data[..1 << 20]))
    });
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("digest 16 MiB", |b| b.iter(|| Sha256Digest::of(&data)));
    group.bench_function("HashingWriter 1 MiB writes", |b| {
        b.iter(|| {
            let mut writer = HashingWriter::new(std::io::sink());
            for chunk in data.chunks(1 << 20) {
                writer.write_all(chunk).unwrap();
            }
            writer.finish()
        })
    });
    group.bench_function("HashingReader 1 MiB reads", |b| {
        let mut buffer = vec![0u8; 1 << 20];
        b.iter(|| {
            let mut reader = HashingReader::new(&data[..]);
            while reader.read(&mut buffer).unwrap() > 0 {}
            reader.finish()
        })
    });
    group.finish();
}

criterion_group!(benches, hashing);
criterion_main!(benches);
