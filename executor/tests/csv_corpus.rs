//! The CSV corpus (`tests/csv/`): awkward files, each read by `wrangle run` (into Parquet,
//! which keeps the types) and by the server's working set (Arrow IPC), and compared with the
//! `NAME.expect` beside it: the columns, their types and every row, or the one-line refusal.
//! Files too large to keep are generated here: null markers and other types past the rows
//! the column types come from, very wide rows, a folder with an empty file.

mod common;

use common::cli::{repo, text, wrangle};
use datafusion::arrow::array::{RecordBatch, RecordBatchReader};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::ipc::reader::StreamReader;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wrangle_executor::serve::{router, Access, AppState, Limits, Store};

/// A table as the expectations write it: the columns with their types, the rows as text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Table {
    columns: Vec<(String, String)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// The row whose first cell is `first` (rows may come in another order from a run).
    fn row(&self, first: &str) -> &[String] {
        self.rows
            .iter()
            .find(|r| r[0] == first)
            .unwrap_or_else(|| panic!("no row starts with {first}"))
    }

    fn column(&self, name: &str) -> &str {
        &self
            .columns
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.columns))
            .1
    }
}

/// What `NAME.expect` says.
#[derive(Debug)]
enum Expected {
    Table(Table),
    Refused { run: String, server: String },
}

fn parse_expect(text: &str) -> Expected {
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    let mut count = None;
    let (mut run, mut server) = (None, None);
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        if let Some(column) = line.strip_prefix("column ") {
            let (name, kind) = column.rsplit_once(": ").expect("column NAME: TYPE");
            columns.push((name.to_string(), kind.to_string()));
        } else if let Some(n) = line.strip_prefix("rows: ") {
            count = Some(n.parse::<usize>().expect("rows: N"));
        } else if let Some(row) = line.strip_prefix("row: ") {
            rows.push(row.split(" | ").map(str::to_string).collect());
        } else if let Some(message) = line.strip_prefix("run refuses: ") {
            run = Some(message.to_string());
        } else if let Some(message) = line.strip_prefix("server refuses: ") {
            server = Some(message.to_string());
        } else {
            panic!("an expectation line I cannot read: {line}");
        }
    }
    match (run, server) {
        (Some(run), Some(server)) => Expected::Refused { run, server },
        (None, None) => {
            assert!(!columns.is_empty(), "an expectation names its columns");
            assert_eq!(count, Some(rows.len()), "`rows: N` counts the rows listed");
            Expected::Table(Table { columns, rows })
        }
        _ => panic!("a refusal says what the run and the server say"),
    }
}

/// How the expectations name a type.
fn kind(data_type: &DataType) -> String {
    match data_type {
        DataType::Int64 => "int".into(),
        DataType::Float64 => "float".into(),
        DataType::Boolean => "bool".into(),
        DataType::Date32 => "date".into(),
        DataType::Timestamp(_, _) => "timestamp".into(),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "text".into(),
        other => format!("{other:?}"),
    }
}

fn table(schema: &SchemaRef, batches: &[RecordBatch]) -> Table {
    let columns = schema
        .fields()
        .iter()
        .map(|f| (f.name().clone(), kind(f.data_type())))
        .collect();
    let options = FormatOptions::default().with_null("null");
    let mut rows = Vec::new();
    for batch in batches {
        let formatters: Vec<ArrayFormatter> = batch
            .columns()
            .iter()
            .map(|a| ArrayFormatter::try_new(a.as_ref(), &options).unwrap())
            .collect();
        for i in 0..batch.num_rows() {
            rows.push(
                formatters
                    .iter()
                    .map(|f| f.value(i).to_string().replace('\n', "\\n"))
                    .collect(),
            );
        }
    }
    Table { columns, rows }
}

/// `wrangle run` with a recipe that changes nothing, into Parquet: the table written, or
/// what the run said on failing.
fn via_run(dir: &Path, input: &Path) -> Result<Table, String> {
    via_run_with(dir, input, &[]).map(|(table, _)| table)
}

/// As [`via_run`], with more arguments; also what the run said on standard error.
fn via_run_with(dir: &Path, input: &Path, extra: &[&str]) -> Result<(Table, String), String> {
    let recipe = dir.join("identity.wrangle");
    std::fs::write(&recipe, "# Changes nothing.\n").unwrap();
    let name = input.file_name().unwrap().to_string_lossy();
    let output = dir.join(format!("{name}.out.parquet"));
    let mut args = vec![
        "run",
        recipe.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--overwrite",
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    let out = wrangle(&args, dir);
    let stderr = text(&out.stderr);
    if out.status.code() != Some(0) {
        return Err(stderr);
    }
    let file = std::fs::File::open(&output)
        .unwrap_or_else(|e| panic!("{}: {e}; the run said {stderr}", output.display()));
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    Ok((table(&schema, &batches), stderr))
}

struct Server {
    base: String,
    root: PathBuf,
    _store: tempfile::TempDir,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let store = Store::open(root.to_str().unwrap()).unwrap();
    let state = Arc::new(AppState::new(
        store,
        Access { token: None },
        Limits::default(),
        common::server::job_settings(),
    ));
    let app = router(state, Path::new("/nonexistent-ui"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        root,
        _store: dir,
    }
}

/// The server's working set of `key` (its first `rows` rows when given): the table, or the
/// status and the error it answered.
async fn via_server(server: &Server, key: &str, rows: Option<usize>) -> Result<Table, String> {
    let rows = rows.map(|n| format!("&rows={n}")).unwrap_or_default();
    let response = reqwest::get(format!(
        "{}/api/datasets/working-set?path={key}{rows}",
        server.base
    ))
    .await
    .unwrap();
    let status = response.status().as_u16();
    if status != 200 {
        let body: serde_json::Value = response.json().await.unwrap();
        return Err(format!(
            "{status} {}",
            body["error"].as_str().unwrap_or("?")
        ));
    }
    let bytes = response.bytes().await.unwrap();
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
    let schema = reader.schema();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    Ok(table(&schema, &batches))
}

/// Puts `bytes` in the server's store as `key`.
fn put(server: &Server, key: &str, bytes: &[u8]) {
    let path = server.root.join(key);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_file_of_the_corpus_is_read_as_expected_or_refused_in_one_line() {
    let corpus = repo().join("tests/csv");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("csv" | "tsv")))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "the corpus is at {}", corpus.display());
    let dir = tempfile::tempdir().unwrap();
    let server = start().await;
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let expect = file.with_extension("expect");
        let Ok(expect) = std::fs::read_to_string(&expect) else {
            failures.push(format!("{name}: no {}", expect.display()));
            continue;
        };
        let key = format!("corpus/{name}");
        put(&server, &key, &std::fs::read(file).unwrap());
        let run = via_run(dir.path(), file);
        let served = via_server(&server, &key, None).await;
        match parse_expect(&expect) {
            Expected::Table(expected) => {
                if run.as_ref() != Ok(&expected) {
                    failures.push(format!("{name}: run gave {run:?}, expected {expected:?}"));
                }
                if served.as_ref() != Ok(&expected) {
                    failures.push(format!(
                        "{name}: the server gave {served:?}, expected {expected:?}"
                    ));
                }
            }
            Expected::Refused {
                run: run_says,
                server: server_says,
            } => {
                let run_says = format!(
                    "error: {}\n",
                    run_says.replace("{file}", file.to_str().unwrap())
                );
                if run.as_ref().err() != Some(&run_says) {
                    failures.push(format!("{name}: run gave {run:?}, expected {run_says:?}"));
                }
                let server_says = format!("400 {}", server_says.replace("{key}", &key));
                if served.as_ref().err() != Some(&server_says) {
                    failures.push(format!(
                        "{name}: the server gave {served:?}, expected {server_says:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `rows` data rows after `header`, row `i` (1-based, on line `i + 1`) from `row(i)`.
fn generated(header: &str, rows: usize, row: impl Fn(usize) -> String) -> Vec<u8> {
    let mut text = format!("{header}\n");
    for i in 1..=rows {
        text.push_str(&row(i));
        text.push('\n');
    }
    text.into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn null_markers_far_below_the_rows_types_come_from_are_null_in_every_type() {
    // Line 10,805 is `NA` in every column, as in a file whose timestamps were read wrong.
    let marker = |line: usize| match line {
        10_805 => Some("NA"),
        11_000 => Some(""),
        11_500 => Some("NULL"),
        11_900 => Some("N/A"),
        _ => None,
    };
    let bytes = generated("id,at,n,x,day,ok,note", 12_000, |i| match marker(i + 1) {
        Some(m) => format!("{i},{m},{m},{m},{m},{m},{m}"),
        None => format!(
            "{i},1976-06-12 10:30:{:02},{i},{}.5,2024-01-{:02},{},n{i}",
            i % 60,
            i % 7,
            i % 28 + 1,
            i % 2 == 0
        ),
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("late_nulls.csv");
    std::fs::write(&file, &bytes).unwrap();
    let server = start().await;
    put(&server, "late/late_nulls.csv", &bytes);
    let run = via_run(dir.path(), &file).unwrap();
    let served = via_server(&server, "late/late_nulls.csv", None)
        .await
        .unwrap();
    for table in [&run, &served] {
        let kinds: Vec<&str> = table.columns.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(
            kinds,
            ["int", "timestamp", "int", "float", "date", "bool", "text"]
        );
        assert_eq!(table.rows.len(), 12_000);
        for id in ["10804", "10999", "11499", "11899"] {
            assert_eq!(
                table.row(id)[1..],
                ["null", "null", "null", "null", "null", "null"],
                "row {id}"
            );
        }
        assert_eq!(
            table.row("10803"),
            [
                "10803",
                "1976-06-12T10:30:03",
                "10803",
                "2.5",
                "2024-01-24",
                "false",
                "n10803"
            ]
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_later_value_another_type_widens_the_column_in_runs_and_working_sets() {
    let dir = tempfile::tempdir().unwrap();
    let server = start().await;
    // Line 20,000 holds 1.5 in a column of integers, then abc in another.
    let bytes = generated("id,n,code", 25_000, |i| match i + 1 {
        20_000 => format!("{i},1.5,{i}"),
        24_000 => format!("{i},{i},abc"),
        _ => format!("{i},{i},{i}"),
    });
    let file = dir.path().join("late_types.csv");
    std::fs::write(&file, &bytes).unwrap();
    let (run, said) = via_run_with(dir.path(), &file, &[]).unwrap();
    assert_eq!(
        said.lines().next(),
        Some(
            format!(
                "{}: line 20000, column `n` holds `1.5`, which is not an integer like its first \
                 10000 rows: typing the columns from every row and running again",
                file.display()
            )
            .as_str()
        ),
        "{said}"
    );
    put(&server, "late/late_types.csv", &bytes);
    let served = via_server(&server, "late/late_types.csv", Some(30_000))
        .await
        .unwrap();
    for table in [&run, &served] {
        assert_eq!(table.column("n"), "float");
        assert_eq!(table.column("code"), "text");
        assert_eq!(table.rows.len(), 25_000);
        assert_eq!(table.row("19999"), ["19999", "1.5", "19999"]);
        assert_eq!(table.row("23999"), ["23999", "23999.0", "abc"]);
        assert_eq!(table.row("1"), ["1", "1.0", "1"]);
    }
    // A working set that ends before the value has the types of the first rows (the value
    // is not read, so nothing asks for more).
    let first = via_server(&server, "late/late_types.csv", Some(100))
        .await
        .unwrap();
    assert_eq!(first.rows.len(), 100);
    assert_eq!(first.column("n"), "int");
    assert_eq!(first.row("100"), ["100", "100", "100"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn very_wide_rows_and_a_header_longer_than_the_sniffed_sample() {
    let dir = tempfile::tempdir().unwrap();
    let server = start().await;
    for columns in [3_000usize, 8_000] {
        let header: Vec<String> = (1..=columns).map(|c| format!("measure_{c:05}")).collect();
        let header = header.join(",");
        assert_eq!(columns > 5_000, header.len() > 64 * 1024);
        let bytes = generated(&header, 3, |i| {
            (1..=columns)
                .map(|c| {
                    if c == columns {
                        format!("t{i}")
                    } else {
                        (i * c).to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        });
        let name = format!("wide_{columns}.csv");
        let file = dir.path().join(&name);
        std::fs::write(&file, &bytes).unwrap();
        put(&server, &format!("wide/{name}"), &bytes);
        let run = via_run(dir.path(), &file).unwrap();
        let served = via_server(&server, &format!("wide/{name}"), None)
            .await
            .unwrap();
        for table in [&run, &served] {
            assert_eq!(table.columns.len(), columns);
            assert_eq!(table.columns[0], ("measure_00001".into(), "int".into()));
            assert_eq!(
                table.columns[columns - 1],
                (format!("measure_{columns:05}"), "text".into())
            );
            assert_eq!(table.rows.len(), 3);
            assert_eq!(table.row("2")[columns - 2], ((columns - 1) * 2).to_string());
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_with_empty_and_header_only_files_reads_the_rows_of_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("parts");
    std::fs::create_dir(&folder).unwrap();
    let files: [(&str, &[u8]); 3] = [
        ("a.csv", b""),
        ("b.csv", b"id,name\n"),
        ("c.csv", b"id,name\n1,ann\n2,NA\n"),
    ];
    let server = start().await;
    for (name, bytes) in files {
        std::fs::write(folder.join(name), bytes).unwrap();
        put(&server, &format!("parts/{name}"), bytes);
    }
    let expected = Table {
        columns: vec![("id".into(), "int".into()), ("name".into(), "text".into())],
        rows: vec![
            vec!["1".into(), "ann".into()],
            vec!["2".into(), "null".into()],
        ],
    };
    assert_eq!(via_run(dir.path(), &folder), Ok(expected.clone()));
    assert_eq!(via_server(&server, "parts", None).await, Ok(expected));
    // Only the empty file: refused.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("a.csv"), b"").unwrap();
    std::fs::write(empty.join("b.csv"), b"").unwrap();
    assert_eq!(
        via_run(dir.path(), &empty),
        Err(format!(
            "error: input {}: every file is empty: no header names the columns and there are \
             no rows; add a file with at least a header line\n",
            empty.display()
        ))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_rows_past_the_rows_types_come_from_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = start().await;
    // A row with a field too many on line 15,000; a quote never closed on line 15,000 in a
    // column of integers (it swallows the rest of the file).
    let cases = [
        (
            "ragged.csv",
            "15000,1,2",
            "line 15000: the row has 3 fields where the header has 2",
        ),
        (
            "unclosed.csv",
            "15000,\"1",
            "line 15000: the row has a quote that is never closed",
        ),
    ];
    for (name, bad, says) in cases {
        let bytes = generated("id,n", 20_000, |i| {
            if i + 1 == 15_000 {
                bad.to_string()
            } else {
                format!("{i},{i}")
            }
        });
        let file = dir.path().join(name);
        std::fs::write(&file, &bytes).unwrap();
        let hint = "; fix it, or pass --on-bad-rows skip to set such rows aside";
        assert_eq!(
            via_run(dir.path(), &file),
            Err(format!("error: input {}: {says}{hint}\n", file.display())),
            "{name}"
        );
        let key = format!("late/{name}");
        put(&server, &key, &bytes);
        assert_eq!(
            via_server(&server, &key, None).await,
            Err(format!("400 `{key}`: {says}{hint}")),
            "{name}"
        );
        // Set aside, the other rows are read.
        let (table, _) = via_run_with(dir.path(), &file, &["--on-bad-rows", "skip"]).unwrap();
        assert_eq!(
            table.rows.len(),
            if name == "ragged.csv" { 19_999 } else { 14_998 }
        );
        assert_eq!(table.column("n"), "int");
    }
}
