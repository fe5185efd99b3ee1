//! A file dropped anywhere on the page opens, as one dropped on the datasets panel's box
//! does; while one is dragged over the page, it says where it can go.

use yew::prelude::*;

pub(super) struct FileDrop {
    /// Whether a file is being dragged over the page.
    pub(super) dragging: bool,
    pub(super) ondragenter: Callback<DragEvent>,
    pub(super) ondragover: Callback<DragEvent>,
    pub(super) ondragleave: Callback<DragEvent>,
    pub(super) ondrop: Callback<DragEvent>,
}

/// Whether what is dragged holds files (not text or a link dragged from the page).
fn carries_files(e: &DragEvent) -> bool {
    e.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

#[hook]
pub(super) fn use_file_drop(on_file: &Callback<web_sys::File>) -> FileDrop {
    let dragging = use_state(|| false);
    // Enter and leave come for every element crossed: the drag is over the page while more
    // have entered than left.
    let depth = use_mut_ref(|| 0i32);
    let ondragenter = {
        let (dragging, depth) = (dragging.clone(), depth.clone());
        Callback::from(move |e: DragEvent| {
            if carries_files(&e) {
                e.prevent_default();
                *depth.borrow_mut() += 1;
                dragging.set(true);
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| {
        if carries_files(&e) {
            // Without this the browser opens the file itself instead of dropping it here.
            e.prevent_default();
        }
    });
    let ondragleave = {
        let (dragging, depth) = (dragging.clone(), depth.clone());
        Callback::from(move |_: DragEvent| {
            let mut depth = depth.borrow_mut();
            *depth = (*depth - 1).max(0);
            if *depth == 0 {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let (dragging, depth) = (dragging.clone(), depth.clone());
        let on_file = on_file.clone();
        Callback::from(move |e: DragEvent| {
            *depth.borrow_mut() = 0;
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                e.prevent_default();
                on_file.emit(file);
            }
        })
    };
    FileDrop {
        dragging: *dragging,
        ondragenter,
        ondragover,
        ondragleave,
        ondrop,
    }
}
