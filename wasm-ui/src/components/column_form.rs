//! The forms behind a column menu's "…" items: rename, split, extract and replace ask for
//! what they need (a new name, a separator and how many parts, what to extract, what to
//! replace) and write the step, which the command line then previews before it is added.
//! The first field has the focus when a form opens; what is missing or wrong is said under
//! the fields instead of a step.

use crate::steps::menu;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormKind {
    Rename,
    Split,
    Extract,
    Replace,
    /// Numbers into bins of a width.
    Bin,
    /// Empty cells of numbers filled with a number.
    FillWith,
    /// Numbers kept within a range.
    Clamp,
}

#[derive(Properties, PartialEq)]
pub struct ColumnFormProps {
    pub column: String,
    pub kind: FormKind,
    pub on_step: Callback<String>,
    pub on_back: Callback<()>,
}

#[component]
pub fn ColumnForm(props: &ColumnFormProps) -> Html {
    let first = use_node_ref();
    let second = use_node_ref();
    let c = props.column.clone();
    let plain = menu::plain_name(&c);
    let value = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|i| i.value())
            .or_else(|| r.cast::<HtmlSelectElement>().map(|s| s.value()))
            .unwrap_or_default()
    };
    let error = use_state(|| None::<String>);
    {
        // The fields start with what they suggest, set once: the page owns what is typed
        // after (a value in the markup would be put back at every drawing, over it). The
        // first field takes the focus, its text selected so typing replaces it.
        let (first, second) = (first.clone(), second.clone());
        let (a, b) = initial_values(props.kind, &plain);
        use_effect_with(props.kind, move |_| {
            for (field, value) in [(&first, a), (&second, b)] {
                if let Some(input) = field.cast::<HtmlInputElement>() {
                    input.set_value(&value);
                }
            }
            if let Some(input) = first.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            } else if let Some(select) = first.cast::<HtmlSelectElement>() {
                let _ = select.focus();
            }
        });
    }
    let onsubmit = {
        let on_step = props.on_step.clone();
        let (first, second, kind, c) = (first.clone(), second.clone(), props.kind, c.clone());
        let error = error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form_step(kind, &c, &value(&first), &value(&second)) {
                Ok(text) => {
                    error.set(None);
                    on_step.emit(text);
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let back = {
        let on_back = props.on_back.clone();
        Callback::from(move |_: MouseEvent| on_back.emit(()))
    };
    let field = |label: &str, id: &str, node: &NodeRef| {
        html! {
            <label class="form-field">{ label }
                <input type="text" ref={node.clone()} data-testid={format!("form-{id}")} />
            </label>
        }
    };
    let parts = html! {
        <label class="form-field">{ "Into how many columns" }
            <input type="number" min="2" max={MAX_PARTS.to_string()} step="1" inputmode="numeric"
                ref={second.clone()} data-testid="form-parts" />
        </label>
    };
    let (title, fields) = match props.kind {
        FormKind::Rename => ("Rename", html! { { field("New name", "name", &first) } }),
        FormKind::Split => (
            "Split into columns",
            html! { <>
                { field("On", "separator", &first) }
                { parts }
            </> },
        ),
        FormKind::Extract => (
            "Extract into a new column",
            html! { <>
                <label class="form-field">{ "What" }
                    <select ref={first.clone()} data-testid="form-what">
                        { for menu::EXTRACTS.iter().enumerate().map(|(i, (id, label, _))| html! { <option value={*id} selected={i == 0}>{ *label }</option> }) }
                    </select>
                </label>
                { field("New column", "name", &second) }
            </> },
        ),
        FormKind::Replace => (
            "Replace text",
            html! { <>
                { field("Find (text, p\"pattern\" or /regex/)", "find", &first) }
                { field("Replace with", "with", &second) }
            </> },
        ),
        FormKind::Bin => (
            "Bin into ranges",
            html! { { field("Width of each bin", "width", &first) } },
        ),
        FormKind::FillWith => (
            "Fill empty cells",
            html! { { field("With the number", "value", &first) } },
        ),
        FormKind::Clamp => (
            "Keep within a range",
            html! { <>
                { field("From", "low", &first) }
                { field("To", "high", &second) }
            </> },
        ),
    };
    html! {
        // The browser's own checks would stop the form with a bubble of its own: ours speak.
        <form class="column-form" {onsubmit} novalidate=true data-testid="column-form">
            <div class="menu-title">{ format!("{title}: {c}") }</div>
            { fields }
            if let Some(message) = &*error {
                <div class="form-error" role="alert" data-testid="form-error">{ message }</div>
            }
            <div class="form-actions">
                <button type="button" onclick={back}>{ "Back" }</button>
                <button type="submit" class="primary" data-testid="form-preview">{ "Preview" }</button>
            </div>
        </form>
    }
}

/// What a form's two fields start with (a select keeps its first option).
fn initial_values(kind: FormKind, plain: &str) -> (String, String) {
    let (a, b) = match kind {
        FormKind::Rename => (plain.to_string(), String::new()),
        FormKind::Split => (",".into(), "2".into()),
        FormKind::Extract => (String::new(), format!("{plain}_extracted")),
        FormKind::Replace => (String::new(), String::new()),
        FormKind::Bin => ("10".into(), String::new()),
        FormKind::FillWith => ("0".into(), String::new()),
        FormKind::Clamp => ("0".into(), "100".into()),
    };
    (a, b)
}

/// The most columns a split form writes.
const MAX_PARTS: u64 = 100;

/// The step a form writes from its two fields (`a`, `b`), or what is missing or wrong.
fn form_step(kind: FormKind, column: &str, a: &str, b: &str) -> Result<String, String> {
    match kind {
        FormKind::Rename => match a.trim() {
            "" => Err("Type the new name.".into()),
            name => Ok(menu::rename(column, name)),
        },
        FormKind::Split => {
            if a.is_empty() {
                return Err("Type what to split on: text, p\"pattern\" or /regex/.".into());
            }
            let parts = b
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (2..=MAX_PARTS).contains(n))
                .ok_or_else(|| {
                    format!("Into how many columns: a whole number from 2 to {MAX_PARTS}.")
                })?;
            let base = menu::plain_name(column);
            let into: Vec<String> = (1..=parts).map(|i| format!("{base}_{i}")).collect();
            Ok(menu::split(column, a, Some(parts - 1), &into))
        }
        FormKind::Extract => {
            let pattern = menu::EXTRACTS
                .iter()
                .find(|(id, _, _)| *id == a)
                .ok_or("Pick what to extract.")?
                .2;
            match b.trim() {
                "" => Err("Type a name for the new column.".into()),
                name => Ok(menu::extract(column, pattern, &[name.to_string()])),
            }
        }
        FormKind::Replace if a.is_empty() => {
            Err("Type the text, p\"pattern\" or /regex/ to find.".into())
        }
        FormKind::Replace => Ok(menu::replace(column, a, b)),
        FormKind::Bin => match number(a) {
            Some(width) if width.parse::<f64>().is_ok_and(|w| w > 0.0) => {
                Ok(menu::bin(column, &width))
            }
            _ => Err("The width of a bin is a number above 0.".into()),
        },
        FormKind::FillWith => number(a)
            .map(|value| menu::fill_with(column, &value))
            .ok_or_else(|| "Type a number to fill with.".into()),
        FormKind::Clamp => match (number(a), number(b)) {
            (Some(low), Some(high)) if low.parse::<f64>().ok() <= high.parse::<f64>().ok() => {
                Ok(menu::clamp(column, &low, &high))
            }
            (Some(_), Some(_)) => Err("From is the smaller number, To the larger.".into()),
            _ => Err("From and To are numbers.".into()),
        },
    }
}

/// A number as the language writes it (`12`, `-0.5`), from what was typed.
fn number(typed: &str) -> Option<String> {
    let t = typed.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(whole) && all_digits(fraction)).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_takes_a_whole_number_of_columns_from_2_to_the_most() {
        assert_eq!(
            form_step(FormKind::Split, "tailnum", ",", "3"),
            Ok(menu::split(
                "tailnum",
                ",",
                Some(2),
                &["tailnum_1".into(), "tailnum_2".into(), "tailnum_3".into()]
            ))
        );
        for bad in ["two", "1", "", "2.5", "-3", "101"] {
            let said = form_step(FormKind::Split, "tailnum", ",", bad).unwrap_err();
            assert!(
                said.contains("a whole number from 2 to 100"),
                "{bad}: {said}"
            );
        }
        assert!(form_step(FormKind::Split, "tailnum", "", "2")
            .unwrap_err()
            .contains("split on"));
    }

    #[test]
    fn number_forms_take_numbers() {
        assert_eq!(
            form_step(FormKind::Bin, "n", "15", ""),
            Ok(menu::bin("n", "15"))
        );
        for bad in ["0", "-5", "ten", ""] {
            assert!(form_step(FormKind::Bin, "n", bad, "").is_err(), "{bad}");
        }
        assert_eq!(
            form_step(FormKind::FillWith, "n", " -0.5 ", ""),
            Ok(menu::fill_with("n", "-0.5"))
        );
        assert!(form_step(FormKind::FillWith, "n", "1e3", "").is_err());
        assert_eq!(
            form_step(FormKind::Clamp, "n", "0", "100"),
            Ok(menu::clamp("n", "0", "100"))
        );
        assert_eq!(
            form_step(FormKind::Clamp, "n", "100", "0"),
            Err("From is the smaller number, To the larger.".into())
        );
    }

    #[test]
    fn every_form_says_what_is_missing() {
        assert_eq!(
            form_step(FormKind::Rename, "carrier", "  ", ""),
            Err("Type the new name.".into())
        );
        assert!(form_step(FormKind::Extract, "carrier", "nothing", "x").is_err());
        assert!(form_step(FormKind::Replace, "carrier", "", "x").is_err());
        assert_eq!(
            form_step(FormKind::Rename, "carrier", " airline ", ""),
            Ok(menu::rename("carrier", "airline"))
        );
    }
}
