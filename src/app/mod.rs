//! The browser app. `state` and `window` are plain Rust and tested natively; the components, the
//! effects (autosave, downloads, file reading) and the mounting exist only in the wasm build.

pub mod desk;
pub mod month_grid;
pub mod state;
pub mod window;

#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod effects;
#[cfg(target_arch = "wasm32")]
pub mod workbook;

#[cfg(target_arch = "wasm32")]
pub use components::app::App;
