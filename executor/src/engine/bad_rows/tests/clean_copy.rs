//! Tests of setting malformed rows aside: the clean copies, the rejects file, long records
//! written ahead and taken back.

use super::super::clean_copy::set_aside_with;
use super::*;

#[tokio::test]
async fn clean_objects_have_no_bad_rows() {
    let text = b"id,name\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n";
    let (store, objects) = store_with(&[("a.csv", text.to_vec()), ("b.csv", text.to_vec())]).await;
    let found = first_bad_row(store.clone(), &objects, Compression::None, &commas())
        .await
        .unwrap();
    assert_eq!(found, None);
    assert_eq!(first("empty.csv", b"", &commas()).await, None);

    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    let rejects = dir.path().join("rejects.csv");
    let done = set_aside_bad_rows(
        store,
        &objects,
        Compression::None,
        &commas(),
        &clean,
        &rejects,
    )
    .await
    .unwrap();
    assert_eq!((done.kept, done.rejected), (4, 0));
    assert_eq!(
        done.clean_files,
        vec![clean.join("00000-a.csv"), clean.join("00001-b.csv")]
    );
    for path in &done.clean_files {
        assert_eq!(std::fs::read(path).unwrap(), text.to_vec());
    }
    assert_eq!(read(&rejects), "object,line,reason,record\n");
}

#[tokio::test]
async fn gzip_and_zstd_objects_are_read_decompressed() {
    // Two gzip members, as `cat a.gz b.gz` makes: the bad row is in the second.
    let mut bytes = gzip(b"a,b\n1,2\n").await;
    bytes.extend(gzip(b"3,4\n5,6,7\n").await);
    let (store, objects) = store_with(&[("g.csv.gz", bytes)]).await;
    let bad = first_bad_row(store.clone(), &objects, Compression::Gzip, &commas())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((bad.line, bad.raw), (4, b"5,6,7".to_vec()));

    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let done = set_aside_bad_rows(
        store,
        &objects,
        Compression::Gzip,
        &commas(),
        dir.path(),
        &rejects,
    )
    .await
    .unwrap();
    assert_eq!(done.clean_files, vec![dir.path().join("00000-g.csv")]);
    assert_eq!(read(&done.clean_files[0]), "a,b\n1,2\n3,4\n");
    assert_eq!(
        read(&rejects),
        "object,line,reason,record\n\
         s3://bucket/g.csv.gz,4,has 3 fields where the header has 2,\"5,6,7\"\n"
    );

    let (store, objects) = store_with(&[("z.csv.zst", zstd(b"a,b\n1,\xff\n").await)]).await;
    let bad = first_bad_row(store, &objects, Compression::Zstd, &commas())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (bad.line, bad.reason),
        (2, BadRowReason::InvalidUtf8 { field: 2 })
    );
}

#[tokio::test]
async fn bad_rows_are_set_aside_and_good_rows_copied_as_they_were() {
    let text: &[u8] = b"id,name,note\r\n\
        1,\"Ann\",\"two\r\nlines\"\r\n\
        2,bob,ok,extra\r\n\
        \r\n\
        3,x\xffy,z\r\n\
        4,'d',\"quoted \"\"word\"\"\"\r\n\
        5,e,\"never closed\r\n\
        6,f,g\r\n";
    let other: &[u8] = b"id,name,note\n7,h,i";
    let (store, objects) = store_with(&[
        ("in/a.csv", text.to_vec()),
        ("in/sub/a.csv", other.to_vec()),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean");
    let rejects = dir.path().join("report").join("rejects.csv");
    let done = set_aside_bad_rows(
        store,
        &objects,
        Compression::None,
        &commas(),
        &clean,
        &rejects,
    )
    .await
    .unwrap();
    assert_eq!((done.kept, done.rejected), (3, 3));
    assert_eq!(
        std::fs::read(&done.clean_files[0]).unwrap(),
        b"id,name,note\r\n1,\"Ann\",\"two\r\nlines\"\r\n4,'d',\"quoted \"\"word\"\"\"\r\n".to_vec()
    );
    assert_eq!(read(&done.clean_files[1]), "id,name,note\n7,h,i");
    assert_eq!(
        read(&rejects),
        "object,line,reason,record\n\
         s3://bucket/in/a.csv,4,has 4 fields where the header has 3,\"2,bob,ok,extra\"\n\
         s3://bucket/in/a.csv,6,field 2 is not valid UTF-8,\"3,x\u{fffd}y,z\"\n\
         s3://bucket/in/a.csv,8,has a quote that is never closed,\"5,e,\"\"never closed\r\n6,f,g\"\n"
    );
}

#[tokio::test]
async fn long_records_are_written_ahead_and_taken_back() {
    let long = "x".repeat(1000);
    let text = format!("a,b\n1,\"{long}\"\n2,{long},extra\n3,ok\n4,\"{long}\n");
    let (store, objects) = store_with(&[("l.csv", text.clone().into_bytes())]).await;
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let done = set_aside_with(
        store,
        &objects,
        Compression::None,
        &commas(),
        dir.path(),
        &rejects,
        100,
    )
    .await
    .unwrap();
    assert_eq!((done.kept, done.rejected), (2, 2));
    assert_eq!(
        read(&done.clean_files[0]),
        format!("a,b\n1,\"{long}\"\n3,ok\n")
    );
    assert_eq!(
        read(&rejects),
        format!(
            "object,line,reason,record\n\
             s3://bucket/l.csv,3,has 3 fields where the header has 2,\"2,{long},extra\"\n\
             s3://bucket/l.csv,5,has a quote that is never closed,\"4,\"\"{long}\"\n"
        )
    );
    // Only the first 64 KiB of a malformed record are kept.
    let huge = "y".repeat(RAW_LIMIT + 10);
    let text = format!("a,b\n1,{huge},z\n");
    let (store, objects) = store_with(&[("h.csv", text.into_bytes())]).await;
    let bad = first_bad_row(store.clone(), &objects, Compression::None, &commas())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bad.raw.len(), RAW_LIMIT);
    assert!(bad.raw.starts_with(b"1,yyy"));
    let done = set_aside_with(
        store,
        &objects,
        Compression::None,
        &commas(),
        dir.path(),
        &rejects,
        100,
    )
    .await
    .unwrap();
    assert_eq!((done.kept, done.rejected), (0, 1));
    assert_eq!(read(&done.clean_files[0]), "a,b\n");
    let record = format!("\"1,{}\"\n", &huge[..RAW_LIMIT - 2]);
    assert!(read(&rejects).ends_with(&record));
}

#[tokio::test]
async fn without_a_header_the_first_record_sets_the_count_and_may_be_set_aside() {
    let headerless = CsvDialect {
        has_header: false,
        delimiter: b'\t',
        ..commas()
    };
    let (store, objects) = store_with(&[("n.tsv", b"1\t\xff\n2\t3\n4\n".to_vec())]).await;
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let done = set_aside_bad_rows(
        store,
        &objects,
        Compression::None,
        &headerless,
        dir.path(),
        &rejects,
    )
    .await
    .unwrap();
    assert_eq!((done.kept, done.rejected), (1, 2));
    assert_eq!(read(&done.clean_files[0]), "2\t3\n");
    assert_eq!(
        read(&rejects),
        "object,line,reason,record\n\
         s3://bucket/n.tsv,1,field 2 is not valid UTF-8,1\t\u{fffd}\n\
         s3://bucket/n.tsv,3,has 1 field where the header has 2,4\n"
    );
}

#[tokio::test]
async fn a_bad_header_stops_setting_aside() {
    let (store, objects) = store_with(&[("h.csv", b"a,\"b\n1,2\n".to_vec())]).await;
    let dir = tempfile::tempdir().unwrap();
    let err = set_aside_bad_rows(
        store,
        &objects,
        Compression::None,
        &commas(),
        dir.path(),
        &dir.path().join("rejects.csv"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "input s3://bucket/h.csv: the header on line 1 is malformed: it has a quote that is never closed"
    );
}

#[tokio::test]
async fn large_objects_keep_their_line_numbers_across_reads() {
    // About 1.3 MB: many reads, records cut between them, a quoted line break in each.
    let mut text = String::from("id,text,n\n");
    let mut line = 2;
    let mut bad_lines = Vec::new();
    for i in 0..20_000u64 {
        if i % 7_000 == 6_999 {
            text.push_str(&format!("{i},ragged\n"));
            bad_lines.push(line);
            line += 1;
        } else {
            text.push_str(&format!(
                "{i},\"some text, then\na second line\",{}\n",
                i * 3
            ));
            line += 2;
        }
    }
    let compressed = gzip(text.as_bytes()).await;
    let (store, objects) = store_with(&[("big.csv.gz", compressed)]).await;
    let bad = first_bad_row(store.clone(), &objects, Compression::Gzip, &commas())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((bad.line, bad.raw), (bad_lines[0], b"6999,ragged".to_vec()));

    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let done = set_aside_bad_rows(
        store,
        &objects,
        Compression::Gzip,
        &commas(),
        dir.path(),
        &rejects,
    )
    .await
    .unwrap();
    assert_eq!((done.kept, done.rejected), (19_998, 2));
    let reported: Vec<u64> = read(&rejects)
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(reported, bad_lines);
    let expected: String = text
        .split_inclusive('\n')
        .filter(|l| !l.contains("ragged"))
        .collect();
    assert_eq!(read(&done.clean_files[0]), expected);
}

#[tokio::test]
async fn random_bytes_never_panic_and_clean_copies_are_clean() {
    let pieces: [&[u8]; 12] = [
        b"a",
        b"bc",
        b",",
        b",",
        b"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"#",
        b"\xff",
        b"\xc3\xa9",
        b"\\",
    ];
    let dialects = [
        commas(),
        CsvDialect {
            comment: Some(b'#'),
            escape: Some(b'\\'),
            has_header: false,
            ..commas()
        },
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let dir = tempfile::tempdir().unwrap();
    for round in 0..300 {
        let mut text = b"h1,h2\n".to_vec();
        let length = next() % 60;
        for _ in 0..length {
            text.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
        }
        let dialect = &dialects[round % 2];
        let (store, objects) = store_with(&[("r.csv", text.clone())]).await;
        first_bad_row(store.clone(), &objects, Compression::None, dialect)
            .await
            .unwrap();
        let clean = dir.path().join(format!("{round}"));
        let done = set_aside_with(
            store,
            &objects,
            Compression::None,
            dialect,
            &clean,
            &dir.path().join(format!("{round}.csv")),
            8,
        )
        .await
        .unwrap();
        let copy = std::fs::read(&done.clean_files[0]).unwrap();
        let (store, objects) = store_with(&[("clean.csv", copy.clone())]).await;
        let again = first_bad_row(store, &objects, Compression::None, dialect)
            .await
            .unwrap();
        assert_eq!(again, None, "{text:?} → {copy:?}");
        let mut scanner = Scanner::new(Box::new(std::io::Cursor::new(copy)), dialect, false, SPILL);
        let mut records = 0;
        while let Step::Record(_) = scanner.next().await.unwrap() {
            records += 1;
        }
        assert_eq!(
            records,
            done.kept + u64::from(dialect.has_header),
            "{text:?}"
        );
    }
}
