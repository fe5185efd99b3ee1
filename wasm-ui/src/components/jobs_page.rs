//! The jobs page: every job of the server, newest first, with its figures (state, recipe and
//! version, dataset, output, when it started and how long it took, rows in and out, values
//! that did not fit, expectations broken), filtered by state or recipe. A row opens to each
//! step's rows or the error; a live job can be cancelled, a finished one's output opened or
//! downloaded, and one that did not finish run again as it was asked for. The schedules are
//! listed below with when they next run.

use super::job_figures::{details, expectations, figures, mismatched, took, when_text};
use crate::services::types::{JobRecord, JobRequest, JobState, ScheduleRecord};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobsPageProps {
    pub jobs: Vec<JobRecord>,
    pub schedules: Vec<ScheduleRecord>,
    pub on_cancel: Callback<String>,
    pub on_open: Callback<String>,
    pub on_download: Callback<String>,
    pub on_run: Callback<JobRequest>,
    pub on_close: Callback<()>,
}

/// Which jobs the page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Showing {
    All,
    Live,
    State(JobState),
}

impl Showing {
    fn keeps(self, job: &JobRecord) -> bool {
        match self {
            Showing::All => true,
            Showing::Live => job.state.is_live(),
            Showing::State(state) => job.state == state,
        }
    }

    fn parse(value: &str) -> Showing {
        match value {
            "live" => Showing::Live,
            "succeeded" => Showing::State(JobState::Succeeded),
            "failed" => Showing::State(JobState::Failed),
            "cancelled" => Showing::State(JobState::Cancelled),
            "interrupted" => Showing::State(JobState::Interrupted),
            _ => Showing::All,
        }
    }
}

const STATES: [(&str, &str); 6] = [
    ("all", "every state"),
    ("live", "queued or running"),
    ("succeeded", "succeeded"),
    ("failed", "failed"),
    ("cancelled", "cancelled"),
    ("interrupted", "interrupted"),
];

/// The request that runs a job again as it was asked for.
pub fn again(job: &JobRecord) -> JobRequest {
    JobRequest {
        recipe: job.recipe.clone(),
        version: Some(job.version),
        dataset: Some(job.dataset.clone()),
        inputs: Some(job.inputs.clone()),
        output: Some(job.output.clone()),
        format: Some(job.format.clone()),
        partition_by: job.partition_by.clone(),
        overwrite: job.overwrite,
        schedule: None,
    }
}

/// "2 running, 1 queued, 12 succeeded, 1 failed": the jobs by state.
fn counts(jobs: &[JobRecord]) -> String {
    let states = [
        JobState::Running,
        JobState::Queued,
        JobState::Succeeded,
        JobState::Failed,
        JobState::Cancelled,
        JobState::Interrupted,
    ];
    let parts: Vec<String> = states
        .iter()
        .filter_map(|state| {
            let n = jobs.iter().filter(|j| j.state == *state).count();
            (n > 0).then(|| format!("{n} {}", state.as_str()))
        })
        .collect();
    if parts.is_empty() {
        "no jobs yet".into()
    } else {
        parts.join(", ")
    }
}

#[component]
pub fn JobsPage(props: &JobsPageProps) -> Html {
    let showing = use_state(|| Showing::All);
    let recipe = use_state(String::new);
    let expanded = use_state(|| None::<String>);
    let on_state = {
        let showing = showing.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                showing.set(Showing::parse(&select.value()));
            }
        })
    };
    let on_recipe = {
        let recipe = recipe.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                recipe.set(select.value());
            }
        })
    };
    let mut recipes: Vec<&str> = props.jobs.iter().map(|j| j.recipe.as_str()).collect();
    recipes.sort_unstable();
    recipes.dedup();
    let shown: Vec<&JobRecord> = props
        .jobs
        .iter()
        .filter(|j| showing.keeps(j) && (recipe.is_empty() || j.recipe == *recipe))
        .collect();
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="jobs-page" data-testid="jobs-page">
            <div class="jobs-page-head">
                <h2>{ "Jobs" }</h2>
                <span class="jobs-count" data-testid="jobs-count">{ counts(&props.jobs) }</span>
                <label>{ "showing " }
                    <select data-testid="jobs-state-filter" onchange={on_state}>
                        // Each option says whether it is the one chosen: yew adds them last first,
                        // and a browser would otherwise show the first one added.
                        { for STATES.iter().map(|(value, label)| html! {
                            <option value={*value} selected={Showing::parse(value) == *showing}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <label>{ "recipe " }
                    <select data-testid="jobs-recipe-filter" onchange={on_recipe}>
                        <option value="" selected={recipe.is_empty()}>{ "every recipe" }</option>
                        { for recipes.iter().map(|r| html! { <option value={r.to_string()} selected={*r == recipe.as_str()}>{ *r }</option> }) }
                    </select>
                </label>
                <button class="close" data-testid="close-jobs-page" onclick={close}>{ "Back to the recipe" }</button>
            </div>
            if shown.is_empty() {
                <p class="hint">{ if props.jobs.is_empty() {
                    "No job has run on this server yet. Save a recipe and run it on the full data from its panel."
                } else {
                    "No job matches."
                } }</p>
            } else {
                <table class="jobs-table">
                    <thead><tr>
                        <th>{ "state" }</th><th>{ "recipe" }</th><th>{ "dataset" }</th><th>{ "output" }</th>
                        <th>{ "started" }</th><th class="n">{ "took" }</th><th>{ "rows" }</th>
                        <th class="n">{ "did not fit" }</th><th>{ "expectations" }</th><th></th>
                    </tr></thead>
                    <tbody>
                        { for shown.iter().map(|job| row(props, job, &expanded)) }
                    </tbody>
                </table>
            }
            if !props.schedules.is_empty() {
                <h3>{ "Schedules" }</h3>
                <table class="jobs-table" data-testid="schedules-table">
                    <thead><tr><th>{ "cron (UTC)" }</th><th>{ "recipe" }</th><th>{ "output" }</th><th>{ "next run" }</th><th>{ "last run" }</th></tr></thead>
                    <tbody>
                        { for props.schedules.iter().map(schedule_row) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn row(props: &JobsPageProps, job: &JobRecord, expanded: &UseStateHandle<Option<String>>) -> Html {
    let id = job.id.clone();
    let is_open = expanded.as_deref() == Some(id.as_str());
    let toggle = {
        let expanded = expanded.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| expanded.set((!is_open).then(|| id.clone())))
    };
    let emit = |cb: &Callback<String>, value: String| {
        let cb = cb.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(value.clone())
        })
    };
    let run_again = {
        let cb = props.on_run.clone();
        let request = again(job);
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(request.clone())
        })
    };
    let one_file = job.partition_by.is_empty();
    let mismatched = mismatched(job);
    let expectations = match expectations(job) {
        None => String::new(),
        Some((_, 0)) => "none".into(),
        Some((0, n)) => format!("{n} hold"),
        Some((broken, n)) => format!("{broken} of {n} broken"),
    };
    let ended = matches!(
        job.state,
        JobState::Failed | JobState::Cancelled | JobState::Interrupted
    );
    html! {
        <>
        <tr class={classes!("job-row", job.state.as_str(), is_open.then_some("open"))} data-testid="jobs-page-row"
            data-state={job.state.as_str()} onclick={toggle}>
            <td><span class="job-state">{ job.state.as_str() }</span></td>
            <td>{ format!("{} v{}", job.recipe, job.version) }
                if let Some(schedule) = &job.schedule {
                    <span class="by-schedule" title={format!("schedule {schedule}")}>{ " ⏱" }</span>
                }
            </td>
            <td class="path" title={job.dataset.clone()}>{ &job.dataset }</td>
            <td class="path" title={job.output.clone()}>{ &job.output }
                if !job.partition_by.is_empty() { { format!(" (by {})", job.partition_by.join(", ")) } }
            </td>
            <td>{ when_text(job.started.as_deref().unwrap_or(&job.created)) }</td>
            <td class="n" data-testid="job-took">{ took(job).unwrap_or_default() }</td>
            <td data-testid="job-figures">{ figures(job) }</td>
            <td class={classes!("n", (mismatched > 0).then_some("warn"))}>{ if job.report.is_some() { mismatched.to_string() } else { String::new() } }</td>
            <td class={classes!(expectations.contains("broken").then_some("warn"))}>{ expectations }</td>
            <td class="job-actions">
                if job.state.is_live() {
                    <button data-testid="cancel-job" onclick={emit(&props.on_cancel, id.clone())}>{ "Cancel" }</button>
                }
                if job.state == JobState::Succeeded && one_file {
                    <button data-testid="open-output" onclick={emit(&props.on_open, job.output.clone())}>{ "Open" }</button>
                }
                if job.state == JobState::Succeeded {
                    <button data-testid="download-output" onclick={emit(&props.on_download, job.output.clone())}>
                        { if one_file { "Download" } else { "Download .zip" } }
                    </button>
                }
                if ended {
                    <button data-testid="run-again" title="run the same version on the same data to the same output" onclick={run_again}>{ "Run again" }</button>
                }
            </td>
        </tr>
        if is_open {
            <tr class="job-more"><td colspan="10">
                if let Some(error) = &job.error {
                    <pre class="job-error">{ error.trim_end() }</pre>
                }
                { details(job) }
            </td></tr>
        }
        </>
    }
}

fn schedule_row(schedule: &ScheduleRecord) -> Html {
    let next = match &schedule.next_run {
        Some(next) => when_text(next),
        None if schedule.enabled => "no next run".into(),
        None => "paused".into(),
    };
    let last = schedule.last_run.as_ref().map(|last| match &last.error {
        Some(error) => format!("{}: {error}", when_text(&last.at)),
        None => when_text(&last.at),
    });
    html! {
        <tr>
            <td><code>{ &schedule.cron }</code></td>
            <td>{ schedule.name.clone().unwrap_or_else(|| schedule.request.recipe.clone()) }</td>
            <td class="path">{ schedule.request.output.clone().unwrap_or_else(|| "a new file each run".into()) }</td>
            <td>{ next }</td>
            <td>{ last.unwrap_or_default() }</td>
        </tr>
    }
}
