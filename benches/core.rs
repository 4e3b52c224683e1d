//! The core's hot paths: decoding a large page, writing a query, signing, reading an error body.
//! `cargo bench -p vbs-tasks`; figures go to BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::{Error, Signer, Task, TaskPage, TaskQuery, TaskStatus, Timestamp};

/// A page of `n` realistic tasks as the API writes it.
fn page_json(n: usize) -> Vec<u8> {
    let start = Timestamp::parse("2025-09-01T02:00:00.123")
        .unwrap()
        .unix_millis();
    let tasks: Vec<Task> = (0..n)
        .map(|i| {
            let status = TaskStatus::KNOWN[i % 6].clone();
            let created = Timestamp::from_unix_millis(start + i as i64 * 3_600_000).unwrap();
            let mut task = Task::new(
                format!("{:08x}-b8ab-4ce5-99f3-4c5f6ff75319", i),
                status.clone(),
                created,
            );
            if !status.is_active() {
                task.finished_at = Timestamp::from_unix_millis(created.unix_millis() + 1_234_567);
            }
            task.backup_name = format!("autobk_{:04x}", i % 65536);
            task.resource_id = "f47a4ab5-11f5-4509-97f5-80ce0dd74e37".into();
            task.resource_type = "volume".into();
            if i % 3 == 0 {
                task.vbs_job_id = Some("0781095c-b8ab-4ce5-99f3-4c5f6ff75319".into());
            }
            if status.is_failure() {
                task.code = Some("VolumeBackup.0900".into());
                task.message = Some("The backup service is unavailable. Try again later.".into());
            }
            task
        })
        .collect();
    serde_json::to_vec(&TaskPage::new(n as u64, tasks)).unwrap()
}

fn decode(c: &mut Criterion) {
    let body = page_json(10_000);
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("TaskPage::from_json 10k tasks", |b| {
        b.iter(|| TaskPage::from_json(black_box(&body)).unwrap())
    });
    group.bench_function("serde_json::Value 10k tasks (baseline)", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap())
    });
    group.finish();
}

fn request_side(c: &mut Criterion) {
    let query = TaskQuery::new()
        .status(TaskStatus::ExecuteFail)
        .job_id("a b&c=d/é")
        .limit(100)
        .offset(2000);
    c.bench_function("TaskQuery::to_query_string", |b| {
        b.iter(|| black_box(&query).to_query_string())
    });
    let raw = query.to_query_string();
    c.bench_function("TaskQuery::from_query_str", |b| {
        b.iter(|| TaskQuery::from_query_str(black_box(&raw)).unwrap())
    });
    let signer = Signer::new("AK", "SK");
    let request = SigningRequest {
        method: "GET",
        path: "/v2/0605767e9a80d5f52f8cc00f94d4e2fb/backuppolicy/f0647ada-fc42-4af1-a435-781f99505fc2/backuptasks",
        query: query.to_pairs().into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        headers: vec![("host".into(), "vbs.cn-north-1.myhuaweicloud.com".into())],
        body: b"",
    };
    let now = time::OffsetDateTime::now_utc();
    c.bench_function("Signer::sign", |b| {
        b.iter(|| signer.sign(black_box(&request), now))
    });
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(4000)
    );
    c.bench_function("Error::from_response (HTML page)", |b| {
        b.iter(|| Error::from_response(502, black_box(html.as_bytes())))
    });
}

criterion_group!(benches, decode, request_side);
criterion_main!(benches);
