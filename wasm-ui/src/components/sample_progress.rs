//! A sample being collected over the whole dataset: which one, the rows read of the total
//! (over each pass the sample makes), and Cancel, which keeps the working set shown.

use crate::services::types::SampleProgress;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SampleProgressProps {
    /// The sample in words.
    pub description: String,
    /// How far it is (none yet at its start).
    pub progress: Option<SampleProgress>,
    pub on_cancel: Callback<()>,
}

/// The share of the work done, 0 to 1, when the total is known.
pub fn done_share(p: &SampleProgress) -> Option<f64> {
    let total = p.total_rows? * p.passes.max(1);
    Some((p.scanned_rows as f64 / total.max(1) as f64).min(1.0))
}

/// A count as people read it: 336,776.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The progress in words: "1,200,000 of 3,367,760 rows read (2 passes)".
pub fn in_words(p: &SampleProgress) -> String {
    let passes = if p.passes > 1 {
        format!(" ({} passes)", p.passes)
    } else {
        String::new()
    };
    match p.total_rows {
        Some(total) => format!(
            "{} of {} rows read{passes}",
            grouped(p.scanned_rows),
            grouped(total * p.passes.max(1))
        ),
        None => format!("{} rows read{passes}", grouped(p.scanned_rows)),
    }
}

#[component]
pub fn SampleProgressBar(props: &SampleProgressProps) -> Html {
    let on_cancel = {
        let cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.emit(()))
    };
    let share = props.progress.as_ref().and_then(done_share);
    html! {
        <div class="loading sample-progress" data-testid="sample-progress">
            <span>{ format!("Collecting {}…", props.description) }</span>
            <span class="bar" title="rows of the dataset read">
                <span class={classes!("fill", share.is_none().then_some("unknown"))}
                    style={format!("width:{}%", share.map_or(100.0, |s| s * 100.0))}></span>
            </span>
            <span data-testid="sample-progress-rows">
                { props.progress.as_ref().map(in_words).unwrap_or_else(|| "starting".into()) }
            </span>
            <button onclick={on_cancel} data-testid="sample-cancel">{ "Cancel" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_said_over_every_pass() {
        let p = SampleProgress {
            scanned_rows: 1_200_000,
            total_rows: Some(3_367_760),
            passes: 2,
        };
        assert_eq!(in_words(&p), "1,200,000 of 6,735,520 rows read (2 passes)");
        assert!((done_share(&p).unwrap() - 0.178).abs() < 0.001);
        let unknown = SampleProgress {
            scanned_rows: 999,
            total_rows: None,
            passes: 1,
        };
        assert_eq!(in_words(&unknown), "999 rows read");
        assert_eq!(done_share(&unknown), None);
    }
}
