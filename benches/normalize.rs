//! Native `normalize` per vendor and size, against `serde_json::from_slice::<Value>` of the same
//! bytes (the cost of merely parsing; for Twilio's forms, `form_urlencoded` into owned pairs), on
//! the corpus of `bench/corpus.mjs`. Run through `npm run bench`, which generates the corpus first
//! and writes BENCHMARKS.md. Beside each body, the parts of `normalize` no normalizer of its event
//! goes without: parsing (`detect`), the event's own values (`build`: cloning the event allocates
//! and copies every string it holds, as making it must) and the id's hashing (`hash`: BLAKE3 over
//! the body's bytes, about as many as the content digest hashes).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::Value;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;
use voicehook::{normalize, Options};

fn corpus() -> (PathBuf, Value) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let index = std::fs::read(dir.join("index.json"))
        .expect("no corpus: run `node bench/corpus.mjs` (or `npm run bench`) first");
    (
        dir,
        serde_json::from_slice(&index).expect("index.json is JSON"),
    )
}

fn cases(c: &mut Criterion) {
    let (dir, index) = corpus();
    let groups = [("normalize", "cases"), ("growth", "growth")];
    for (group_name, key) in groups {
        let mut group = c.benchmark_group(group_name);
        group.warm_up_time(Duration::from_millis(300));
        group.measurement_time(Duration::from_secs(1));
        group.sample_size(20);
        for case in index[key].as_array().into_iter().flatten() {
            let file = case["file"].as_str().unwrap_or_default();
            let body = std::fs::read(dir.join(file)).expect("corpus file");
            let content_type = case["content_type"].as_str().map(str::to_owned);
            let form = content_type
                .as_deref()
                .is_some_and(voicehook::is_form_content_type);
            let options = Options {
                content_type,
                ..Options::default()
            };
            let event = normalize(&body, &options)
                .unwrap_or_else(|rejection| panic!("{file} does not normalize: {rejection:?}"));
            let name = file.trim_end_matches(".json").trim_end_matches(".form");
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_function(format!("{name}/voicehook"), |b| {
                b.iter(|| normalize(black_box(&body), &options))
            });
            // The floor: parsing the body and recognising its vendor, nothing more.
            group.bench_function(format!("{name}/detect"), |b| {
                b.iter(|| voicehook::detect_with(black_box(&body), &options))
            });
            if group_name == "normalize" {
                group.bench_function(format!("{name}/build"), |b| b.iter(|| event.clone()));
                group.bench_function(format!("{name}/hash"), |b| {
                    b.iter(|| blake3::hash(black_box(&body)))
                });
            }
            group.bench_function(format!("{name}/serde_json_value"), |b| match form {
                true => b.iter(|| {
                    form_urlencoded::parse(black_box(&body))
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect::<Vec<_>>()
                }),
                false => b.iter(|| serde_json::from_slice::<Value>(black_box(&body))),
            });
        }
        group.finish();
    }
}

criterion_group!(benches, cases);
criterion_main!(benches);
