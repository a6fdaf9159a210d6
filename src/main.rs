//! The browser app's entry point: mounts `jixiao::app::App`. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic stops the app (the release build aborts): the console gets the details, the user a
    // message on top of the page instead of a page that silently stopped answering. Set through Yew,
    // which otherwise replaces any hook with its own when it renders.
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_notice();
    }));
    #[cfg(feature = "test-hooks")]
    install_test_hooks();
    yew::Renderer::<jixiao::app::App>::new().render();
}

/// The text is static (nothing from the panic or the file reaches the page) and the markup needs no
/// script: the reload link is a plain link to the page itself. Shown once, however many panics follow.
#[cfg(target_arch = "wasm32")]
fn show_panic_notice() {
    const ID: &str = "jixiao-panic";
    const HTML: &str = concat!(
        r#"<div style="max-width:36rem;padding:1.5rem 2rem;border:2px solid #b42318;border-radius:8px;background:#fff">"#,
        r#"<p style="margin:0 0 .5rem;font-size:1.25rem;font-weight:600">出错了。请刷新页面；您的工作已自动保存。</p>"#,
        r#"<p lang="en" style="margin:0 0 1rem">Something went wrong. Reload; your work is autosaved.</p>"#,
        r#"<a href="" data-testid="panic-reload" style="font-weight:600">刷新页面 · Reload</a>"#,
        r#"</div>"#,
    );
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id(ID).is_some() {
        return;
    }
    let (Ok(notice), Some(body)) = (document.create_element("div"), document.body()) else { return };
    notice.set_id(ID);
    let _ = notice.set_attribute("role", "alertdialog");
    let _ = notice.set_attribute("aria-modal", "true");
    let _ = notice.set_attribute("data-testid", "panic");
    let _ = notice.set_attribute(
        "style",
        "position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;\
         background:rgba(255,255,255,.94);color:#1a1a1a;font:16px/1.6 system-ui,sans-serif;text-align:center",
    );
    notice.set_inner_html(HTML);
    let _ = body.append_child(&notice);
}

/// The poisoned build only (`--features test-hooks`): `window.__jixiaoPanic()` panics inside the
/// wasm, as a bug would, so the E2E suite can see what the user sees.
#[cfg(all(target_arch = "wasm32", feature = "test-hooks"))]
fn install_test_hooks() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let panic = Closure::<dyn Fn()>::new(|| panic!("deliberate panic: the test-hooks build's window.__jixiaoPanic()"));
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__jixiaoPanic".into(), panic.as_ref().unchecked_ref());
    }
    panic.forget();
}

/// Native builds have nothing to mount; `jixiao` is the native command.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "jixiao-web is the browser app: build it with `trunk build` (see README.md). The command line is `jixiao`."
    );
    std::process::exit(2);
}
