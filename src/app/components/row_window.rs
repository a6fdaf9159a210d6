//! A long table drawn a window at a time (`app::window` decides, this measures and follows the
//! viewport): the calculator's table of thousands of indicators and the desk's list of a thousand
//! files. The table puts its lines in `<tbody data-chunk>`s of `CHUNK` lines each and, for a chunk
//! this says not to draw, one `gap` standing in at the chunk's height.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::app::window::{ChunkHeights, Shown};

/// Which chunks of a table to draw, for one render.
pub struct RowWindow {
    /// More lines than the table draws whole, and not printing (printing draws every line).
    pub windowed: bool,
    shown: Shown,
    heights: Rc<RefCell<ChunkHeights>>,
}

impl RowWindow {
    pub fn draws(&self, chunk: usize) -> bool {
        !self.windowed || self.shown.contains(chunk)
    }

    /// The empty row standing in for chunk `chunk`, `columns` wide; `class` styles it (no padding,
    /// no border).
    pub fn gap(&self, chunk: usize, columns: usize, class: &'static str) -> Html {
        let height = self.heights.borrow().height(chunk).round() as u64;
        html! {
            <tbody key={chunk} data-chunk={chunk.to_string()} data-gap="true" {class} aria-hidden="true">
                <tr><td colspan={columns.to_string()} style={format!("height: {height}px")}></td></tr>
            </tbody>
        }
    }
}

/// The window over `table` (a `<table>` whose chunks are `<tbody data-chunk>`), for `lines` lines,
/// windowed beyond `window_from`. It measures the chunks drawn when the lines or the window change,
/// and follows scrolling and resizing; printing draws every line.
#[hook]
pub fn use_row_window(table: NodeRef, lines: usize, window_from: usize) -> RowWindow {
    let heights = use_mut_ref(ChunkHeights::default);
    let shown = use_state_eq(Shown::default);
    let printing = use_state_eq(|| false);
    let windowed = lines > window_from && !*printing;
    heights.borrow_mut().fit(lines);
    // Not on every draw: an edit that changes neither would pay for a forced layout.
    {
        let (table, heights, shown) = (table.clone(), heights.clone(), shown.clone());
        use_effect_with((lines, *shown, windowed), move |(_, _, windowed)| {
            if *windowed {
                follow_viewport(&table, &heights, &shown);
            }
        });
    }
    {
        let (heights, shown, printing) = (heights.clone(), shown.clone(), printing.clone());
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|window| {
                let follow = move |_: &Event| follow_viewport(&table, &heights, &shown);
                let print = |on: bool| {
                    let printing = printing.clone();
                    move |_: &Event| printing.set(on)
                };
                [
                    EventListener::new(&window, "scroll", follow.clone()),
                    EventListener::new(&window, "resize", follow),
                    EventListener::new(&window, "beforeprint", print(true)),
                    EventListener::new(&window, "afterprint", print(false)),
                ]
            });
            move || drop(listeners)
        });
    }
    RowWindow { windowed, shown: *shown, heights }
}

/// Measures the chunks drawn and moves the window to the chunks within a screen of the viewport.
fn follow_viewport(table: &NodeRef, heights: &RefCell<ChunkHeights>, shown: &UseStateHandle<Shown>) {
    let Some(table) = table.cast::<HtmlElement>() else { return };
    let Ok(chunks) = table.query_selector_all("tbody[data-chunk]") else { return };
    let mut heights = heights.borrow_mut();
    let mut first_top = None;
    for i in 0..chunks.length() {
        let Some(chunk) = chunks.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else { continue };
        first_top.get_or_insert_with(|| page_top(&chunk));
        if !chunk.has_attribute("data-gap") {
            if let Some(index) = chunk.get_attribute("data-chunk").and_then(|c| c.parse().ok()) {
                heights.record(index, f64::from(chunk.offset_height()));
            }
        }
    }
    let (Some(top), Some(window)) = (first_top, web_sys::window()) else { return };
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let view = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
    // Half a screen above and below: Enter into the next row, or a step of the scroll wheel, finds it
    // drawn; a page down draws the next ones in the scroll event's frame.
    shown.set(heights.overlapping(scrolled - top - view / 2.0, scrolled - top + 1.5 * view));
}

/// An element's top from the top of the page.
fn page_top(element: &HtmlElement) -> f64 {
    let mut top = f64::from(element.offset_top());
    let mut parent = element.offset_parent();
    while let Some(ancestor) = parent.and_then(|p| p.dyn_into::<HtmlElement>().ok()) {
        top += f64::from(ancestor.offset_top());
        parent = ancestor.offset_parent();
    }
    top
}
