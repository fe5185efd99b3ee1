//! The server's jobs as the page shows them: listed when the page opens, asked for again
//! every second while one is queued or running, and the calls that start, cancel, open and
//! download them; and its schedules, listed with the jobs, and the calls that make, pause,
//! resume, run and remove them.

use super::super::jobs_panel::ScheduleAction;
use crate::services::api;
use crate::services::types::{JobRecord, JobRequest, ScheduleRecord, ScheduleRequest};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub(super) struct JobHandles {
    pub(super) jobs: UseStateHandle<Vec<JobRecord>>,
    pub(super) run: Callback<JobRequest>,
    pub(super) cancel: Callback<String>,
    pub(super) download: Callback<String>,
    pub(super) schedules: UseStateHandle<Vec<ScheduleRecord>>,
    /// The server's answer to the schedule last made (it says when it next runs).
    pub(super) scheduled: UseStateHandle<Option<ScheduleRecord>>,
    pub(super) schedule: Callback<ScheduleRequest>,
    pub(super) change_schedule: Callback<(String, ScheduleAction)>,
}

#[hook]
pub(super) fn use_jobs(fail: &Callback<String>) -> JobHandles {
    let jobs = use_state(Vec::<JobRecord>::new);
    let schedules = use_state(Vec::<ScheduleRecord>::new);
    let scheduled = use_state(|| None::<ScheduleRecord>);
    // Bumped to ask for the list again.
    let asked = use_state(|| 0u32);
    {
        let jobs = jobs.clone();
        let schedules = schedules.clone();
        let fail = fail.clone();
        use_effect_with(*asked, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::list_jobs().await {
                    Ok(list) => jobs.set(list),
                    Err(e) => fail.emit(format!("the jobs could not be listed: {e}")),
                }
                match api::list_schedules().await {
                    Ok(list) => schedules.set(list),
                    Err(e) => fail.emit(format!("the schedules could not be listed: {e}")),
                }
            });
        });
    }
    {
        // While a job lives, its record is asked for again in a second.
        let asked = asked.clone();
        let live = jobs.iter().any(|j| j.state.is_live());
        use_effect_with((live, (*jobs).clone()), move |(live, _)| {
            let timer = live
                .then(|| {
                    let asked = asked.clone();
                    let again = Closure::once(move || asked.set(*asked + 1));
                    let id = web_sys::window()?
                        .set_timeout_with_callback_and_timeout_and_arguments_0(
                            again.as_ref().unchecked_ref(),
                            1000,
                        )
                        .ok()?;
                    Some((id, again))
                })
                .flatten();
            move || {
                if let (Some((id, _again)), Some(window)) = (timer, web_sys::window()) {
                    window.clear_timeout_with_handle(id);
                }
            }
        });
    }
    let refresh = {
        let asked = asked.clone();
        Callback::from(move |_: ()| asked.set(*asked + 1))
    };
    let run = {
        let fail = fail.clone();
        let refresh = refresh.clone();
        Callback::from(move |request: JobRequest| {
            let fail = fail.clone();
            let refresh = refresh.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::submit_job(&request).await {
                    Ok(_) => refresh.emit(()),
                    Err(e) => fail.emit(format!("the job was not started: {e}")),
                }
            });
        })
    };
    let schedule = {
        let fail = fail.clone();
        let refresh = refresh.clone();
        let scheduled = scheduled.clone();
        Callback::from(move |request: ScheduleRequest| {
            let fail = fail.clone();
            let refresh = refresh.clone();
            let scheduled = scheduled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::create_schedule(&request).await {
                    Ok(record) => {
                        scheduled.set(Some(record));
                        refresh.emit(());
                    }
                    Err(e) => fail.emit(format!("the schedule was not made: {e}")),
                }
            });
        })
    };
    let change_schedule = {
        let fail = fail.clone();
        let refresh = refresh.clone();
        let scheduled = scheduled.clone();
        Callback::from(move |(id, action): (String, ScheduleAction)| {
            let fail = fail.clone();
            let refresh = refresh.clone();
            let scheduled = scheduled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = match action {
                    ScheduleAction::Pause => api::change_schedule(&id, "pause").await.map(drop),
                    ScheduleAction::Resume => api::change_schedule(&id, "resume").await.map(drop),
                    ScheduleAction::Run => api::run_schedule(&id).await.map(drop),
                    ScheduleAction::Remove => api::remove_schedule(&id).await.map(drop),
                };
                match done {
                    Ok(()) => {
                        if scheduled.as_ref().is_some_and(|s| s.id == id) {
                            scheduled.set(None);
                        }
                        refresh.emit(());
                    }
                    Err(e) => fail.emit(format!("schedule {id}: {e}")),
                }
            });
        })
    };
    let cancel = {
        let fail = fail.clone();
        Callback::from(move |id: String| {
            let fail = fail.clone();
            let refresh = refresh.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match api::cancel_job(&id).await {
                    Ok(_) => refresh.emit(()),
                    Err(e) => fail.emit(format!("job {id} was not cancelled: {e}")),
                }
            });
        })
    };
    let download = {
        let fail = fail.clone();
        Callback::from(move |path: String| {
            let fail = fail.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = api::download(&path).await {
                    fail.emit(format!("{path} was not downloaded: {e}"));
                }
            });
        })
    };
    JobHandles {
        jobs,
        run,
        cancel,
        download,
        schedules,
        scheduled,
        schedule,
        change_schedule,
    }
}
