//! Any text: parsing, checking and drawing diagnostics never panic, and a recipe that
//! parses prints to text that parses back to the same recipe.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = wrangle_dsl::parse(text);
    let checked = wrangle_dsl::check::check(&parsed.recipe, None);
    for d in parsed.diagnostics.iter().chain(&checked.diagnostics) {
        let _ = wrangle_dsl::diagnostics::render_plain(d, "fuzz.wrangle", text);
    }
    if parsed.diagnostics.is_empty() {
        let printed = wrangle_dsl::print(&parsed.recipe);
        let again = wrangle_dsl::parse(&printed);
        assert!(again.diagnostics.is_empty(), "printed text does not parse:\n{printed}");
        assert_eq!(again.recipe, parsed.recipe, "round trip changed the recipe:\n{printed}");
        assert_eq!(wrangle_dsl::print(&again.recipe), printed, "printing is not idempotent");
    }
});
