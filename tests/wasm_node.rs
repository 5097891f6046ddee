//! The wasm API under Node: `wasm-pack test --node -- --features wasm --test wasm_node`.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

mod wasm;
