//! Jobs: run the saved recipe over the full dataset (where to write, the format, folders
//! by column), and the recipe's latest jobs with their state, progress and figures (every
//! job of the server is on the jobs page); a job can be cancelled while it lives, and a
//! finished one's output opened as a dataset or downloaded. Instead of now, the job can be scheduled (a cron expression, in UTC, with
//! presets), and the recipe's schedules are listed with when they next run, to pause,
//! resume, run now or remove.

use super::job_figures::{details, figures, when_text};
use crate::services::types::{JobRecord, JobRequest, JobState, ScheduleRecord, ScheduleRequest};
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
    /// Every schedule of the server (the recipe's are shown).
    pub schedules: Vec<ScheduleRecord>,
    /// The server's answer to the schedule last made.
    pub scheduled: Option<ScheduleRecord>,
    pub on_schedule: Callback<ScheduleRequest>,
    pub on_schedule_action: Callback<(String, ScheduleAction)>,
    /// Opens the jobs page.
    pub on_show_all: Callback<()>,
}

/// How many of the recipe's jobs the panel lists (the jobs page has them all).
const LATEST: usize = 5;

/// What can be done to a schedule from its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleAction {
    Pause,
    Resume,
    Run,
    Remove,
}

/// Cron presets: what the button says, the expression.
const PRESETS: [(&str, &str); 3] = [
    ("Hourly", "0 * * * *"),
    ("Daily 06:00", "0 6 * * *"),
    ("Mondays 06:00", "0 6 * * 1"),
];

#[component]
pub fn JobsPanel(props: &JobsPanelProps) -> Html {
    let output = use_node_ref();
    let format = use_node_ref();
    let partition = use_node_ref();
    let expanded = use_state(|| None::<String>);
    let scheduling = use_state(|| false);
    let cron = use_state(|| PRESETS[1].1.to_string());
    // The job the form describes, for the recipe's `version`.
    let request = {
        let (output, format, partition) = (output.clone(), format.clone(), partition.clone());
        let recipe = props.recipe.clone();
        move |version: Option<u32>| -> Option<JobRequest> {
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
            Some(JobRequest {
                recipe: recipe.clone()?,
                version,
                output: (!output.is_empty()).then_some(output),
                format: format.cast::<HtmlSelectElement>().map(|e| e.value()),
                partition_by,
                ..JobRequest::default()
            })
        }
    };
    let run = {
        let request = request.clone();
        let on_run = props.on_run.clone();
        let version = props.version;
        Callback::from(move |_: MouseEvent| {
            if let Some(request) = request(version) {
                on_run.emit(request);
            }
        })
    };
    // A schedule runs the latest saved version each time.
    let schedule = {
        let on_schedule = props.on_schedule.clone();
        let cron = cron.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(request) = request(None) {
                on_schedule.emit(ScheduleRequest {
                    cron: cron.trim().to_string(),
                    request,
                    enabled: true,
                    ..ScheduleRequest::default()
                });
            }
        })
    };
    let when = |now: bool| {
        let scheduling = scheduling.clone();
        Callback::from(move |_: Event| scheduling.set(!now))
    };
    let on_cron = {
        let cron = cron.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                cron.set(input.value());
            }
        })
    };
    let recipe_schedules: Vec<&ScheduleRecord> = props
        .schedules
        .iter()
        .filter(|s| Some(&s.request.recipe) == props.recipe.as_ref())
        .collect();
    let recipe_jobs: Vec<&JobRecord> = props
        .jobs
        .iter()
        .filter(|j| Some(&j.recipe) == props.recipe.as_ref())
        .collect();
    let scheduled = props
        .scheduled
        .as_ref()
        .filter(|s| Some(&s.request.recipe) == props.recipe.as_ref());
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
                    <div class="job-when">
                        <label><input type="radio" name="job-when" checked={!*scheduling} onchange={when(true)} />{ "Now" }</label>
                        <label><input type="radio" name="job-when" data-testid="job-schedule-choice" checked={*scheduling} onchange={when(false)} />{ "Schedule…" }</label>
                    </div>
                    if *scheduling {
                        <input type="text" class="cron" data-testid="schedule-cron" value={(*cron).clone()} oninput={on_cron}
                            title="minute hour day-of-month month day-of-week, in UTC" />
                        <div class="cron-presets">
                            { for PRESETS.iter().map(|&(label, expression)| {
                                let chosen = cron.trim() == expression;
                                let cron = cron.clone();
                                let set = Callback::from(move |_: MouseEvent| cron.set(expression.to_string()));
                                html! { <button class={classes!(chosen.then_some("chosen"))} title={expression} onclick={set}>{ label }</button> }
                            }) }
                        </div>
                        <p class="hint">{ "Cron in UTC: minute hour day-of-month month day-of-week. Each run takes the latest saved version; a fixed output is replaced by every run." }</p>
                        <button class="primary" data-testid="add-schedule" onclick={schedule}>{ "Schedule" }</button>
                        if let Some(made) = scheduled {
                            <p class="hint" data-testid="schedule-next">{ match &made.next_run {
                                Some(next) => format!("Scheduled `{}`: it next runs {}.", made.cron, when_text(next)),
                                None => format!("Scheduled `{}`, paused.", made.cron),
                            } }</p>
                        }
                    } else {
                        <button class="primary" data-testid="run-job" onclick={run}>
                            { format!("Run version {}", props.version.unwrap_or(1)) }
                        </button>
                    }
                </div>
            }
            if !recipe_schedules.is_empty() {
                <h3>{ "Schedules" }</h3>
                <ul class="job-list">
                    { for recipe_schedules.iter().map(|s| schedule_row(props, s)) }
                </ul>
            }
            if !recipe_jobs.is_empty() {
                <h3>{ "Jobs" }</h3>
                <ul class="job-list">
                    { for recipe_jobs.iter().take(LATEST).map(|job| job_row(props, job, &expanded)) }
                </ul>
            }
            <button class="link" data-testid="show-jobs-page" onclick={props.on_show_all.reform(|_: MouseEvent| ())}>
                { format!("All jobs ({}) →", props.jobs.len()) }
            </button>
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
    // One file opens and downloads as it is; a folder of parts downloads as a zip file
    // (opened, its folders' column values would be missing).
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
                }
                if job.state == JobState::Succeeded {
                    <button data-testid="download-output" onclick={emit(&props.on_download, job.output.clone())}
                        title={if one_file { "save the output file" } else { "save the folder of parts as one zip file" }}>
                        { if one_file { "Download" } else { "Download .zip" } }
                    </button>
                }
            </div>
            if is_open {
                { details(job) }
            }
        </li>
    }
}

fn schedule_row(props: &JobsPanelProps, schedule: &ScheduleRecord) -> Html {
    let act = |action: ScheduleAction| {
        let cb = props.on_schedule_action.clone();
        let id = schedule.id.clone();
        Callback::from(move |_: MouseEvent| cb.emit((id.clone(), action)))
    };
    let next = match &schedule.next_run {
        Some(next) => format!("next {}", when_text(next)),
        None if schedule.enabled => "no next run".to_string(),
        None => "paused".to_string(),
    };
    let state = if schedule.enabled {
        "scheduled"
    } else {
        "paused"
    };
    html! {
        <li class={classes!("job", "schedule", state)} data-testid="schedule" data-state={state}>
            <div class="job-head">
                <span class="job-state"><code>{ &schedule.cron }</code></span>
                <span class="job-what">{ schedule.name.clone().unwrap_or_default() }</span>
            </div>
            <div class="job-figures" data-testid="schedule-next-run">{ next }</div>
            if let Some(last) = &schedule.last_run {
                <div class="job-output">{ match (&last.job_id, &last.error) {
                    (Some(job), _) => format!("last ran {} (job {job})", when_text(&last.at)),
                    (None, Some(error)) => format!("last time {}: {error}", when_text(&last.at)),
                    (None, None) => format!("last ran {}", when_text(&last.at)),
                } }</div>
            }
            <div class="job-actions">
                if schedule.enabled {
                    <button data-testid="pause-schedule" onclick={act(ScheduleAction::Pause)}>{ "Pause" }</button>
                } else {
                    <button data-testid="resume-schedule" onclick={act(ScheduleAction::Resume)}>{ "Resume" }</button>
                }
                <button data-testid="run-schedule" onclick={act(ScheduleAction::Run)}>{ "Run now" }</button>
                <button data-testid="remove-schedule" onclick={act(ScheduleAction::Remove)}>{ "Remove" }</button>
            </div>
        </li>
    }
}
