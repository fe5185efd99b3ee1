//! The server's jobs as the page shows them: listed when the page opens, asked for again
//! every second while one is queued or running, and the calls that start, cancel, open and
//! download them.

use crate::services::api;
use crate::services::types::{JobRecord, JobRequest};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub(super) struct JobHandles {
    pub(super) jobs: UseStateHandle<Vec<JobRecord>>,
    pub(super) run: Callback<JobRequest>,
    pub(super) cancel: Callback<String>,
    pub(super) download: Callback<String>,
}

#[hook]
pub(super) fn use_jobs(fail: &Callback<String>) -> JobHandles {
    let jobs = use_state(Vec::<JobRecord>::new);
    // Bumped to ask for the list again.
    let asked = use_state(|| 0u32);
    {
        let jobs = jobs.clone();
        let fail = fail.clone();
        use_effect_with(*asked, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::list_jobs().await {
                    Ok(list) => jobs.set(list),
                    Err(e) => fail.emit(format!("the jobs could not be listed: {e}")),
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
    }
}
