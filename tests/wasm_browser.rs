//! The wasm API in headless Chromium:
//! `wasm-pack test --headless --chrome -- --features wasm --test wasm_browser`.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod wasm;
