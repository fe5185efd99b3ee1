//! Issue 11: a recipe the checker accepts never fails with an internal error. Random
//! well-typed recipes over random tables (`testing::generate`) are checked, compiled and
//! run as `wrangle test` runs a case; every bug found is made small and printed as a case
//! to paste into the conformance corpus, and the test fails listing them all.
//!
//! `WRANGLE_GENERATED_CASES=N` and `WRANGLE_GENERATED_SEED=S` run another number of cases
//! or another seed; `WRANGLE_GENERATED_CASE=S` runs the one case of seed S (as printed
//! with each bug); `WRANGLE_GENERATED_DUMP=FILE` writes every case to FILE as a test file. `scripts/generated-recipes [COUNT] [SEED]` runs it with the output shown.

use std::time::Instant;
use wrangle_executor::testing::generate::random::case_seed;
use wrangle_executor::testing::generate::report::{render_bug, Tally};
use wrangle_executor::testing::generate::shrink::shrink;
use wrangle_executor::testing::generate::{generate, run_case, Outcome};

/// Cases run by default: about 25 s of the debug build on two cores (4,000 took 29 s and
/// their bugs 2 s more to make small, on an idle machine).
const DEFAULT_CASES: u64 = 3000;
const DEFAULT_SEED: u64 = 11;
/// Runs spent making each bug's case small.
const SHRINK_BUDGET: usize = 400;

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(n) => Some(n),
        Err(_) => panic!("{name}={text} is not a whole number"),
    }
}

#[test]
fn generated_recipes_check_compile_and_run_without_internal_errors() {
    let count = env_u64("WRANGLE_GENERATED_CASES").unwrap_or(DEFAULT_CASES);
    let seed = env_u64("WRANGLE_GENERATED_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_u64("WRANGLE_GENERATED_CASE");
    let seeds: Vec<u64> = match only {
        Some(s) => vec![s],
        None => (0..count).map(|i| case_seed(seed, i)).collect(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    // A panic is a bug the run reports as such; its default message would only interleave.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut dump = std::env::var("WRANGLE_GENERATED_DUMP")
        .ok()
        .map(|path| std::fs::File::create(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    runtime.block_on(async {
        for &s in &seeds {
            let generated = generate(s).await;
            if only.is_some() {
                println!("{}", generated.case.test_toml("the case", &[], &[]));
            }
            let outcome = run_case(&generated.case).await;
            if let Some(file) = dump.as_mut() {
                use std::io::Write as _;
                let note = format!("case seed {s}: {}", outcome.label());
                let text = generated.case.test_toml(&format!("case {s}"), &[note], &[]);
                writeln!(file, "{text}").expect("the dump is written");
            }
            tally.add(&generated, outcome);
        }
    });
    let ran = started.elapsed();
    let counts = tally.render();
    let known = open_bugs();
    let mut found_keys: Vec<String> = tally.found.keys().map(|k| k.trim().to_string()).collect();
    if !tally.misprinted.is_empty() {
        found_keys.push(PRINTER_BUG.to_string());
    }
    let mut bugs = Vec::new();
    let total = tally.found.len();
    for (i, (key, mut found)) in std::mem::take(&mut tally.found).into_iter().enumerate() {
        if known.iter().any(|k| k == key.trim()) {
            continue;
        }
        let first = std::mem::replace(&mut found.outcome, Outcome::Refused(String::new()));
        let (small, outcome) = runtime.block_on(shrink(&found.case, first, SHRINK_BUDGET));
        bugs.push(format!(
            "{}\n   key for {OPEN_BUGS}: {}",
            render_bug(i + 1, total, &key, &found, &small, &outcome),
            key.trim()
        ));
    }
    std::panic::set_hook(previous);
    println!(
        "seed {seed}: {} cases in {:.1} s, bugs made small in {:.1} s",
        seeds.len(),
        ran.as_secs_f64(),
        (started.elapsed() - ran).as_secs_f64()
    );
    println!("{counts}");
    println!(
        "{} classes of bug found, {} of them open in {OPEN_BUGS}",
        found_keys.len(),
        found_keys.iter().filter(|k| known.contains(k)).count()
    );
    for bug in &bugs {
        println!("{bug}");
    }
    let misprinted_is_new = !tally.misprinted.is_empty() && !known.iter().any(|k| k == PRINTER_BUG);
    if !tally.misprinted.is_empty() {
        println!(
            "━━ printer bug: {} steps print as text that does not read back as the same step:",
            tally.misprinted.len()
        );
        for step in tally.misprinted.iter().take(5) {
            println!("   {step:?}");
        }
    }
    // The list of open classes only shrinks: on the default run, a class no longer found
    // was fixed and leaves the list.
    let default_run = count == DEFAULT_CASES && seed == DEFAULT_SEED && only.is_none();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|k| default_run && !found_keys.contains(k))
        .collect();
    assert!(
        bugs.is_empty() && !misprinted_is_new && fixed.is_empty(),
        "{} new bugs{} in {} generated cases (seed {seed}); each is printed above as a case, \
         made small. Fixed, to be taken out of {OPEN_BUGS}: {fixed:#?}",
        bugs.len(),
        if misprinted_is_new {
            " and misprinted steps"
        } else {
            ""
        },
        seeds.len()
    );
}

/// The classes of bug found and not fixed yet, one key per line (as the test prints them),
/// `#` comments beside: the list can only shrink.
const OPEN_BUGS: &str = "tests/generated/open-bugs.txt";

/// The key of steps that print as text that does not read back.
const PRINTER_BUG: &str = "printer: a step prints as text that does not read back";

fn open_bugs() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(OPEN_BUGS);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{OPEN_BUGS}: {e}"));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}
