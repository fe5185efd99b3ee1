//! Sniffing dialects from samples: the delimiter, the quote, comments and the header,
//! together and with what the command line gives.

use super::records::{cells, records};
use super::*;

fn guess(text: &str) -> CsvDialect {
    sniff(text.as_bytes(), "data.csv", &CsvOverrides::default())
}

#[test]
fn commas_and_a_header_are_the_default() {
    assert_eq!(
        guess("id,name,price\n1,apple,0.5\n2,pear,0.75\n"),
        CsvDialect::default()
    );
    assert_eq!(
        sniff(b"", "x.csv", &CsvOverrides::default()),
        CsvDialect::default()
    );
}

#[test]
fn semicolon_files_with_decimal_commas() {
    let d = guess("name;price;date\napple;1,50;2024-01-02\npear;2,25;2024-01-03\n");
    assert_eq!(d.delimiter, b';');
    assert!(d.has_header);
}

#[test]
fn tab_files() {
    let d = guess("a\tb\tc\n1\t2, 3\t4\n5\t6\t7, 8\n");
    assert_eq!(d.delimiter, b'\t');
    assert!(d.has_header);
    // The name decides when the sample cannot.
    let one_column = sniff(b"name\nann\nbob\n", "people.tsv", &CsvOverrides::default());
    assert_eq!(one_column.delimiter, b'\t');
    assert_eq!(guess("name\nann\nbob\n").delimiter, b',');
}

#[test]
fn pipes() {
    assert_eq!(guess("a|b\n1|2\n3|4\n").delimiter, b'|');
}

#[test]
fn quoted_delimiters_do_not_split_fields() {
    // Split naively, the rows would have 3, 4 and 5 fields.
    let text = "name,address,zip\nann,\"1 Main St, Springfield\",12345\n\
                bob,\"2 Oak Ave, Shelbyville, IL\",67890\n";
    let d = guess(text);
    assert_eq!((d.delimiter, d.quote, d.has_header), (b',', b'"', true));
    let d = guess("a;b\n\"x;y\";1\n\"z;w;v\";2\n");
    assert_eq!((d.delimiter, d.has_header), (b';', true));
    // A quoted field may span lines.
    let text = "id,text\n1,\"two\nlines, really\"\n2,plain\n3,\"x\"\n";
    assert_eq!(guess(text).delimiter, b',');
}

#[test]
fn single_quotes() {
    let d = guess("id,name\n1,'Smith, John'\n2,'Doe, Jane'\n");
    assert_eq!((d.delimiter, d.quote), (b',', b'\''));
    // Apostrophes inside words are not quotes.
    assert_eq!(guess("id,name\n1,O'Brien\n2,D'Arcy\n").quote, b'"');
    assert_eq!(guess("id,name\n1,'t Hooft\n2,ann\n").quote, b'"');
}

#[test]
fn headerless_numeric_files() {
    let d = guess("1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,4.5,2024-01-03\n");
    assert_eq!(d.delimiter, b',');
    assert!(!d.has_header);
    assert!(!guess("10;20\n30;40\n").has_header);
}

#[test]
fn a_header_above_numbers() {
    assert!(guess("year,count\n2019,10\n2020,12\n").has_header);
    // An empty first cell (an index column) is still a header.
    assert!(guess(",a,b\n0,1,2\n1,3,4\n").has_header);
    // Names above mostly numbers, with some gaps and markers.
    assert!(guess("x,label\n1,a\nNA,b\n3,c\n").has_header);
    // Only text: a row of distinct names is taken as a header, repeated cells are not.
    assert!(guess("name,city\nann,paris\nbob,rome\n").has_header);
    assert!(!guess("yes,yes\nno,yes\n").has_header);
}

#[test]
fn quoted_names_above_unquoted_numbers_are_a_header() {
    // R's write.csv: every name quoted (the first empty), numbers bare below.
    let r =
        "\"\",\"1940\",\"1945\",\"1950\"\n\"Food\",22.2,44.5,59.6\n\"Tobacco\",10.1,11.2,12.3\n";
    assert!(guess(r).has_header);
    let cells = cells(r.as_bytes(), &CsvDialect::default(), true);
    assert_eq!(
        cells[1]
            .iter()
            .map(|c| (c.text.as_str(), c.quoted))
            .collect::<Vec<_>>(),
        [
            ("Food", true),
            ("22.2", false),
            ("44.5", false),
            ("59.6", false)
        ]
    );
    // After a byte order mark, comment lines and blank lines too.
    let text = "\u{feff}# note\n\n\"2019\",\"2020\"\n1,2\n3,4\n";
    assert!(guess(text).has_header);
    // Quoted numbers above quoted numbers are data like the rest; so is a first row with
    // a bare number.
    assert!(!guess("\"1\",\"2\"\n\"3\",\"4\"\n").has_header);
    assert!(!guess("\"a\",1940\n\"b\",22.2\n").has_header);
}

#[test]
fn a_header_without_rows() {
    assert!(guess("\"\",\"friends\",\"advice\"\n").has_header);
    assert!(guess("id,name").has_header);
    assert!(guess("\"\",\"1940\",\"1945\"\n").has_header);
    assert!(!guess("1,2,3\n").has_header);
    // Text only, the first name empty (row names): a header.
    assert!(guess(",friends,advice\nann,bob,carl\n").has_header);
}

#[test]
fn comment_lines_before_the_data() {
    let d = guess("# exported 2024-01-01\n# by the shop\nid;qty\n1;2\n3;4\n");
    assert_eq!(d.comment, Some(b'#'));
    assert_eq!(d.delimiter, b';');
    assert!(d.has_header);
    // One `#` line with another field count is a comment too.
    assert_eq!(guess("#version=2\na,b\n1,2\n").comment, Some(b'#'));
    // A header whose first name starts with `#` is not a comment.
    let d = guess("#id,name\n1,ann\n2,bob\n");
    assert_eq!(d.comment, None);
    assert!(d.has_header);
    assert_eq!(guess("id,name\n1,#ann\n").comment, None);
}

#[test]
fn overrides_win() {
    let text = b"a;b\n1;2\n";
    let overrides = CsvOverrides {
        delimiter: Some(b','),
        quote: Some(b'\''),
        escape: Some(Some(b'\\')),
        comment: Some(Some(b'%')),
        has_header: Some(false),
    };
    assert_eq!(
        sniff(text, "x.tsv", &overrides),
        CsvDialect {
            delimiter: b',',
            quote: b'\'',
            escape: Some(b'\\'),
            comment: Some(b'%'),
            has_header: false,
        }
    );
    // No comment, even though the first line starts with `#`.
    let no_comment = CsvOverrides {
        comment: Some(None),
        ..CsvOverrides::default()
    };
    let d = sniff(b"# a;b\n1;2\n", "x.csv", &no_comment);
    assert_eq!((d.comment, d.delimiter), (None, b';'));
    // Only the header is given: the delimiter is still guessed.
    let header = CsvOverrides {
        has_header: Some(true),
        ..CsvOverrides::default()
    };
    let d = sniff(b"1|2\n3|4\n", "x.csv", &header);
    assert_eq!((d.delimiter, d.has_header), (b'|', true));
}

#[test]
fn a_cut_sample_ignores_its_last_partial_line() {
    let mut text = String::from("a;b;c\n");
    for i in 0..2_000 {
        text.push_str(&format!("{i:040};2;3\n"));
    }
    // Cut inside a line (of 45 bytes): its partial record does not count.
    let sample = &text.as_bytes()[..SAMPLE_SIZE];
    let semicolons = CsvDialect {
        delimiter: b';',
        ..CsvDialect::default()
    };
    let rows = records(sample, &semicolons, false);
    assert_eq!(rows.len(), 1 + (SAMPLE_SIZE - 6) / 45);
    assert!(rows.iter().all(|r| r.len() == 3));
    // Taken as the whole text, the partial line is a record of its own.
    assert_eq!(
        records(sample, &semicolons, true).last().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        sniff(sample, "x.csv", &CsvOverrides::default()).delimiter,
        b';'
    );
}

#[test]
fn any_bytes_can_be_sniffed() {
    let pieces: [&[u8]; 14] = [
        b"a",
        b"1",
        b"2.5",
        b",",
        b";",
        b"\t",
        b"|",
        b"\"",
        b"'",
        b"\n",
        b"\r",
        b"#",
        b"\xff",
        b"\xEF\xBB\xBF",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..500 {
        let mut sample = Vec::new();
        let length = if round == 0 { 20_000 } else { seed % 80 };
        for _ in 0..length {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            sample.extend_from_slice(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let d = sniff(&sample, "x.csv", &CsvOverrides::default());
        assert!(d.check().is_ok(), "{sample:?} gave {d:?}");
    }
}

#[test]
fn dialects_are_checked() {
    assert!(CsvDialect::default().check().is_ok());
    let same = CsvDialect {
        quote: b',',
        ..CsvDialect::default()
    };
    assert_eq!(
        same.check(),
        Err("the delimiter and the quote are both `,`".into())
    );
    let escape_is_quote = CsvDialect {
        escape: Some(b'"'),
        ..CsvDialect::default()
    };
    assert!(escape_is_quote.check().is_ok());
    let comment_tab = CsvDialect {
        delimiter: b'\t',
        comment: Some(b'\t'),
        ..CsvDialect::default()
    };
    assert_eq!(
        comment_tab.check(),
        Err("the delimiter and the comment are both tab".into())
    );
}
