//! The emulator's page queries on the 10,317-task policy, without HTTP (the HTTP side is measured
//! with wrk by scripts/bench). `cargo bench -p vbs-server`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use vbs_server::dataset::{self, DEFAULT_PROJECT_ID};
use vbs_server::emulator::{Clock, Emulator};

fn pages(c: &mut Criterion) {
    let anchor = dataset::frozen_anchor();
    c.bench_function("dataset::generate (seed 42)", |b| {
        b.iter(|| dataset::generate(black_box(42), anchor))
    });
    let emulator = Emulator::new(
        DEFAULT_PROJECT_ID.into(),
        dataset::generate(42, anchor),
        Clock::Frozen(anchor),
    );
    let big = emulator.dataset().policies[0].policy.id.clone();
    let last = {
        let page = emulator
            .list_tasks(DEFAULT_PROJECT_ID, &big, "limit=1&offset=5000", false)
            .unwrap();
        page.tasks[0].job_id.clone()
    };
    for (name, query) in [
        ("first page, 20", "".to_owned()),
        (
            "page of 100 at offset 5000",
            "limit=100&offset=5000".to_owned(),
        ),
        (
            "page of 100 after a marker",
            format!("limit=100&marker={last}"),
        ),
        (
            "status=EXECUTE_FAIL, 100",
            "status=EXECUTE_FAIL&limit=100".to_owned(),
        ),
        ("job_id lookup", format!("job_id={last}")),
        ("page of 1000", "limit=1000".to_owned()),
    ] {
        c.bench_function(&format!("list_tasks: {name}"), |b| {
            b.iter(|| {
                emulator
                    .list_tasks(DEFAULT_PROJECT_ID, &big, black_box(&query), false)
                    .unwrap()
            })
        });
    }
}

criterion_group!(benches, pages);
criterion_main!(benches);
