//! The recipe being edited: its steps (each on or off), the step whose result the grid
//! shows, the saved name and version, and the history for undo and redo. Every change is an
//! [`Edit`] applied by [`RecipeState::apply`], which returns the next state.

use std::rc::Rc;

/// How a step that is switched off is written in a recipe file: a comment the app reads
/// back as that step, switched off (batch runs skip it like any comment).
pub const OFF_MARKER: &str = "# off: ";

/// Undo goes back at most this many edits.
const HISTORY: usize = 200;

#[derive(Clone, Debug, PartialEq)]
pub struct StepEntry {
    /// Stable across edits, for the page's keys and for caching the table after the step.
    pub id: u64,
    pub text: String,
    pub enabled: bool,
    /// The comment and blank lines just above the step in the file, as they were: they
    /// move and go with the step, and are written back above it.
    pub notes: Vec<String>,
}

impl StepEntry {
    /// The comments above the step, without their `#`.
    pub fn comments(&self) -> impl Iterator<Item = &str> {
        self.notes
            .iter()
            .filter_map(|l| l.trim().strip_prefix('#'))
            .map(str::trim)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecipeState {
    pub steps: Vec<StepEntry>,
    /// The step after which the grid shows the data; `None`: after the last step.
    pub selected: Option<usize>,
    /// The name the recipe is saved under, and the version open.
    pub name: Option<String>,
    pub version: Option<u32>,
    /// Changed since it was opened or saved.
    pub dirty: bool,
    /// Lines of the file that belong to no step: before the first step's own comments (a
    /// title, separated from the step by a blank line), and after the last step.
    head: Vec<String>,
    /// Comments after the last step: written at the end of the file, and above the next
    /// step added at the end.
    tail: Vec<String>,
    past: Vec<Snapshot>,
    future: Vec<Snapshot>,
    next_id: u64,
}

/// What undo and redo go back and forth between: the steps, and the comments after them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Snapshot {
    steps: Vec<StepEntry>,
    tail: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Inserts a step at a position (the end when it is past the last step).
    Insert {
        at: usize,
        text: String,
    },
    Replace {
        at: usize,
        text: String,
    },
    Delete {
        at: usize,
    },
    /// Switches a step off or on.
    Toggle {
        at: usize,
    },
    Move {
        from: usize,
        to: usize,
    },
    Undo,
    Redo,
    /// Shows the data as it is after this step (`None`: after the last).
    Select(Option<usize>),
    /// Replaces the recipe by a recipe file's text (history starts again).
    Open {
        name: Option<String>,
        version: Option<u32>,
        text: String,
    },
    Saved {
        name: String,
        version: u32,
    },
    /// Replaces the recipe by unsaved steps kept from before (a reload): as `Open`, and
    /// still unsaved.
    Restore {
        name: Option<String>,
        version: Option<u32>,
        text: String,
    },
}

impl RecipeState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The step shown: `selected`, or the last step.
    pub fn shown(&self) -> Option<usize> {
        self.selected
            .filter(|&i| i < self.steps.len())
            .or_else(|| self.steps.len().checked_sub(1))
    }

    /// The row a leading `header row N` step (the first step that is on) names the
    /// columns from: the working set is read with it, as a batch run reads its input.
    pub fn header_row(&self) -> Option<u64> {
        let first = self.steps.iter().find(|s| s.enabled)?;
        wrangle_executor::planning::header_row(&wrangle_dsl::parse(&first.text).recipe)
    }

    /// The steps that are on, up to the one shown: what the grid shows the data after (an
    /// anomaly sample is taken after them).
    pub fn steps_to_shown(&self) -> String {
        let end = self.shown().map_or(0, |i| i + 1);
        self.steps[..end]
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.text.trim())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The last step, up to the one shown and switched on, that gives `column` (by its
    /// name there) the type `type_text`: where a step reading the text it converted goes.
    pub fn settype_position(&self, column: &str, type_text: &str) -> Option<usize> {
        let last = self.shown()?;
        (0..=last).rev().find(|&i| {
            let step = &self.steps[i];
            step.enabled && sets_type(&step.text, column, type_text)
        })
    }

    /// The comments after the last step, without their `#`.
    pub fn trailing_comments(&self) -> Vec<String> {
        self.tail
            .iter()
            .filter_map(|l| l.trim().strip_prefix('#'))
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    }

    /// Where a new step goes: after the step shown.
    pub fn insertion_point(&self) -> usize {
        self.shown().map_or(0, |i| i + 1)
    }

    /// The recipe file: one step a line, steps switched off as [`OFF_MARKER`] comments,
    /// and the file's comments where they were.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut line = |l: &str| {
            out.push_str(l);
            out.push('\n');
        };
        self.head.iter().for_each(|l| line(l));
        for step in &self.steps {
            step.notes.iter().for_each(|l| line(l));
            let off = if step.enabled { "" } else { OFF_MARKER };
            line(&format!("{off}{}", step.text.trim()));
        }
        self.tail.iter().for_each(|l| line(l));
        out
    }

    pub fn apply(self: &Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut next = (**self).clone();
        let changed = next.edit(edit);
        if changed {
            Rc::new(next)
        } else {
            // Nothing to change: the same state, so nothing renders again.
            self.clone()
        }
    }

    fn edit(&mut self, edit: Edit) -> bool {
        match edit {
            Edit::Select(at) => {
                let at = at.filter(|&i| i + 1 < self.steps.len());
                let changed = self.selected != at;
                self.selected = at;
                changed
            }
            Edit::Undo => self.travel(true),
            Edit::Redo => self.travel(false),
            Edit::Open {
                name,
                version,
                text,
            } => {
                *self = RecipeState {
                    name,
                    version,
                    next_id: self.next_id,
                    ..RecipeState::default()
                };
                let file = RecipeFile::parse(&text);
                self.head = file.head;
                self.tail = file.tail;
                self.steps = file
                    .steps
                    .into_iter()
                    .map(|(notes, text, enabled)| StepEntry {
                        notes,
                        ..self.entry(text, enabled)
                    })
                    .collect();
                true
            }
            Edit::Saved { name, version } => {
                self.name = Some(name);
                self.version = Some(version);
                self.dirty = false;
                true
            }
            Edit::Restore {
                name,
                version,
                text,
            } => {
                self.edit(Edit::Open {
                    name,
                    version,
                    text,
                });
                self.dirty = true;
                true
            }
            change => {
                let before = self.snapshot();
                let selected = self.change(change);
                if self.snapshot() == before {
                    return false;
                }
                self.past.push(before);
                if self.past.len() > HISTORY {
                    self.past.remove(0);
                }
                self.future.clear();
                self.selected = selected.filter(|&i| i + 1 < self.steps.len());
                self.dirty = true;
                true
            }
        }
    }

    /// Applies a change to the steps; returns the step to show after it.
    fn change(&mut self, change: Edit) -> Option<usize> {
        let n = self.steps.len();
        match change {
            // A comment is not a step: it goes above the step after it, as in the file
            // (after the last step: at the end, and above the next step added there).
            Edit::Insert { at, text } if is_comment(&text) => {
                let lines = text.lines().map(|l| l.trim().to_string());
                match self.steps.get_mut(at) {
                    Some(step) => step.notes.extend(lines),
                    None => self.tail.extend(lines),
                }
                self.selected
            }
            Edit::Insert { at, text } => {
                let at = at.min(n);
                let mut entry = self.entry(text.trim().to_string(), true);
                if at == n {
                    entry.notes = std::mem::take(&mut self.tail);
                }
                self.steps.insert(at, entry);
                Some(at)
            }
            Edit::Replace { at, text } if at < n => {
                self.steps[at].text = text.trim().to_string();
                Some(at)
            }
            Edit::Delete { at } if at < n => {
                self.steps.remove(at);
                at.checked_sub(1)
            }
            Edit::Toggle { at } if at < n => {
                self.steps[at].enabled = !self.steps[at].enabled;
                Some(at)
            }
            Edit::Move { from, to } if from < n && to < n => {
                let step = self.steps.remove(from);
                self.steps.insert(to, step);
                Some(to)
            }
            _ => self.selected,
        }
    }

    /// Back to the steps before the last edit (undo), or forward again (redo); the steps
    /// left go on the other stack. False when there is nowhere to go.
    fn travel(&mut self, back: bool) -> bool {
        let now = self.snapshot();
        let (from, to) = if back {
            (&mut self.past, &mut self.future)
        } else {
            (&mut self.future, &mut self.past)
        };
        let Some(earlier) = from.pop() else {
            return false;
        };
        to.push(now);
        self.steps = earlier.steps;
        self.tail = earlier.tail;
        self.selected = self.selected.filter(|&i| i + 1 < self.steps.len());
        self.dirty = true;
        true
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            steps: self.steps.clone(),
            tail: self.tail.clone(),
        }
    }

    fn entry(&mut self, text: String, enabled: bool) -> StepEntry {
        self.next_id += 1;
        StepEntry {
            id: self.next_id,
            text,
            enabled,
            notes: Vec::new(),
        }
    }
}

/// A recipe file read into steps: one step a line; comments and blank lines are not steps
/// (but a [`OFF_MARKER`] comment is a step switched off) and are kept with the step below
/// them, or before or after every step.
struct RecipeFile {
    head: Vec<String>,
    /// Each step's notes (the lines above it), text, and whether it is on.
    steps: Vec<(Vec<String>, String, bool)>,
    tail: Vec<String>,
}

impl RecipeFile {
    fn parse(text: &str) -> RecipeFile {
        let mut file = RecipeFile {
            head: Vec::new(),
            steps: Vec::new(),
            tail: Vec::new(),
        };
        let mut pending: Vec<String> = Vec::new();
        for raw in text.trim_start_matches('\u{feff}').lines() {
            let line = raw.trim();
            let step = match line.strip_prefix(OFF_MARKER.trim_end()) {
                Some(step) if !step.trim().is_empty() => Some((step.trim(), false)),
                _ if line.is_empty() || line.starts_with('#') => None,
                _ => Some((line, true)),
            };
            let Some((step, enabled)) = step else {
                pending.push(raw.trim_end().to_string());
                continue;
            };
            let mut notes = std::mem::take(&mut pending);
            if file.steps.is_empty() {
                // Up to the last blank line, the file's own comments; after it, the step's.
                let split = notes
                    .iter()
                    .rposition(|l| l.is_empty())
                    .map_or(0, |i| i + 1);
                file.head = notes.drain(..split).collect();
            }
            file.steps.push((notes, step.to_string(), enabled));
        }
        // No steps: the comments are the file's own, above any step added.
        if file.steps.is_empty() {
            file.head = pending;
        } else {
            file.tail = pending;
        }
        file
    }
}

/// Whether `text` is only comments (and blank lines), no step.
fn is_comment(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.clone().next().is_some()
        && lines.all(|l| l.starts_with('#') && !l.starts_with(OFF_MARKER))
}

/// Whether the step `text` is a `settype` giving `column` the type `type_text`.
fn sets_type(text: &str, column: &str, type_text: &str) -> bool {
    use wrangle_dsl::ast::StepKind;
    wrangle_dsl::parse(text)
        .recipe
        .steps()
        .any(|step| match &step.kind {
            StepKind::SetType { columns } => columns.iter().any(|(name, ty)| {
                name.text == column && wrangle_dsl::print::print_type(ty) == type_text
            }),
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(state: &RecipeState) -> Vec<(&str, bool)> {
        state
            .steps
            .iter()
            .map(|s| (s.text.as_str(), s.enabled))
            .collect()
    }

    fn with_steps(steps: &[&str]) -> Rc<RecipeState> {
        let mut state = Rc::new(RecipeState::new());
        for (i, text) in steps.iter().enumerate() {
            state = state.apply(Edit::Insert {
                at: i,
                text: text.to_string(),
            });
        }
        state
    }

    #[test]
    fn steps_are_added_after_the_step_shown() {
        let state = with_steps(&["drop a", "drop b"]);
        assert_eq!(state.insertion_point(), 2);
        let state = state.apply(Edit::Select(Some(0)));
        assert_eq!(state.insertion_point(), 1);
        let state = state.apply(Edit::Insert {
            at: state.insertion_point(),
            text: "drop c".into(),
        });
        assert_eq!(
            texts(&state),
            vec![("drop a", true), ("drop c", true), ("drop b", true)]
        );
        assert_eq!(state.shown(), Some(1));
    }

    #[test]
    fn a_settype_is_found_by_its_column_and_type_among_the_steps_on_up_to_the_one_shown() {
        let state = with_steps(&[
            "settype amount integer",
            "settype amount float, n integer",
            "rename amount to total",
            "settype total float",
        ]);
        assert_eq!(state.settype_position("amount", "float"), Some(1));
        assert_eq!(state.settype_position("amount", "integer"), Some(0));
        assert_eq!(state.settype_position("total", "float"), Some(3));
        assert_eq!(state.settype_position("amount", "date"), None);
        // Not past the step shown, and not a step switched off.
        let shown = state.apply(Edit::Select(Some(2)));
        assert_eq!(shown.settype_position("total", "float"), None);
        let off = state.apply(Edit::Toggle { at: 1 });
        assert_eq!(off.settype_position("amount", "float"), None);
    }

    #[test]
    fn a_comment_typed_goes_above_the_step_after_it_as_when_the_file_is_read_again() {
        let state = with_steps(&["drop a", "drop b"]);
        // Between two steps: above the second.
        let between = state.apply(Edit::Select(Some(0))).apply(Edit::Insert {
            at: 1,
            text: "# b is not needed".into(),
        });
        assert_eq!(between.steps.len(), 2);
        assert_eq!(between.steps[1].notes, vec!["# b is not needed"]);
        // At the end: after the steps, then above the next step added there.
        let at_end = state.apply(Edit::Insert {
            at: 2,
            text: "# then the totals".into(),
        });
        assert_eq!(at_end.steps.len(), 2);
        assert_eq!(at_end.trailing_comments(), vec!["then the totals"]);
        assert_eq!(at_end.text(), "drop a\ndrop b\n# then the totals\n");
        let added = at_end.apply(Edit::Insert {
            at: 2,
            text: "drop c".into(),
        });
        assert_eq!(added.steps[2].notes, vec!["# then the totals"]);
        assert!(added.trailing_comments().is_empty());
        // The same as reading the file written: one or the other, before and after.
        for state in [&between, &at_end, &added] {
            let reopened = Rc::new(RecipeState::new()).apply(Edit::Open {
                name: None,
                version: None,
                text: state.text(),
            });
            assert_eq!(texts(&reopened), texts(state));
            assert_eq!(reopened.text(), state.text());
        }
        // Undo takes a comment back like a step.
        let undone = at_end.apply(Edit::Undo);
        assert!(undone.trailing_comments().is_empty());
        assert_eq!(
            undone.apply(Edit::Redo).trailing_comments(),
            vec!["then the totals"]
        );
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let state = with_steps(&["drop a", "drop b"]);
        let state = state.apply(Edit::Replace {
            at: 1,
            text: "drop c".into(),
        });
        let state = state.apply(Edit::Delete { at: 0 });
        assert_eq!(texts(&state), vec![("drop c", true)]);
        let state = state.apply(Edit::Undo);
        assert_eq!(texts(&state), vec![("drop a", true), ("drop c", true)]);
        let state = state.apply(Edit::Undo);
        assert_eq!(texts(&state), vec![("drop a", true), ("drop b", true)]);
        let state = state.apply(Edit::Redo);
        assert_eq!(texts(&state), vec![("drop a", true), ("drop c", true)]);
        // A new edit forgets what could be redone.
        let state = state.apply(Edit::Toggle { at: 0 });
        assert!(!state.can_redo());
        assert_eq!(texts(&state), vec![("drop a", false), ("drop c", true)]);
    }

    #[test]
    fn nothing_to_do_is_the_same_state() {
        let state = with_steps(&["drop a"]);
        assert!(Rc::ptr_eq(&state, &state.apply(Edit::Delete { at: 5 })));
        let fresh = Rc::new(RecipeState::new());
        assert!(Rc::ptr_eq(&fresh, &fresh.apply(Edit::Undo)));
    }

    #[test]
    fn moving_a_step_and_reading_the_file_back() {
        let state = with_steps(&["drop a", "drop b", "drop c"]);
        let state = state.apply(Edit::Move { from: 2, to: 0 });
        let state = state.apply(Edit::Toggle { at: 1 });
        assert_eq!(state.text(), "drop c\n# off: drop a\ndrop b\n");
        let reopened = Rc::new(RecipeState::new()).apply(Edit::Open {
            name: Some("r".into()),
            version: Some(2),
            text: format!("# a comment\n\n{}", state.text()),
        });
        assert_eq!(texts(&reopened), texts(&state));
        assert!(!reopened.can_undo() && !reopened.dirty);
        // Unsaved steps kept from before a reload are still unsaved.
        let restored = Rc::new(RecipeState::new()).apply(Edit::Restore {
            name: Some("r".into()),
            version: Some(2),
            text: state.text(),
        });
        assert_eq!(texts(&restored), texts(&state));
        assert!(restored.dirty && restored.version == Some(2));
    }

    #[test]
    fn comments_are_kept_with_their_steps() {
        let file = "# Flights: delays by carrier\n\n# only real flights\nkeep rows where dep_delay > 0 # late\n\n# off: drop year\n# why\ndrop month\n# the end\n";
        let opened = Rc::new(RecipeState::new()).apply(Edit::Open {
            name: None,
            version: None,
            text: file.into(),
        });
        assert_eq!(opened.text(), file, "read and written back as it was");
        assert_eq!(
            opened.steps[0].comments().collect::<Vec<_>>(),
            vec!["only real flights"]
        );
        assert_eq!(opened.steps[0].text, "keep rows where dep_delay > 0 # late");
        // A comment moves with its step, and goes when the step is deleted.
        let moved = opened.apply(Edit::Move { from: 2, to: 0 });
        assert!(moved
            .text()
            .starts_with("# Flights: delays by carrier\n\n# why\ndrop month\n"));
        let deleted = moved.apply(Edit::Delete { at: 0 });
        assert!(!deleted.text().contains("why"));
        assert!(deleted
            .apply(Edit::Undo)
            .text()
            .contains("# why\ndrop month"));
    }

    #[test]
    fn a_file_of_comments_keeps_them_above_the_steps_added() {
        let opened = Rc::new(RecipeState::new()).apply(Edit::Open {
            name: None,
            version: None,
            text: "\u{feff}# Cleans the orders\n# off:\n".into(),
        });
        assert!(opened.steps.is_empty(), "a bare `# off:` is a comment");
        let added = opened.apply(Edit::Insert {
            at: 0,
            text: "drop a".into(),
        });
        assert_eq!(added.text(), "# Cleans the orders\n# off:\ndrop a\n");
    }

    #[test]
    fn a_leading_header_step_says_where_the_names_are() {
        assert_eq!(
            with_steps(&["header row 3", "drop a"]).header_row(),
            Some(3)
        );
        assert_eq!(with_steps(&["header"]).header_row(), Some(1));
        assert_eq!(with_steps(&["drop a", "header"]).header_row(), None);
        let off = with_steps(&["header row 2", "drop a"]).apply(Edit::Toggle { at: 0 });
        assert_eq!(off.header_row(), None, "switched off");
    }

    #[test]
    fn saving_records_the_version() {
        let state = with_steps(&["drop a"]);
        assert!(state.dirty);
        let state = state.apply(Edit::Saved {
            name: "r".into(),
            version: 3,
        });
        assert!(!state.dirty);
        assert_eq!((state.name.as_deref(), state.version), (Some("r"), Some(3)));
    }
}
