//! Every transform run on small tables through the real engine: input CSV, recipe,
//! expected output CSV, compared cell by cell (rows in order unless the case sorts).

use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::prelude::{CsvReadOptions, SessionContext};
use std::collections::HashMap;
use wrangle_executor::compile::{compile, Inputs};

/// Runs `recipe` over the CSV `input` (and named CSV inputs) and returns the result as CSV
/// text with a header, nulls written as `null`.
async fn run(input: &str, tables: &[(&str, &str)], recipe: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let ctx = SessionContext::new();
    let read = |name: &str, text: &str| {
        let path = dir.path().join(format!("{name}.csv"));
        std::fs::write(&path, text).unwrap();
        path
    };
    let main_path = read("main", input);
    let main = ctx
        .read_csv(main_path.to_str().unwrap(), CsvReadOptions::new())
        .await
        .unwrap()
        .into_unoptimized_plan();
    let mut bound = HashMap::new();
    for (name, text) in tables {
        let path = read(name, text);
        let plan = ctx
            .read_csv(path.to_str().unwrap(), CsvReadOptions::new())
            .await
            .unwrap()
            .into_unoptimized_plan();
        bound.insert(name.to_string(), plan);
    }
    let parsed = wrangle_dsl::parse(recipe);
    assert!(
        parsed.diagnostics.is_empty(),
        "{recipe}: {:?}",
        parsed.diagnostics
    );
    let compiled = compile(
        &parsed.recipe,
        &Inputs {
            main,
            tables: bound,
        },
    )
    .unwrap_or_else(|e| panic!("{recipe}: {e}"));
    let batches = ctx
        .execute_logical_plan(compiled.plan)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let schema = compiled_schema(&batches);
    let mut out = schema.join(",");
    out.push('\n');
    let options = FormatOptions::default().with_null("null");
    for batch in &batches {
        let formatters: Vec<_> = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options).unwrap())
            .collect();
        for row in 0..batch.num_rows() {
            let cells: Vec<String> = formatters
                .iter()
                .map(|f| f.value(row).to_string())
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    out
}

fn compiled_schema(batches: &[datafusion::arrow::record_batch::RecordBatch]) -> Vec<String> {
    batches
        .first()
        .map(|b| {
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        })
        .unwrap_or_default()
}

const PEOPLE: &str = "id,name,city,amount\n1, ada lovelace ,London,10\n2,alan turing,,\n3,grace hopper,New York,30\n4,alan turing,Paris,5\n";

#[tokio::test]
async fn column_operations() {
    let cases: &[(&str, &str)] = &[
        ("rename name to person\nkeep id, person", "id,person\n1, ada lovelace \n2,alan turing\n3,grace hopper\n4,alan turing\n"),
        ("drop name, city", "id,amount\n1,10\n2,null\n3,30\n4,5\n"),
        ("move amount to start\nkeep amount, id", "amount,id\n10,1\nnull,2\n30,3\n5,4\n"),
        ("move amount before name\ndrop city\nlimit 1", "id,amount,name\n1,10, ada lovelace \n"),
        ("derive double = amount * 2, half = double / 4\nkeep id, double, half\nlimit 2", "id,double,half\n1,20,5.0\n2,null,null\n"),
        ("set name = upper(trim(name))\nset amount = 0, city = \"?\" where amount is null\nkeep name, amount, city", "name,amount,city\nADA LOVELACE,10,London\nALAN TURING,0,?\nGRACE HOPPER,30,New York\nALAN TURING,5,Paris\n"),
        ("settype amount string, id float\nkeep id, amount\nlimit 1", "id,amount\n1.0,10\n"),
        ("merge name, city with \"/\" into label\nkeep label", "label\n ada lovelace /London\nalan turing\ngrace hopper/New York\nalan turing/Paris\n"),
        ("split name on \" \" limit 1 into first, last\nkeep first, last", "first,last\n,ada lovelace \nalan,turing\ngrace,hopper\nalan,turing\n"),
        ("extract initial from city matching p\"{upper}\"\nkeep city, initial\nlimit 1", "city,initial\nLondon,L\n"),
        ("replace name matching /(\\w+) (\\w+)/ with \"$2, $1\"\nkeep name\nlimit 2", "name\n lovelace, ada \nturing, alan\n"),
        ("countpattern vowels from name matching p\"{lower}\"\nkeep vowels", "vowels\n11\n10\n11\n10\n"),
    ];
    for (recipe, expected) in cases {
        assert_eq!(
            run(PEOPLE, &[], recipe).await,
            *expected,
            "recipe:\n{recipe}"
        );
    }
}

#[tokio::test]
async fn row_operations() {
    let cases: &[(&str, &str)] = &[
        ("keep rows where amount > 5\nkeep id", "id\n1\n3\n"),
        ("delete rows where amount > 5\nkeep id", "id\n2\n4\n"),
        (
            "dedup by name keep first\nsort by id\nkeep id",
            "id\n1\n2\n3\n",
        ),
        (
            "dedup by name keep last\nsort by id\nkeep id",
            "id\n1\n3\n4\n",
        ),
        (
            "keep name\ndedup\nsort by name",
            "name\n ada lovelace \nalan turing\ngrace hopper\n",
        ),
        ("sort by amount desc\nkeep id", "id\n2\n3\n1\n4\n"),
        ("sort by amount nulls first\nkeep id", "id\n2\n4\n1\n3\n"),
        (
            "fill city down\nkeep city",
            "city\nLondon\nLondon\nNew York\nParis\n",
        ),
        (
            "fill city up\nkeep city",
            "city\nLondon\nNew York\nNew York\nParis\n",
        ),
        (
            "fill amount with -1\nkeep amount",
            "amount\n10\n-1\n30\n5\n",
        ),
        ("limit 2 offset 1\nkeep id", "id\n2\n3\n"),
    ];
    for (recipe, expected) in cases {
        assert_eq!(
            run(PEOPLE, &[], recipe).await,
            *expected,
            "recipe:\n{recipe}"
        );
    }
}

#[tokio::test]
async fn reshaping() {
    let cases: &[(&str, &str)] = &[
        (
            "aggregate by name: n = count(), total = sum(amount)\nsort by name",
            "name,n,total\n ada lovelace ,1,10\nalan turing,2,5\ngrace hopper,1,30\n",
        ),
        ("aggregate: rows = count(), share = round(sum(amount) / 45.0, 2)", "rows,share\n4,1.0\n"),
        (
            "pivot city in [\"London\", \"Paris\"] using sum(amount) by name\nsort by name",
            "name,London,Paris\n ada lovelace ,10,null\nalan turing,null,5\ngrace hopper,null,null\n",
        ),
        ("keep id, amount\nderive more = amount + 1\nunpivot amount, more into field, value\nsort by id, field\nlimit 2", "id,field,value\n1,amount,10\n1,more,11\n"),
        ("keep id, name\nsplitrows name on p\"{space}+\"\nkeep rows where name != \"\"\nlimit 3", "id,name\n1,ada\n1,lovelace\n2,alan\n"),
        ("nest id, city into s\nunnest s prefix \"s_\"\nkeep s_id, s_city\nlimit 1", "s_id,s_city\n1,London\n"),
        ("nest id, amount into l as list\nflatten l\nkeep l\nlimit 3", "l\n1\n10\n2\n"),
        (
            "window by name order by id: n = row_number(), running = running_sum(amount)\nsort by id\nkeep id, n, running",
            "id,n,running\n1,1,10\n2,1,null\n3,1,30\n4,2,5\n",
        ),
    ];
    for (recipe, expected) in cases {
        assert_eq!(
            run(PEOPLE, &[], recipe).await,
            *expected,
            "recipe:\n{recipe}"
        );
    }
}

const CITIES: &str = "city,country\nLondon,UK\nParis,France\nParis,Texas\n";
const MORE: &str = "id,name,city,amount\n9,ian,Oslo,1\n";

#[tokio::test]
async fn combining() {
    let cases: &[(&str, &str)] = &[
        (
            "join cities on city = cities.city\nsort by id\nkeep id, country",
            "id,country\n1,UK\n4,France\n4,Texas\n",
        ),
        (
            "join cities on city = cities.city kind left\nsort by id, country\nkeep id, country",
            "id,country\n1,UK\n2,null\n3,null\n4,France\n4,Texas\n",
        ),
        (
            "join cities on city = cities.city kind anti\nsort by id\nkeep id",
            "id\n2\n3\n",
        ),
        (
            "lookup cities on city = cities.city columns country\nsort by id\nkeep id",
            "id\n1\n2\n3\n4\n",
        ),
        (
            "union more\nsort by id desc\nlimit 1\nkeep id, name",
            "id,name\n9,ian\n",
        ),
    ];
    for (recipe, expected) in cases {
        assert_eq!(
            run(PEOPLE, &[("cities", CITIES), ("more", MORE)], recipe).await,
            *expected,
            "recipe:\n{recipe}"
        );
    }
}
