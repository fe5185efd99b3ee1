//! Text as a cell or a value list draws it: white space at either end of a value is shown
//! (`·` for a space, `→` for a tab), so "Boston" and "Boston " do not look like one value.

use yew::prelude::*;

/// The value's text, its leading and trailing white space marked.
pub fn visible(text: &str) -> Html {
    let (lead, core, trail) = edges(text);
    if lead.is_empty() && trail.is_empty() {
        return html! { { text } };
    }
    html! {
        <>
            if !lead.is_empty() { <span class="edge-space" title="white space at the start">{ marks(lead) }</span> }
            { core }
            if !trail.is_empty() { <span class="edge-space" title="white space at the end">{ marks(trail) }</span> }
        </>
    }
}

/// The white space before, the text, the white space after (all of it white space: before).
fn edges(text: &str) -> (&str, &str, &str) {
    let start = text.len() - text.trim_start().len();
    let (lead, rest) = text.split_at(start);
    let core = rest.trim_end();
    (lead, core, &rest[core.len()..])
}

fn marks(space: &str) -> String {
    space
        .chars()
        .map(|c| match c {
            '\t' => '→',
            '\n' | '\r' => '↵',
            _ => '·',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_at_the_ends_is_marked_and_inside_is_left() {
        assert_eq!(edges("Boston "), ("", "Boston", " "));
        assert_eq!(edges("  New York\t"), ("  ", "New York", "\t"));
        assert_eq!(edges("plain"), ("", "plain", ""));
        assert_eq!(edges("   "), ("   ", "", ""));
        assert_eq!(marks(" \t\n"), "·→↵");
    }
}
