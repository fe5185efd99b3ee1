//! Parsing and checking a 1,000-step recipe (target: under 10 ms together on 2 cores).
//! Run with `cargo bench -p wrangle-dsl`; results go in docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A realistic recipe of `steps` steps that checks clean: every family of transform, with
/// expressions, patterns and regexes.
pub fn long_recipe(steps: usize) -> String {
    let templates: [&dyn Fn(usize) -> String; 10] = [
        &|i| format!("derive c{i} = round(amount * {i}.5, 2) + abs(quantity)"),
        &|i| format!("set customer = proper(trim(customer)) where amount > {i}"),
        &|i| format!("keep rows where amount between {i} and {i}00 or customer is null"),
        &|i| format!("rename r{i} to s{i}"),
        &|i| format!("extract zip{i} from address matching p\"{{digit}}{{5}}\""),
        &|i| format!("split addr{i} on \",\" limit 1 into street{i}, city{i}"),
        &|_| "sort by ordered_at desc, customer".to_string(),
        &|i| {
            format!(
                "derive label{i} = case when amount > {i} then \"big\" else lower(customer) end"
            )
        },
        &|i| format!("window by customer order by ordered_at: w{i} = lag(amount, 1)"),
        &|_| "replace city matching /st\\.?$/i with \"Street\"".to_string(),
    ];
    let mut out = String::from("# a long generated recipe\n");
    for i in 0..steps {
        out.push_str(&templates[i % templates.len()](i));
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let source = long_recipe(1000);
    let (_, checked) = wrangle_dsl::check::parse_and_check(&source, None);
    assert!(
        checked.diagnostics.is_empty(),
        "the benchmark recipe must check clean: {:?}",
        checked.diagnostics.first()
    );
    c.bench_function("parse 1000 steps", |b| {
        b.iter(|| wrangle_dsl::parse(black_box(&source)))
    });
    let recipe = wrangle_dsl::parse(&source).recipe;
    c.bench_function("check 1000 steps", |b| {
        b.iter(|| wrangle_dsl::check::check(black_box(&recipe), None))
    });
    c.bench_function("parse and check 1000 steps", |b| {
        b.iter(|| wrangle_dsl::check::parse_and_check(black_box(&source), None))
    });
    c.bench_function("print 1000 steps", |b| {
        b.iter(|| wrangle_dsl::print(black_box(&recipe)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
