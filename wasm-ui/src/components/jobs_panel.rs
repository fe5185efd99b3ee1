//! Jobs: run the saved recipe over the full dataset (where to write, the format, folders
//! by column), and every job of the server with its state, progress and figures; a job can
//! be cancelled while it lives, and a finished one's output opened as a dataset or
//! downloaded.

use crate::services::types::{JobRecord, JobRequest, JobState};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobsPanelProps {
    pub jobs: Vec<JobRecord>,
    /// The saved recipe open, and its version.
    pub recipe: Option<String>,
    pub version: Option<u32>,
    /// Whether the recipe has changes a job would not run.
    pub dirty: bool,
    pub on_run: Callback<JobRequest>,
    pub on_cancel: Callback<String>,
    pub on_open: Callback<String>,
    pub on_download: Callback<String>,
}

#[component]
pub fn JobsPanel(props: &JobsPanelProps) -> Html {
    let output = use_node_ref();
    let format = use_node_ref();
    let partition = use_node_ref();
    let expanded = use_state(|| None::<String>);
    let run = {
        let (output, format, partition) = (output.clone(), format.clone(), partition.clone());
        let on_run = props.on_run.clone();
        let (recipe, version) = (props.recipe.clone(), props.version);
        Callback::from(move |_: MouseEvent| {
            let Some(recipe) = recipe.clone() else { return };
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|e| e.value().trim().to_string())
                    .unwrap_or_default()
            };
            let output = text(&output);
            let partition_by = text(&partition)
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            on_run.emit(JobRequest {
                recipe,
                version,
                output: (!output.is_empty()).then_some(output),
                format: format.cast::<HtmlSelectElement>().map(|e| e.value()),
                partition_by,
                ..JobRequest::default()
            });
        })
    };
    let placeholder = format!(
        "outputs/{}/JOB.FORMAT",
        props.recipe.as_deref().unwrap_or("RECIPE")
    );
    html! {
        <section class="jobs" data-testid="jobs">
            <h3>{ "Run on the full data" }</h3>
            if props.recipe.is_none() {
                <p class="hint">{ "Save the recipe to run it over the whole dataset as a job." }</p>
            } else {
                if props.dirty {
                    <p class="hint">{ format!("A job runs the saved version {}: save to run the changes.", props.version.unwrap_or(1)) }</p>
                }
                <div class="job-form">
                    <input ref={output} type="text" data-testid="job-output" placeholder={placeholder} title="where in the store to write" />
                    <select ref={format} data-testid="job-format" title="the output's format">
                        <option value="csv" selected=true>{ "CSV" }</option>
                        <option value="parquet">{ "Parquet" }</option>
                        <option value="jsonl">{ "JSON lines" }</option>
                    </select>
                    <input ref={partition} type="text" data-testid="job-partition" placeholder="folders by column (optional)" />
                    <button class="primary" data-testid="run-job" onclick={run}>
                        { format!("Run version {}", props.version.unwrap_or(1)) }
                    </button>
                </div>
            }
            if !props.jobs.is_empty() {
                <h3>{ "Jobs" }</h3>
                <ul class="job-list">
                    { for props.jobs.iter().map(|job| job_row(props, job, &expanded)) }
                </ul>
            }
        </section>
    }
}

fn job_row(
    props: &JobsPanelProps,
    job: &JobRecord,
    expanded: &UseStateHandle<Option<String>>,
) -> Html {
    let id = job.id.clone();
    let is_open = expanded.as_deref() == Some(id.as_str());
    let toggle = {
        let expanded = expanded.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| {
            expanded.set((!is_open).then(|| id.clone()));
        })
    };
    let emit = |cb: &Callback<String>, value: String| {
        let cb = cb.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(value.clone())
        })
    };
    // One file (not a folder of parts) opens and downloads as it is.
    let one_file = job.partition_by.is_empty();
    html! {
        <li class={classes!("job", job.state.as_str())} data-testid="job" data-state={job.state.as_str()} onclick={toggle}>
            <div class="job-head">
                <span class="job-state">{ job.state.as_str() }</span>
                <span class="job-what">{ format!("{} v{}", job.recipe, job.version) }</span>
            </div>
            <div class="job-figures" data-testid="job-figures">{ figures(job) }</div>
            <div class="job-output" title={job.output.clone()}>{ format!("→ {}", job.output) }</div>
            if let Some(error) = &job.error {
                <pre class="job-error">{ error.trim_end() }</pre>
            }
            <div class="job-actions">
                if job.state.is_live() {
                    <button data-testid="cancel-job" onclick={emit(&props.on_cancel, id.clone())}>{ "Cancel" }</button>
                }
                if job.state == JobState::Succeeded && one_file {
                    <button data-testid="open-output" onclick={emit(&props.on_open, job.output.clone())}>{ "Open" }</button>
                    <button data-testid="download-output" onclick={emit(&props.on_download, job.output.clone())}>{ "Download" }</button>
                }
            </div>
            if is_open {
                { details(job) }
            }
        </li>
    }
}

/// Progress while it runs; rows in and out when it has run.
fn figures(job: &JobRecord) -> String {
    if let Some(report) = &job.report {
        return format!("{} rows in → {} rows out", report.rows_in, report.rows_out);
    }
    let read = job.progress.rows_read;
    match (job.state, job.progress.estimated_rows) {
        (JobState::Queued, _) => "waiting for a free slot".into(),
        (JobState::Running, Some(total)) if total > 0 => format!(
            "{read} of ~{total} rows read ({:.0}%)",
            (read as f64 / total as f64 * 100.0).min(100.0)
        ),
        (JobState::Running, _) => format!("{read} rows read"),
        _ => format!("ended after {read} rows read"),
    }
}

/// Each step's rows, the expectations and the values that did not fit.
fn details(job: &JobRecord) -> Html {
    let Some(report) = &job.report else {
        return html! { <div class="job-details">{ format!("started {}", job.started.clone().unwrap_or_else(|| job.created.clone())) }</div> };
    };
    html! {
        <table class="job-details" data-testid="job-details">
            { for report.steps.iter().map(|s| html! {
                <tr><td>{ format!("line {}", s.line) }</td><td>{ &s.step }</td><td class="n">{ s.rows_in }</td><td class="n">{ s.rows_out }</td></tr>
            }) }
            { for report.expectations.iter().map(|e| html! {
                <tr class={classes!((e.violations > 0).then_some("broken"))}>
                    <td>{ format!("line {}", e.line) }</td><td colspan="2">{ &e.expect }</td>
                    <td class="n">{ if e.violations == 0 { "holds".to_string() } else { format!("{} rows break it", e.violations) } }</td>
                </tr>
            }) }
            { for report.mismatched.iter().filter(|m| m.mismatched > 0).map(|m| html! {
                <tr><td>{ format!("line {}", m.line) }</td><td colspan="2">{ format!("{} did not fit", m.column) }</td><td class="n">{ m.mismatched }</td></tr>
            }) }
        </table>
    }
}
