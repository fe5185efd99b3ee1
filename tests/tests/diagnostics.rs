//! One recipe per file under `tests/diagnostics/`, each with a mistake; the diagnostics they
//! draw (line, column, caret, hint) are snapshots. `cargo insta review` accepts new ones.

use wrangle_dsl::check::parse_and_check;
use wrangle_dsl::diagnostics::render_plain;

#[test]
fn every_mistake_is_drawn_with_its_place_and_a_hint() {
    insta::glob!("../diagnostics", "*.wrangle", |path| {
        let source = std::fs::read_to_string(path).expect("case file is readable");
        let (_, checked) = parse_and_check(&source, None);
        let name = path.file_name().expect("a file").to_string_lossy();
        assert!(checked.has_errors(), "{name} shows no mistake");
        let drawn: String = checked
            .diagnostics
            .iter()
            .map(|d| render_plain(d, &name, &source))
            .collect();
        insta::assert_snapshot!(drawn);
    });
}
