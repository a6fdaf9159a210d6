//! The workbook reader as a web worker: Trunk builds this binary beside the app (`data-type="worker"`
//! in index.html) and the page starts it the first time a workbook is opened, so calamine is not in
//! the page's first download. It only carries bytes to `jixiao::import::wire::answer` and the answer
//! back; the protocol is `wire`'s (docs/FORMAT.md, "The import worker").

#[cfg(target_arch = "wasm32")]
fn main() {
    use jixiao::import::wire::{self, Reply};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data();
        let field = |name: &str| js_sys::Reflect::get(&request, &JsValue::from_str(name)).ok();
        // A request the page did not send (no id) is not answered: nobody waits for it.
        let Some(id) = field(wire::ID).and_then(|v| v.as_f64()).filter(|id| *id >= 0.0 && *id <= f64::from(u32::MAX))
        else {
            return;
        };
        // A pasted table comes as its text; a workbook as its name and bytes.
        if let Some(text) = field(wire::TEXT).and_then(|v| v.as_string()) {
            let reply = wire::answer_pasted(id as u32, &text);
            let _ = reply_scope.post_message(&JsValue::from_str(&reply.to_json()));
            return;
        }
        let name = field(wire::NAME).and_then(|v| v.as_string()).unwrap_or_default();
        let bytes = field(wire::BYTES).map(|b| js_sys::Uint8Array::new(&b).to_vec()).unwrap_or_default();
        let reply = wire::answer(id as u32, &bytes, &name);
        let _ = reply_scope.post_message(&JsValue::from_str(&reply.to_json()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: so does its handler.
    on_message.forget();
    // Requests sent before this line would have been lost: the page waits for it.
    let _ = scope.post_message(&JsValue::from_str(&Reply::Ready.to_json()));
}

/// Natively there is nothing to run: `jixiao import` is the command.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("jixiao-import is the app's web worker (Trunk builds it); the command line is `jixiao import`.");
    std::process::exit(2);
}
