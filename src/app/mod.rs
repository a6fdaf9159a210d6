//! The browser app. `state`, `i18n` and `window` are plain Rust and tested natively; the components, the
//! effects (autosave, downloads, file reading) and the mounting exist only in the wasm build.

pub mod i18n;
pub mod state;
pub mod window;

#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod effects;

#[cfg(target_arch = "wasm32")]
pub use components::app::App;
