//! The archive layer alone (tar framing, SHA-256 of members and of the
//! output, zstd level 3 on the calling thread): many small members and one
//! large one, written to memory.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scelle_archive::{ContainerOptions, ContainerWriter};

/// Text-like content that compresses about as well as logs.
fn content(size: usize) -> Vec<u8> {
    let line = b"2026-11-25T10:00:00Z GET /index.php?id=42 200 1234 \"Mozilla/5.0\"\n";
    line.iter().cycle().take(size).copied().collect()
}

fn archive(members: &[(String, Vec<u8>)]) -> u64 {
    let temp = tempfile::tempdir().unwrap();
    let options = ContainerOptions::default();
    let mut bag = ContainerWriter::new(Vec::new(), "bench", &options, temp.path()).unwrap();
    for (name, data) in members {
        bag.append_payload(name, data.len() as u64, 0, &mut &data[..], &mut |_| {})
            .unwrap();
    }
    bag.close_payload(&[]).unwrap();
    bag.finish("").unwrap().size
}

fn container(c: &mut Criterion) {
    let small: Vec<(String, Vec<u8>)> = (0..2000)
        .map(|i| {
            (
                format!("files/d{}/f{i}", i % 20),
                content(1024 + (i * 37) % 7168),
            )
        })
        .collect();
    let small_bytes: usize = small.iter().map(|(_, data)| data.len()).sum();
    let large = vec![("files/big.log".to_string(), content(32 << 20))];
    let mut group = c.benchmark_group("container");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(small_bytes as u64));
    group.bench_function("2000 small members", |b| b.iter(|| archive(&small)));
    group.throughput(Throughput::Bytes(32 << 20));
    group.bench_function("one 32 MiB member", |b| b.iter(|| archive(&large)));
    group.finish();
}

criterion_group!(benches, container);
criterion_main!(benches);
