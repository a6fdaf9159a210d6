//! The view: components turn events into `Action`s and draw `AppState`. No scoring happens here.

pub mod app;
pub mod desk;
pub mod export_menu;
pub mod import_preview;
pub mod indicator_row;
pub mod inline_edit;
pub mod modal;
pub mod notices;
pub mod number_cell;
pub mod project_texts;
pub mod review;
pub mod row_window;
pub mod rule_input;
pub mod side_by_side;
pub mod structure_controls;
pub mod summary;
pub mod table;
pub mod toolbar;
pub mod welcome;
pub mod whatif_bar;
pub mod whose;

use yew::prelude::*;

use super::state::{invalid_input, Action, Drafts, Notice};
use crate::domain::InputKey;

/// The drafts, for the structure editor's number boxes (the table's cells get theirs as props, so
/// that a row re-renders only when its own change). Equal while the same map.
#[derive(Clone, Default)]
pub struct DraftsContext(pub std::rc::Rc<Drafts>);

impl PartialEq for DraftsContext {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The reducer's dispatcher, shared through a context: rows sit three levels below the app.
#[derive(Clone, PartialEq)]
pub struct Dispatch(pub Callback<Action>);

#[hook]
pub fn use_dispatch() -> Callback<Action> {
    use_context::<Dispatch>().map(|d| d.0).unwrap_or_default()
}

/// The `ref` for a `<select>` that shows `value`, whatever the user picked in it before. An option's
/// `selected` only decides what a select shows until the user first picks one: after that, undo,
/// redo or a switch of scenario changed the model but left the select showing the old choice (and
/// the next edit went where the select did not say). Set after every render; call it whether or
/// not the select is drawn (hooks cannot be conditional), its ref then points at nothing.
#[hook]
pub fn use_select_value(value: String) -> NodeRef {
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect(move || {
            if let Some(select) = select.cast::<web_sys::HtmlSelectElement>() {
                if select.value() != value {
                    select.set_value(&value);
                }
            }
        });
    }
    select
}

/// The `ref` for an element whose height the stylesheets need: the document's CSS property `name`
/// follows the element's height as it changes (a ResizeObserver), so that the table's header sticks
/// below the summary that also sticks, and what is scrolled to lands below both (styles/table.css).
/// Without ResizeObserver the stylesheets' fallbacks apply.
#[hook]
pub fn use_height_property(name: &'static str) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let observer = observe_height(&node, name);
            move || {
                if let Some((observer, _callback)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    node
}

type ResizeCallback = wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>;

fn observe_height(node: &NodeRef, name: &'static str) -> Option<(web_sys::ResizeObserver, ResizeCallback)> {
    use wasm_bindgen::JsCast;
    let element = node.cast::<web_sys::HtmlElement>()?;
    let root = web_sys::window()?.document()?.document_element()?.dyn_into::<web_sys::HtmlElement>().ok()?;
    let measured = element.clone();
    let callback = ResizeCallback::new(move |_entries: js_sys::Array| {
        let _ = root.style().set_property(name, &format!("{}px", measured.offset_height()));
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some((observer, callback))
}

/// Saving or exporting while cells hold text that is not a number would write their last valid
/// values, not what the screen shows: instead the first such cell is shown and a notice says why.
/// True when it refused.
pub fn refuse_invalid_input(drafts: &Drafts, dispatch: &Callback<Action>) -> bool {
    let Some((count, key, draft)) = invalid_input(drafts) else { return false };
    let (row, indicator) = (key.owner(), key.is_indicator());
    // A number box of the table's shape is shown while the structure is edited (the year is above
    // the table, always).
    if (key.is_structure() && *key != InputKey::Year) || matches!(key, InputKey::Reported(_)) {
        dispatch.emit(Action::SetEditing(true));
    }
    dispatch.emit(Action::Reveal(row.to_string()));
    dispatch.emit(Action::Notify(Notice::InvalidInput { count, first: draft.text.clone() }));
    crate::app::effects::jump_to_row(row, indicator);
    true
}

/// Props holding the reducer's `Rc`s compare them by identity (`Rc::ptr_eq`): the reducer makes a new
/// `Rc` when the value changes, and comparing two evaluations of 2,000 indicators value by value on
/// every keystroke cost more than drawing what changed.
pub fn same<T>(a: &std::rc::Rc<T>, b: &std::rc::Rc<T>) -> bool {
    std::rc::Rc::ptr_eq(a, b)
}

/// A name cell's indent for its depth in the tree: `base_tenths` tenths of an em, plus 1.2 em a level.
/// Integer arithmetic: formatting an f32 for every row was a measurable part of the first render.
pub fn indent_style(base_tenths: usize, depth: usize) -> String {
    let tenths = base_tenths + 12 * depth;
    format!("padding-left: {}.{}em", tenths / 10, tenths % 10)
}
