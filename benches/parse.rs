//! Native parse throughput: "The November Revolution" and a generated 5 MB
//! post with 5,000 quotes and 10,000 notes. `make bench` runs this and
//! writes the medians into BENCHMARKS.md.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/common/mod.rs"]
mod common;

#[cfg(not(target_arch = "wasm32"))]
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[cfg(not(target_arch = "wasm32"))]
fn november(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/november-revolution.wp-classic.html");
    let html = std::fs::read_to_string(path).expect("fixture");
    let tree = ibid::html::parse_document(&html);
    let root = ibid::html::default_root(&tree);
    let mut group = c.benchmark_group("november-revolution");
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("core parse (tree to model)", |b| b.iter(|| ibid::parse(&tree, root)));
    group.bench_function("html5ever + core parse + json", |b| {
        b.iter(|| {
            let tree = ibid::html::parse_document(&html);
            ibid::json::to_json(&ibid::parse(&tree, ibid::html::default_root(&tree)))
        })
    });
    group.finish();
}

#[cfg(not(target_arch = "wasm32"))]
fn generated(c: &mut Criterion) {
    let html = common::generated_post(5000);
    let tree = ibid::html::parse_document(&html);
    let root = ibid::html::default_root(&tree);
    let doc = ibid::parse(&tree, root);
    assert_eq!(doc.quotes.len(), 5000, "the generated post has 5,000 quotes");
    assert_eq!(doc.quotes.iter().map(|q| q.notes.len()).sum::<usize>(), 10_000, "and 10,000 notes");
    let mut group = c.benchmark_group("generated-5mb");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(html.len() as u64));
    group.bench_function("core parse (tree to model)", |b| b.iter(|| ibid::parse(&tree, root)));
    group.bench_function("html5ever + core parse + json", |b| {
        b.iter(|| {
            let tree = ibid::html::parse_document(&html);
            ibid::json::to_json(&ibid::parse(&tree, ibid::html::default_root(&tree)))
        })
    });
    group.finish();
}

#[cfg(not(target_arch = "wasm32"))]
criterion_group!(benches, november, generated);
#[cfg(not(target_arch = "wasm32"))]
criterion_main!(benches);
