//! The browser app's entry point: mounts `jixiao::app::App`. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<jixiao::app::App>::new().render();
}

/// Native builds have nothing to mount; `jixiao` is the native command.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "jixiao-web is the browser app: build it with `trunk build` (see README.md). The command line is `jixiao`."
    );
    std::process::exit(2);
}
