//! Tests of finding malformed rows (the first one, where it starts, why) and of reading
//! field values.

use super::*;

#[tokio::test]
async fn a_ragged_row_is_found_on_its_line_after_a_quoted_line_break() {
    let text = b"id,name,note\n1,a,\"two\nlines\"\n\n2,b,ok\n3,c,d,extra\n4,e,f\n";
    let bad = first("t.csv", text, &commas()).await.unwrap();
    assert_eq!(
        bad,
        BadRow {
            object: "s3://bucket/t.csv".into(),
            line: 6,
            reason: BadRowReason::FieldCount {
                expected: 3,
                found: 4
            },
            raw: b"3,c,d,extra".to_vec(),
        }
    );
    // Too few fields, CRLF line breaks.
    let text = b"a,b\r\n1,2\r\n3\r\n";
    let bad = first("t.csv", text, &commas()).await.unwrap();
    assert_eq!((bad.line, bad.raw), (3, b"3".to_vec()));
    assert_eq!(
        bad.reason,
        BadRowReason::FieldCount {
            expected: 2,
            found: 1
        }
    );
}

#[tokio::test]
async fn a_quote_never_closed_is_reported_where_the_record_starts() {
    let text = b"a,b\n1,2\n3,\"oops\n4,5\n";
    let bad = first("q.csv", text, &commas()).await.unwrap();
    assert_eq!(bad.line, 3);
    assert_eq!(bad.reason, BadRowReason::UnterminatedQuote);
    assert_eq!(bad.raw, b"3,\"oops\n4,5".to_vec());
    // A closed quote at the very end, without a line break, is fine.
    assert_eq!(first("q.csv", b"a,b\n1,\"x\"", &commas()).await, None);
    // An escaped quote does not close the field.
    let escaped = CsvDialect {
        escape: Some(b'\\'),
        ..commas()
    };
    let bad = first("q.csv", b"a,b\n1,\"x\\\"\n", &escaped).await.unwrap();
    assert_eq!((bad.line, bad.reason), (2, BadRowReason::UnterminatedQuote));
    assert_eq!(first("q.csv", b"a,b\n1,\"x\\\"\"\n", &escaped).await, None);
}

#[tokio::test]
async fn invalid_utf8_names_the_field() {
    let text = b"a,b,c\n1,x,3\n1,x\xffy,3\n";
    let bad = first("u.csv", text, &commas()).await.unwrap();
    assert_eq!(bad.line, 3);
    assert_eq!(bad.reason, BadRowReason::InvalidUtf8 { field: 2 });
    assert_eq!(bad.raw, b"1,x\xffy,3".to_vec());
    // A character cut between reads is still whole; a cut one at the field end is not.
    let mut long = b"a\n".to_vec();
    long.extend(std::iter::repeat_n(b'x', CHUNK - 3));
    long.extend("é€😀\n".as_bytes());
    assert_eq!(first("u.csv", &long, &commas()).await, None);
    let bad = first("u.csv", b"a,b\n1,\xe2\x82\n", &commas())
        .await
        .unwrap();
    assert_eq!(bad.reason, BadRowReason::InvalidUtf8 { field: 2 });
}

#[tokio::test]
async fn headers_comments_blank_lines_and_byte_order_marks() {
    // Without a header the first record sets the field count.
    let headerless = CsvDialect {
        has_header: false,
        ..commas()
    };
    let bad = first("h.csv", b"1,2,3\n4,5\n", &headerless).await.unwrap();
    assert_eq!(bad.line, 2);
    // Comment and blank lines are not rows but count as lines.
    let comments = CsvDialect {
        comment: Some(b'#'),
        delimiter: b';',
        ..commas()
    };
    let text = b"\xEF\xBB\xBF# made by hand\n\na;b\n# a note\n1;2\n\n3\n";
    let bad = first("c.csv", text, &comments).await.unwrap();
    assert_eq!((bad.line, bad.raw), (7, b"3".to_vec()));
    // A bad header is a bad row too.
    let bad = first("c.csv", b"a,\xff\n1,2\n", &commas()).await.unwrap();
    assert_eq!(
        (bad.line, bad.reason),
        (1, BadRowReason::InvalidUtf8 { field: 2 })
    );
}

#[tokio::test]
async fn the_first_bad_row_names_its_object() {
    let (store, objects) = store_with(&[
        ("a.csv", b"x,y\n1,2\n".to_vec()),
        ("b.csv", b"x,y\n1,2\n3,4,5\n".to_vec()),
    ])
    .await;
    // Spawned: the future can move between threads.
    let dialect = commas();
    let bad =
        tokio::spawn(
            async move { first_bad_row(store, &objects, Compression::None, &dialect).await },
        )
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!((bad.object.as_str(), bad.line), ("s3://bucket/b.csv", 3));
}

#[tokio::test]
async fn field_readers_give_each_record_its_fields_and_line() {
    let long = "z".repeat(CHUNK * 2 + 7);
    let mut bytes = b"\xEF\xBB\xBFid,note\r\n1,\"two\nlines, \"\"quoted\"\"\"\r\n\r\n2,".to_vec();
    bytes.extend_from_slice(long.as_bytes());
    bytes.extend_from_slice(b"\n3\n4,\xff\n5,\"open\n");
    let (store, objects) = store_with(&[("f.csv", bytes)]).await;
    let (meta, uri) = &objects[0];
    let mut reader = FieldReader::open(store.as_ref(), meta, uri, Compression::None, &commas())
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Some(record) = reader.next().await.unwrap() {
        // The long field by its length (a failure stays readable).
        let fields: Vec<String> = (0..reader.len())
            .map(|i| String::from_utf8_lossy(reader.field(i).unwrap()).into_owned())
            .map(|f| {
                if f == long {
                    format!("{} z", f.len())
                } else {
                    f
                }
            })
            .collect();
        seen.push((record.line, record.first, record.malformed, fields));
    }
    let count = |found| BadRowReason::FieldCount { expected: 2, found };
    assert_eq!(
        seen,
        [
            (1, true, None, vec!["id".into(), "note".into()]),
            (
                2,
                false,
                None,
                vec!["1".into(), "two\nlines, \"quoted\"".into()]
            ),
            (
                5,
                false,
                None,
                vec!["2".into(), format!("{} z", long.len())]
            ),
            (6, false, Some(count(1)), vec!["3".into()]),
            (
                7,
                false,
                Some(BadRowReason::InvalidUtf8 { field: 2 }),
                vec!["4".into(), "\u{fffd}".into()]
            ),
            (
                8,
                false,
                Some(BadRowReason::UnterminatedQuote),
                vec!["5".into(), "open\n".into()]
            ),
        ]
    );
    assert_eq!(reader.field(2), None);
}

#[tokio::test]
async fn a_missing_object_is_an_input_error() {
    let (store, mut objects) = store_with(&[("a.csv", b"a\n".to_vec())]).await;
    objects[0].0.location = ObjectPath::from("gone.csv");
    let err = first_bad_row(store, &objects, Compression::None, &commas())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "input s3://bucket/a.csv: no such file or object"
    );
    // Bytes that are not gzip.
    let (store, objects) = store_with(&[("a.csv.gz", b"a,b\n1,2\n".to_vec())]).await;
    let err = first_bad_row(store, &objects, Compression::Gzip, &commas())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("input s3://bucket/a.csv.gz: cannot read it: "),
        "{err}"
    );
}
