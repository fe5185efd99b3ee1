//! Tests of finding malformed rows and setting them aside, with the helpers they share: a
//! store holding given objects, gzip and zstd bytes. The tests of each file are beside it.

mod clean_copy;
mod scanner;

use super::*;
use async_compression::tokio::bufread::{GzipEncoder, ZstdEncoder};
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::ObjectStoreExt;
use tokio::io::AsyncReadExt;

fn commas() -> CsvDialect {
    CsvDialect::default()
}

/// A store holding `objects` (name, bytes), and the list `first_bad_row` takes.
async fn store_with(
    objects: &[(&str, Vec<u8>)],
) -> (Arc<dyn ObjectStore>, Vec<(ObjectMeta, String)>) {
    let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
    let mut listed = Vec::new();
    for (name, bytes) in objects {
        let path = ObjectPath::from(*name);
        store.put(&path, bytes.clone().into()).await.unwrap();
        let meta = store.head(&path).await.unwrap();
        listed.push((meta, format!("s3://bucket/{name}")));
    }
    (store, listed)
}

async fn first(name: &str, text: &[u8], dialect: &CsvDialect) -> Option<BadRow> {
    let (store, objects) = store_with(&[(name, text.to_vec())]).await;
    first_bad_row(store, &objects, Compression::None, dialect)
        .await
        .unwrap()
}

async fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzipEncoder::new(bytes).read_to_end(&mut out).await.unwrap();
    out
}

async fn zstd(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    ZstdEncoder::new(bytes).read_to_end(&mut out).await.unwrap();
    out
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn reasons_read_as_sentences() {
    let count = BadRowReason::FieldCount {
        expected: 3,
        found: 4,
    };
    assert_eq!(count.to_string(), "has 4 fields where the header has 3");
    let one = BadRowReason::FieldCount {
        expected: 3,
        found: 1,
    };
    assert_eq!(one.to_string(), "has 1 field where the header has 3");
    assert_eq!(
        BadRowReason::InvalidUtf8 { field: 2 }.to_string(),
        "field 2 is not valid UTF-8"
    );
    assert_eq!(
        BadRowReason::UnterminatedQuote.to_string(),
        "has a quote that is never closed"
    );
}
