//! `wrangle serve`: the browser app and its JSON API over a store. With no `--store`, a
//! local folder (`wrangle-store/` in the current folder) is created and seeded with the
//! demo dataset, so it works with no set-up.

use crate::error::{Error, Result};
use crate::serve::{
    parse_allowed_host, router_with_hosts, seed_demo, Access, AllowedHosts, AppState, JobSettings,
    Limits, Store,
};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The store: a local folder (created when missing) or s3://BUCKET/PREFIX.
    #[arg(long, default_value = "wrangle-store")]
    pub store: String,
    /// The address to listen on. Anything other than loopback needs the access token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Another name the server answers to (repeatable, or comma-separated). Requests must
    /// name the server in their Host header: localhost, a loopback address and the --addr
    /// address are always accepted; serving on 0.0.0.0 behind a name or another address of
    /// the machine needs that name here. Others are refused, so that no web page can reach
    /// the server by pointing its own name at this machine.
    #[arg(
        long = "allowed-host",
        value_name = "NAME",
        env = "WRANGLE_ALLOWED_HOSTS",
        value_delimiter = ',',
        value_parser = parse_allowed_host
    )]
    pub allowed_hosts: Vec<String>,
    /// The access token API requests must carry (generated when binding beyond loopback).
    #[arg(long, env = "WRANGLE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The built browser app (what `scripts/build-ui` writes).
    #[arg(long, default_value = "target/ui-dist")]
    pub ui: PathBuf,
    /// Rows in a working set unless the app asks for another number.
    #[arg(long, default_value_t = Limits::default().working_set_rows)]
    pub working_set_rows: usize,
    /// The largest working set sent to the app, as an Arrow stream (`256M`, `1G`): a
    /// sample larger than this leaves rows out.
    #[arg(long, default_value = "256M", value_parser = crate::engine::session::parse_size)]
    pub working_set_bytes: usize,
    /// The largest dataset that can be uploaded, in bytes (`256M`, `1G`).
    #[arg(long, default_value = "256M", value_parser = crate::engine::session::parse_size)]
    pub max_upload: usize,
    /// How many jobs run at once; more wait in a queue.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: u16,
    /// The memory each job may hold (512M, 4G); its sorts, aggregates and joins spill to
    /// local disk beyond it.
    #[arg(long, value_parser = crate::engine::session::parse_size)]
    pub job_memory_limit: Option<usize>,
    /// Do not write the demo dataset into a new local store.
    #[arg(long)]
    pub no_demo: bool,
    /// Do not run schedules that come due (they can still be listed, changed and run by
    /// hand): for a second server over the same store.
    #[arg(long)]
    pub no_schedules: bool,
}

pub async fn run(args: &ServeArgs) -> Result<super::Outcome> {
    init_logging();
    let store = Store::open(&args.store)?;
    if !args.no_demo && store.local_root().is_some() {
        let seeded = seed_demo(&store).await.map_err(|e| Error::Output {
            uri: store.uri(),
            message: e.message,
        })?;
        if seeded {
            eprintln!("wrote the demo dataset to {}/demo", store.uri());
        }
    }
    let access = Access::for_address(&args.addr, args.token.clone());
    let hosts = AllowedHosts::new(args.addr.ip(), &args.allowed_hosts).map_err(Error::Usage)?;
    let limits = Limits {
        upload: args.max_upload,
        working_set_rows: args.working_set_rows,
        working_set_bytes: args.working_set_bytes as u64,
        ..Limits::default()
    };
    let store_uri = store.uri();
    let interrupted = crate::serve::jobs::record::mark_interrupted(&store)
        .await
        .map_err(|e| Error::Output {
            uri: store.uri(),
            message: e.message,
        })?;
    if interrupted > 0 {
        eprintln!(
            "{interrupted} jobs were running when the server last stopped: marked interrupted"
        );
    }
    let jobs = JobSettings {
        at_once: args.jobs.into(),
        memory_limit: args.job_memory_limit,
        ..JobSettings::for_this_program()
    };
    let state = Arc::new(AppState::new(store, access.clone(), limits, jobs));
    if !args.no_schedules {
        crate::serve::schedules::ticker::start(
            Arc::clone(&state.schedules),
            crate::serve::schedules::ticker::EVERY,
        );
    }
    let app = router_with_hosts(state, hosts, &args.ui);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| Error::Usage(format!("cannot listen on {}: {e}", args.addr)))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Engine(e.to_string()))?;
    let address = match &access.token {
        Some(token) => format!("http://{bound}/?token={token}"),
        None => format!("http://{bound}/"),
    };
    // The first line is the address (tests and scripts read it); the rest is for people.
    println!("Wrangle is serving {store_uri} at {address}");
    if !args.ui.join("index.html").is_file() {
        eprintln!(
            "note: the browser app is not built in {} (scripts/build-ui builds it); the API works",
            args.ui.display()
        );
    }
    eprintln!("Press Ctrl-C to stop.");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Error::Engine(e.to_string()))?;
    Ok(super::Outcome::Clean)
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("WRANGLE_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
