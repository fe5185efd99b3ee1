//! What the API answers, as `docs/api.md` describes it: the server's own types.

pub use wrangle_executor::api_types::{
    DatasetEntry, DatasetListing, JobRecord, JobRequest, JobState, RecipeData, RecipeSummary,
    RecipeVersion, SaveRecipe, ScheduleRecord, ScheduleRequest, ScheduleRun,
};
pub use wrangle_executor::sample_api::{
    CollectedSample, Sample, SampleProgress, WorkingSetRequest,
};

/// A working set as the server sent it.
pub struct WorkingSetBytes {
    pub bytes: Vec<u8>,
    pub rows: u64,
    pub total_rows: Option<u64>,
    pub size: u64,
    /// The sample in the server's words (`random rows (seed 1)`).
    pub sample: Option<String>,
    /// The byte cap the server left rows out to stay under.
    pub cut_to_bytes: Option<u64>,
}
