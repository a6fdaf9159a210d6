//! Component tests: the Yew app mounted in a real (headless) Chromium, driven through DOM events.
//!
//! CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --test web
//!
//! Each test clears localStorage, mounts `App` into its own fresh element, queries only inside it,
//! and unmounts it at the end. Waiting is by polling a condition, yielding to the browser between
//! polls (a zero-delay timer, so Yew's scheduler runs): no fixed sleeps.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use jixiao::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// How long a wait may take before it fails, in milliseconds. Rendering takes one or two yields; the
/// margin is for a loaded machine (Chrome clamps chained zero timers to 4 ms).
const WAIT_MS: f64 = 10_000.0;

/// Yields to the browser (a zero-delay timer) until `condition` holds or `WAIT_MS` has passed;
/// returns whether it held.
async fn poll(mut condition: impl FnMut() -> bool) -> bool {
    let deadline = js_sys::Date::now() + WAIT_MS;
    loop {
        if condition() {
            return true;
        }
        if js_sys::Date::now() > deadline {
            return false;
        }
        TimeoutFuture::new(0).await;
    }
}

struct Mounted {
    root: Element,
    handle: Option<AppHandle<App>>,
}

impl Mounted {
    /// A fresh element, empty storage, the app rendered into it.
    async fn new() -> Mounted {
        let window = web_sys::window().expect("a window");
        window.local_storage().expect("storage access").expect("localStorage").clear().expect("clear localStorage");
        let document = window.document().expect("a document");
        let root = document.create_element("div").expect("create a div");
        document.body().expect("a body").append_child(&root).expect("append the root");
        let handle = yew::Renderer::<App>::with_root(root.clone()).render();
        let mounted = Mounted { root, handle: Some(handle) };
        mounted.wait_for("the total", |m| m.find(r#"[data-testid="total-computed"]"#).is_some()).await;
        // The first frame draws the table's top; every row is there once data-partial has gone.
        mounted
            .wait_for("the whole table", |m| m.count(r#"[data-testid="score-table"]:not([data-partial])"#) == 1)
            .await;
        mounted
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("a valid selector")
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).expect("a valid selector").length()
    }

    fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.find(selector).and_then(|el| el.get_attribute(name))
    }

    fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default().trim().to_string()
    }

    fn total(&self) -> Option<String> {
        self.attr(r#"[data-testid="total-computed"]"#, "data-value")
    }

    /// Polls `condition`, yielding to the browser between tries, until it holds.
    async fn wait_for(&self, what: &str, condition: impl Fn(&Mounted) -> bool) {
        assert!(poll(|| condition(self)).await, "timed out waiting for {what}");
    }

    /// Waits until `selector`'s attribute is `expected`; fails showing what it was.
    async fn wait_for_attr(&self, selector: &str, name: &str, expected: &str) {
        if !poll(|| self.attr(selector, name).as_deref() == Some(expected)).await {
            assert_eq!(self.attr(selector, name).as_deref(), Some(expected), "{selector} [{name}]");
        }
    }

    /// Sets an input's text and fires the `input` event a keystroke would.
    fn type_into(&self, selector: &str, text: &str) {
        let input: HtmlInputElement = self.get(selector).dyn_into().expect("an <input>");
        input.set_value(text);
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init.set_data(Some(text));
        init.set_input_type("insertText");
        let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("an InputEvent");
        input.dispatch_event(&event).expect("dispatch input");
    }

    /// Fires the `change` event leaving the input (Enter, or the focus gone) fires: its entry is made.
    fn commit(&self, selector: &str) {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("change", &init).expect("an Event");
        self.get(selector).dispatch_event(&event).expect("dispatch change");
    }

    fn click(&self, selector: &str) {
        self.get(selector).dyn_into::<HtmlElement>().expect("an HTML element").click();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.clear();
        }
    }
}

const DEPT_07: &str = r#"[data-testid="indicator"][data-indicator-id="dept-07"]"#;

fn within(row: &str, testid: &str) -> String {
    format!(r#"{row} [data-testid="{testid}"]"#)
}

#[wasm_bindgen_test]
async fn the_sample_renders_with_its_total_and_indicators() {
    let app = Mounted::new().await;
    assert_eq!(app.total().as_deref(), Some("97.7794"));
    assert_eq!(app.text(r#"[data-testid="total-computed"]"#), "97.779");
    assert_eq!(app.text(r#"[data-testid="grade"]"#), "优");
    assert_eq!(app.count(r#"[data-testid="indicator"]"#), 32 + 15 + 7);
    assert_eq!(app.count(r#"[data-testid="indicator"][data-indicator-id^="dept-"]"#), 32);
    assert_eq!(app.count(r#"[data-testid="indicator"][data-indicator-id^="fund-out-"]"#), 15);
    assert_eq!(app.count(r#"[data-testid="indicator"][data-indicator-id^="fund-eff-"]"#), 7);
    assert_eq!(app.attr(&within(DEPT_07, "badge"), "data-status").as_deref(), Some("short"));
    assert_eq!(
        app.attr(&within(r#"[data-testid="node"][data-node-id="lz.dept"]"#, "node-score"), "data-value").as_deref(),
        Some("19.78125")
    );
}

#[wasm_bindgen_test]
async fn an_input_event_rescores_the_badge_and_the_total() {
    let app = Mounted::new().await;
    app.type_into(&within(DEPT_07, "actual-input"), "20");
    app.wait_for_attr(r#"[data-testid="total-computed"]"#, "data-value", "97.99815").await;
    assert_eq!(app.attr(&within(DEPT_07, "badge"), "data-status").as_deref(), Some("met"));
    assert_eq!(app.attr(&within(DEPT_07, "ratio"), "data-value").as_deref(), Some("1"));
    assert_eq!(
        app.attr(&within(r#"[data-testid="node"][data-node-id="lz.dept"]"#, "node-score"), "data-value").as_deref(),
        Some("20")
    );
    assert!(app.find(r#"[data-testid="dirty"]"#).is_some(), "an edit marks the work unsaved");
}

#[wasm_bindgen_test]
async fn a_bad_entry_shows_a_cell_error_and_the_total_stays() {
    let app = Mounted::new().await;
    app.type_into(&within(DEPT_07, "actual-input"), "18");
    app.wait_for_attr(&within(DEPT_07, "ratio"), "data-value", "0.9").await;
    let before = app.total();
    assert_eq!(before.as_deref(), Some("97.93565"));
    // 18 entered; then, back in the cell, text that is not a number.
    app.commit(&within(DEPT_07, "actual-input"));

    app.type_into(&within(DEPT_07, "actual-input"), "abc");
    app.wait_for("the cell error", |m| m.find(&within(DEPT_07, "cell-error")).is_some()).await;
    assert!(!app.text(&within(DEPT_07, "cell-error")).is_empty());
    assert_eq!(app.total(), before, "a bad entry must not change the total");
    assert_eq!(app.attr(&within(DEPT_07, "ratio"), "data-value").as_deref(), Some("0.9"));
    let input: HtmlInputElement = app.get(&within(DEPT_07, "actual-input")).dyn_into().unwrap();
    assert_eq!(input.value(), "abc", "what was typed stays visible");

    app.type_into(&within(DEPT_07, "actual-input"), "20");
    app.wait_for_attr(r#"[data-testid="total-computed"]"#, "data-value", "97.99815").await;
    assert!(app.find(&within(DEPT_07, "cell-error")).is_none());
}

#[wasm_bindgen_test]
async fn the_language_button_switches_the_header() {
    let app = Mounted::new().await;
    let header = ".score-table thead th";
    assert_eq!(app.text(header), "项目 / 指标");
    assert_eq!(app.text(r#"[data-testid="save-file"]"#), "保存");
    app.click(r#"[data-testid="lang"]"#);
    app.wait_for("the English header", |m| m.text(header) == "Item / indicator").await;
    assert_eq!(app.text(r#"[data-testid="save-file"]"#), "Save");
    assert_eq!(app.text(r#"[data-testid="lang"]"#), "中文");
    assert_eq!(app.total().as_deref(), Some("97.7794"), "the words change, not the numbers");
    app.click(r#"[data-testid="lang"]"#);
    app.wait_for("the Chinese header", |m| m.text(header) == "项目 / 指标").await;
}

/// The name cells' indent, formatted from integers: the base plus 1.2 em a level, one decimal.
#[wasm_bindgen_test]
fn the_name_indent_grows_by_1_2_em_a_level() {
    use jixiao::app::components::indent_style;
    let cases = [(2, 0, "0.2"), (2, 1, "1.4"), (6, 0, "0.6"), (6, 3, "4.2"), (6, 8, "10.2"), (0, 0, "0.0")];
    for (base, depth, em) in cases {
        assert_eq!(indent_style(base, depth), format!("padding-left: {em}em"), "base {base}, depth {depth}");
    }
}
